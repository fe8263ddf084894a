#include "measure/hs_concordance.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <string>

#include "db/import.h"
#include "db/schema.h"
#include "measure/quality_run.h"
#include "tests/test_support.h"
#include "util/error.h"

using namespace tradedig;
using namespace tradedig::measure;

namespace {

// Customs rows in columns; product codes are given as text and coded in order of first use.
struct Customs {
  db::CustomsColumns c;
  Customs() {
    c.firm_names = {"F"};
    c.dest_names = {"US"};
    c.mode_names = {"一般贸易"};
  }
  void add(const std::string& hs, int16_t year, double v, double q) {
    auto it = std::find(c.product_codes.begin(), c.product_codes.end(), hs);
    if (it == c.product_codes.end()) it = c.product_codes.insert(c.product_codes.end(), hs);
    c.product.push_back(static_cast<int32_t>(it - c.product_codes.begin()));
    c.firm.push_back(0);
    c.dest.push_back(0);
    c.mode.push_back(0);
    c.year.push_back(year);
    c.month.push_back(1);
    c.value.push_back(v);
    c.quantity.push_back(q);
  }
};

// The six rows every test below maps: r1 has no entry for 2008, r4 is one-to-many, r5 is unknown.
Customs six_rows() {
  Customs x;
  x.add("85171210", 2005, 100, 10);  // r0 → 85171200
  x.add("85171210", 2008, 50, 5);    // r1: the entry ends in 2006 → unmapped
  x.add("85171220", 2005, 70, 7);    // r2 → 85171200
  x.add("61091000", 2010, 40, 4);    // r3: identity entry with open years → mapped
  x.add("62034200", 2005, 90, 9);    // r4 → 62034210 and 62034290
  x.add("84713000", 2005, 20, 2);    // r5: not in the file → unmapped
  return x;
}

std::string code_of(const HsHarmonisation& h, size_t row) {
  return h.customs.product_codes[static_cast<size_t>(h.customs.product[row])];
}

}  // namespace

TEST_CASE("HS codes of each year map to the target vintage; one-to-many go to the first target", "[hs_concordance]") {
  testing::ScratchDir dir;
  auto conc = load_hs_concordance(dir.write("c.csv",
                                            "from_hs,to_hs,year_from,year_to\n"
                                            "85171210,85171200,,2006\n"
                                            "85171220,85171200,,2006\n"
                                            "61091000,61091000,,\n"
                                            "62034200,62034210,2002,2006\n"
                                            "62034200,62034290,2002,2006\n"));
  CHECK(conc.digits == 8);
  CHECK_FALSE(conc.weighted);
  CHECK(conc.rows == 5);
  auto h = harmonise_hs(six_rows().c, conc);
  REQUIRE(h.customs.size() == 6);
  const char* expected[] = {"85171200", "85171210", "85171200", "61091000", "62034210", "84713000"};
  for (size_t i = 0; i < 6; ++i) CHECK(code_of(h, i) == expected[i]);
  CHECK(h.customs.product_codes ==
        std::vector<std::string>{"61091000", "62034210", "84713000", "85171200", "85171210"});
  CHECK(h.report.rows_in == 6);
  CHECK(h.report.rows_mapped == 4);
  CHECK(h.report.rows_unmapped == 2);
  CHECK(h.report.rows_one_to_many == 1);
  CHECK(h.report.rows_added == 0);
  CHECK(h.report.codes_mapped == 4);    // 85171210 (2005), 85171220, 61091000, 62034200
  CHECK(h.report.codes_unmapped == 2);  // 85171210 (2008), 84713000
  CHECK(h.report.unmapped_examples == std::vector<std::string>{"85171210", "84713000"});
  CHECK(h.report.split_rule == "first target");
  CHECK(h.customs.value[4] == 90);  // moved whole
}

TEST_CASE("with weights a one-to-many row is split and value and quantity are kept", "[hs_concordance]") {
  testing::ScratchDir dir;
  // Weights 2 and 1 → parts 2/3 and 1/3 of r4's value 90 and quantity 9.
  auto conc = load_hs_concordance(dir.write("c.csv",
                                            "from_hs,to_hs,year_from,year_to,weight\n"
                                            "85171210,85171200,,2006,1\n"
                                            "85171220,85171200,,2006,1\n"
                                            "61091000,61091000,,,1\n"
                                            "62034200,62034210,2002,2006,2\n"
                                            "62034200,62034290,2002,2006,1\n"));
  CHECK(conc.weighted);
  auto h = harmonise_hs(six_rows().c, conc);
  REQUIRE(h.customs.size() == 7);
  CHECK(h.report.rows_one_to_many == 1);
  CHECK(h.report.rows_added == 1);
  CHECK(h.report.split_rule == "weights");
  CHECK(code_of(h, 4) == "62034210");
  CHECK(code_of(h, 5) == "62034290");
  CHECK(h.customs.value[4] == Approx(60));
  CHECK(h.customs.quantity[4] == Approx(6));
  CHECK(h.customs.value[5] == Approx(30));
  CHECK(h.customs.quantity[5] == Approx(3));
  double total = 0;
  for (double v : h.customs.value) total += v;
  CHECK(total == Approx(370));  // 100 + 50 + 70 + 40 + 90 + 20
}

TEST_CASE("an HS6 concordance puts every code on HS6, mapped or not", "[hs_concordance]") {
  testing::ScratchDir dir;
  // A single `year` column; a code that lost its leading zero ("10121") is read as 010121.
  auto conc = load_hs_concordance(dir.write("c.csv", "hs_old,hs_new,year\n851712,851711,2005\n10121,10129,2005\n"));
  CHECK(conc.digits == 6);
  Customs x;
  x.add("85171210", 2005, 1, 1);  // → 851711
  x.add("85171210", 2006, 1, 1);  // no entry for 2006 → cut to 851712
  x.add("01012100", 2005, 1, 1);  // → 010129
  x.add("61091000", 2005, 1, 1);  // unmapped → 610910
  auto h = harmonise_hs(x.c, conc);
  const char* expected[] = {"851711", "851712", "010129", "610910"};
  for (size_t i = 0; i < 4; ++i) CHECK(code_of(h, i) == expected[i]);
  CHECK(h.report.rows_mapped == 2);
  CHECK(h.report.rows_unmapped == 2);
}

TEST_CASE("a concordance that cannot be applied is rejected with the reason", "[hs_concordance]") {
  testing::ScratchDir dir;
  auto message = [&](const std::string& name, const std::string& text) {
    try {
      load_hs_concordance(dir.write(name, text));
    } catch (const UserError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  CHECK_THAT(message("a.csv", "from_hs,to_hs\n851712,851711\n85171210,85171200\n"), Catch::Contains("one level"));
  CHECK_THAT(message("b.csv", "from_hs,to_hs\n8517,851711\n"),
             Catch::Contains("'8517' is not an HS code of 6 or 8 digits"));
  CHECK_THAT(message("c.csv", "from_hs,to_hs\n85a712,851711\n"), Catch::Contains("c.csv:2: from_hs '85a712'"));
  CHECK_THAT(message("d.csv", "from_hs,to_hs,year_from,year_to\n851712,851711,2002,2006\n851712,851719,2005,2009\n"),
             Catch::Contains("overlapping year ranges 2002-2006 and 2005-2009"));
  CHECK_THAT(message("e.csv", "from_hs,to_hs,weight\n851712,851711,-1\n"), Catch::Contains("weight '-1'"));
  CHECK_THAT(message("f.csv", "from_hs,to_hs,weight\n851712,851711,0\n"), Catch::Contains("sum to 0"));
  CHECK_THAT(message("g.csv", "from_hs,target\n851712,851711\n"), Catch::Contains("no column for to_hs"));
  CHECK_THAT(message("h.csv", "from_hs,to_hs\n"), Catch::Contains("has no rows"));
  CHECK_THAT(message("i.csv", "from_hs,to_hs,year_from,year_to\n851712,851711,2007,2006\n"), Catch::Contains("empty"));
}

TEST_CASE("the quality step runs KSW on harmonised codes and reports the mapping", "[hs_concordance]") {
  testing::ScratchDir dir;
  db::Connection c = db::open_store(dir.file("s.db"));
  // Two vintages of one product: 85171210 in 2005, 85171200 in 2008; harmonised they are one
  // product with four rows, enough for KSW.
  db::import_table(c, db::ImportKind::kCustoms,
                   dir.write("customs.csv",
                             "firm_id,year,month,hs8,dest,mode,value_usd,quantity\n"
                             "F1,2005,1,85171210,US,一般贸易,100,10\n"
                             "F2,2005,1,85171210,US,一般贸易,300,10\n"
                             "F1,2008,1,85171200,US,一般贸易,200,10\n"
                             "F2,2008,1,85171200,US,一般贸易,500,10\n"),
                   {});
  QualityRunOptions o;
  o.variants = {"QKL"};
  o.trim = false;
  o.hs_concordance = dir.write("c.csv", "from_hs,to_hs,year_to\n85171210,85171200,2006\n");
  auto rep = run_quality(c, o);
  CHECK(rep.hs_harmonised);
  CHECK(rep.hs.rows_mapped == 2);
  CHECK(rep.hs.rows_unmapped == 2);
  CHECK(c.query_int("SELECT count(DISTINCT hs8) FROM quality WHERE variant = 'QKL'") == 1);
  CHECK(c.query_int("SELECT count(*) FROM quality WHERE variant = 'QKL' AND hs8 = '85171200'") == 4);
  // Other firm_year variables keep the codes as imported: F1 exported one product in each year.
  CHECK(c.query_int("SELECT n_products FROM firm_year WHERE firm_id = 'F1' AND year = 2005") == 1);
  CHECK(describe(rep, o.cap).find("HS concordance: 2 rows mapped, 2 unmapped") != std::string::npos);
}
