#include <catch2/catch.hpp>

#include "crawler/classify.h"

using namespace tradedig::crawler;

namespace {
FetchResult response(int status, std::string body, std::string final_url = "https://www.alibaba.com/x",
                     std::string ctype = "text/html") {
  FetchResult r;
  r.status = status;
  r.body = std::move(body);
  r.final_url = std::move(final_url);
  r.headers.emplace_back("content-type", std::move(ctype));
  return r;
}
}  // namespace

TEST_CASE("a 200-status slider page is classified blocked, not ok") {
  auto rules = default_block_rules();
  CHECK(classify(rules, response(200, "<div id=\"nc_1_wrapper\"></div>Please slide to verify")) == Outcome::kBlocked);
  CHECK(classify(rules, response(200, "<p>Sorry, we have detected unusual traffic</p>")) == Outcome::kBlocked);
  CHECK(classify(rules, response(200, "<html>supplier list</html>")) == Outcome::kOk);
}

TEST_CASE("a redirect to the punish or login page is blocked whatever its status") {
  auto rules = default_block_rules();
  CHECK(classify(rules, response(200, "ok", "https://s.1688.com/_____tmd_____/punish?x5secdata=abc")) ==
        Outcome::kBlocked);
  CHECK(classify(rules, response(200, "ok", "https://login.1688.com/member/signin.htm")) == Outcome::kBlocked);
}

TEST_CASE("statuses map to outcomes: 403/429 blocked, 404 not_found, 5xx error, 304 ok") {
  auto rules = default_block_rules();
  CHECK(classify(rules, response(403, "")) == Outcome::kBlocked);
  CHECK(classify(rules, response(429, "")) == Outcome::kBlocked);
  CHECK(classify(rules, response(404, "")) == Outcome::kNotFound);
  CHECK(classify(rules, response(500, "")) == Outcome::kError);
  CHECK(classify(rules, response(304, "")) == Outcome::kOk);
  FetchResult none;
  none.curl_code = 28;
  CHECK(classify(rules, none) == Outcome::kError);
}

TEST_CASE("521 with X-Via-JSL is a Jiasule challenge, so blocked rather than an outage") {
  auto rules = default_block_rules();
  auto r = response(521, "<script>document.cookie=...</script>");
  CHECK(classify(rules, r) == Outcome::kError);
  r.headers.emplace_back("x-via-jsl", "abc");
  CHECK(classify(rules, r) == Outcome::kBlocked);
}

TEST_CASE("JSON bodies that report failure are blocked: success false, errorCode, a bad code") {
  auto rules = default_block_rules();
  CHECK(classify(rules, response(200, R"({"success":false,"msg":"x"})", "u", "application/json")) == Outcome::kBlocked);
  CHECK(classify(rules, response(200, R"({"data":[],"errorCode":"RGV587_ERROR"})")) == Outcome::kBlocked);
  CHECK(classify(rules, response(200, R"({"success":true,"errorCode":""})")) == Outcome::kOk);
  rules.json_code_field = "code";
  rules.json_ok_codes = {"200"};
  CHECK(classify(rules, response(200, R"({"code":200,"params":{}})")) == Outcome::kOk);
  CHECK(classify(rules, response(200, R"({"code":401,"msg":"token expired"})")) == Outcome::kBlocked);
}

TEST_CASE("a GBK login or rate-limit page is blocked: markers are matched on the body decoded to UTF-8") {
  auto rules = default_block_rules();
  // "<html><title>登录</title>请在此登录</html>" in GBK, the charset given by the Content-Type.
  const std::string login_gbk =
      "<html><title>\xB5\xC7\xC2\xBC</title><p>\xC7\xEB\xD4\xDA\xB4\xCB\xB5\xC7\xC2\xBC</p></html>";
  CHECK(login_gbk.find("请在此登录") == std::string::npos);  // the raw bytes never matched
  CHECK(classify(rules, response(200, login_gbk, "https://s.1688.com/x", "text/html; charset=GBK")) ==
        Outcome::kBlocked);
  // "请求过于频繁" in GBK, the charset only in a <meta> tag (1688's listing pages).
  const std::string rate_gbk =
      "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gbk\"></head>"
      "<body>\xC7\xEB\xC7\xF3\xB9\xFD\xD3\xDA\xC6\xB5\xB7\xB1</body></html>";
  CHECK(classify(rules, response(200, rate_gbk, "https://s.1688.com/x", "text/html")) == Outcome::kBlocked);
  // A GBK listing ("供应商列表") with no marker stays ok, and so does the same page labelled UTF-8.
  const std::string list_gbk = "<html><body>\xB9\xA9\xD3\xA6\xC9\xCC\xC1\xD0\xB1\xED</body></html>";
  CHECK(classify(rules, response(200, list_gbk, "https://s.1688.com/x", "text/html; charset=gb2312")) ==
        Outcome::kOk);
  CHECK(classify(rules, response(200, list_gbk, "https://s.1688.com/x", "text/html; charset=utf-8")) ==
        Outcome::kOk);
  // A mislabelled GBK login page (declared UTF-8, not valid UTF-8) is still decoded and blocked.
  CHECK(classify(rules, response(200, login_gbk, "https://s.1688.com/x", "text/html; charset=utf-8")) ==
        Outcome::kBlocked);
  // UTF-8 pages are matched as before, markers anywhere in a large body.
  std::string big(100000, 'a');
  big.replace(99990, 9, "nocaptcha");
  CHECK(classify(rules, response(200, big)) == Outcome::kBlocked);
  CHECK(classify(rules, response(200, std::string(100000, 'n'))) == Outcome::kOk);
  CHECK(classify(rules, response(503, "<p>\xC7\xEB\xC7\xF3\xB9\xFD\xD3\xDA\xC6\xB5\xB7\xB1</p>", "https://s.1688.com/x",
                                 "text/html; charset=gbk")) == Outcome::kBlocked);
}

TEST_CASE("body markers are found after NUL bytes, and a marker is never matched across one") {
  auto rules = default_block_rules();
  using namespace std::string_literals;
  // A few NULs (a mislabelled binary or UTF-16 fragment): the marker after the last one is found.
  CHECK(classify(rules, response(200, "<html>\0\0x\0<p>Please slide to verify</p>"s)) == Outcome::kBlocked);
  // Many NULs (more runs than are searched one by one): still found, at the end of 100 KB.
  std::string binary(100000, 'a');
  for (size_t i = 0; i < binary.size(); i += 97) binary[i] = '\0';
  binary.replace(99980, 9, "nocaptcha");
  CHECK(classify(rules, response(200, binary)) == Outcome::kBlocked);
  // A NUL inside the would-be marker breaks it, as it does for a byte-wise search.
  CHECK(classify(rules, response(200, "<p>noca\0ptcha</p>"s)) == Outcome::kOk);
  CHECK(classify(rules, response(200, std::string(5000, '\0'))) == Outcome::kOk);
  // A marker that itself holds a NUL (a profile may give any bytes) is matched byte for byte.
  rules.blocked_body_markers = {"ab\0cd"s};
  CHECK(classify(rules, response(200, "xx ab\0cd yy"s)) == Outcome::kBlocked);
  CHECK(classify(rules, response(200, "xx ab cd yy"s)) == Outcome::kOk);
}
