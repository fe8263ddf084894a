#include <catch2/catch.hpp>

#include "util/charset.h"
#include "util/display_width.h"
#include "util/error.h"
#include "util/parse.h"

using namespace tradedig;

TEST_CASE("years are read from the date shapes firm lists use") {
  CHECK(parse_year("2005") == 2005);
  CHECK(parse_year(" 2005.0 ") == 2005);
  CHECK(parse_year("2005-03-01") == 2005);
  CHECK(parse_year("2005/3/1") == 2005);
  CHECK(parse_year("20050301") == 2005);
  CHECK(parse_year("200503") == 2005);
  CHECK(parse_year("1984年12月") == 1984);
  CHECK(parse_year("2005-03-01 00:00:00") == 2005);
}

TEST_CASE("text that is not a year is rejected rather than read as zero") {
  CHECK_FALSE(parse_year(""));
  CHECK_FALSE(parse_year("二零零五"));
  CHECK_FALSE(parse_year("05"));
  CHECK_FALSE(parse_year("2005-13-01"));
  CHECK_FALSE(parse_year("2005-02-30"));
  CHECK_FALSE(parse_year("1700"));
  CHECK_FALSE(parse_year("2005abc"));
}

TEST_CASE("dates are normalised to ISO and invalid calendar dates are refused") {
  CHECK(parse_date("2005/3/1") == "2005-03-01");
  CHECK(parse_date("20240229") == "2024-02-29");
  CHECK(parse_date("2023-10-18 10:27:25") == "2023-10-18");
  CHECK(parse_date("2021年8月16日") == "2021-08-16");
  CHECK_FALSE(parse_date("20230229"));
  CHECK_FALSE(parse_date("2005-03"));
}

TEST_CASE("numbers parse strictly") {
  CHECK(parse_double("12000.5") == 12000.5);
  CHECK(parse_double(" -1e-3 ") == -0.001);
  CHECK_FALSE(parse_double("1,200"));
  CHECK_FALSE(parse_double("nan"));
  CHECK_FALSE(parse_double("12 kg"));
  CHECK(parse_int("42.0") == 42);
  CHECK_FALSE(parse_int("42.5"));
}

TEST_CASE("doubles are printed in their shortest exact form") {
  CHECK(format_double(0.1) == "0.1");
  CHECK(format_double(42) == "42");
  CHECK(*parse_double(format_double(1.0 / 3.0)) == 1.0 / 3.0);
}

TEST_CASE("splitting on several separators drops empty pieces and trims") {
  auto v = split_any("甲公司；乙公司 | 丙公司;;", {";", "；", "|"});
  REQUIRE(v.size() == 3);
  CHECK(v[0] == "甲公司");
  CHECK(v[1] == "乙公司");
  CHECK(v[2] == "丙公司");
}

TEST_CASE("GBK bytes are detected and converted to UTF-8") {
  // "杭州" in GBK is BA BC D6 DD.
  std::string gbk = "\xBA\xBC\xD6\xDD,1\n";
  CHECK_FALSE(is_valid_utf8(gbk));
  CHECK(detect_encoding(gbk) == "gb18030");
  CHECK(to_utf8(gbk, "gbk") == "杭州,1\n");
}

TEST_CASE("a multi-byte GBK character split across chunks is carried over") {
  Utf8Converter conv("gb18030");
  std::string out;
  conv.convert("\xBA\xBC\xD6", false, out);
  conv.convert("\xDD", true, out);
  CHECK(out == "杭州");
}

TEST_CASE("UTF-8 with a BOM is detected as UTF-8") {
  CHECK(detect_encoding("\xEF\xBB\xBF企业名称") == "utf-8");
  CHECK(is_valid_utf8("企业", false));
  CHECK(is_valid_utf8(std::string("企业").substr(0, 4), true));
  CHECK_FALSE(is_valid_utf8(std::string("企业").substr(0, 4), false));
}

TEST_CASE("unknown encodings are a user error") {
  CHECK_THROWS_AS(canonical_encoding("latin-9"), UserError);
  CHECK(canonical_encoding("GBK") == "gb18030");
  CHECK(canonical_encoding("UTF-8") == "utf-8");
}

TEST_CASE("Chinese characters take two terminal columns") {
  CHECK(display_width("abc") == 3);
  CHECK(display_width("浙江") == 4);
  CHECK(display_width("ＡＢ") == 4);
  CHECK(pad_to_width("浙江", 6) == "浙江  ");
  CHECK(display_width(truncate_to_width("杭州海天纺织进出口有限公司", 9)) <= 9);
}
