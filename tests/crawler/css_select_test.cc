#include <catch2/catch.hpp>

#include "crawler/css_select.h"
#include "crawler/json_path.h"
#include "crawler/page_charset.h"
#include "util/error.h"

using namespace tradedig;
using namespace tradedig::crawler;

namespace {
const char* kPage = R"(<html><body>
<div id="main" class="list wide">
  <ul><li class="a">one</li><li class="b" data-x="hello-world">two</li><li>three</li><li>four</li></ul>
  <p><span class="a">inner</span></p>
</div>
<span class="a">outside</span>
</body></html>)";

std::vector<std::string> texts(const std::vector<HtmlNode>& nodes) {
  std::vector<std::string> out;
  for (auto n : nodes) out.push_back(node_text(n));
  return out;
}
}  // namespace

TEST_CASE("css selectors match type, class, id, attributes and combinators in document order") {
  HtmlDocument doc(kPage);
  using V = std::vector<std::string>;
  CHECK(texts(select_all(doc.root(), "li")) == V{"one", "two", "three", "four"});
  CHECK(texts(select_all(doc.root(), ".a")) == V{"one", "inner", "outside"});
  CHECK(texts(select_all(doc.root(), "#main .a")) == V{"one", "inner"});
  CHECK(texts(select_all(doc.root(), "#main > .a")).empty());
  CHECK(texts(select_all(doc.root(), "p > span.a")) == V{"inner"});
  CHECK(texts(select_all(doc.root(), "div.list.wide ul > li.b")) == V{"two"});
  CHECK(texts(select_all(doc.root(), "[data-x]")) == V{"two"});
  CHECK(texts(select_all(doc.root(), "li[data-x*='lo-wo']")) == V{"two"});
  CHECK(texts(select_all(doc.root(), "li[data-x^=hello]")) == V{"two"});
  CHECK(texts(select_all(doc.root(), "li[data-x$=\"world\"]")) == V{"two"});
  CHECK(texts(select_all(doc.root(), "li[data-x=nope]")).empty());
  CHECK(texts(select_all(doc.root(), "li:nth-child(2)")) == V{"two"});
  CHECK(texts(select_all(doc.root(), "li:nth-child(odd)")) == V{"one", "three"});
  CHECK(texts(select_all(doc.root(), "li:nth-child(2n+2)")) == V{"two", "four"});
  CHECK(texts(select_all(doc.root(), "li:first-child")) == V{"one"});
  CHECK(texts(select_all(doc.root(), "p span, li.b")) == V{"two", "inner"});
  CHECK(select_text(doc.root(), "ul") == "onetwothreefour");  // textContent: no spaces the page lacks
}

TEST_CASE("a selector outside the subset is a user error naming the selector") {
  CHECK_THROWS_AS(CssSelector("li:hover"), UserError);
  CHECK_THROWS_AS(CssSelector("a[href"), UserError);
  CHECK_THROWS_AS(CssSelector("a + b"), UserError);
  CHECK_THROWS_WITH(CssSelector("div >"), Catch::Contains("div >"));
}

TEST_CASE("json paths reach nested keys, array elements and every element, and tolerate missing keys") {
  auto j = nlohmann::json::parse(R"({"model":{"offers":[{"n":"a","y":"2 yrs","f":true},{"n":"b","y":5}],"total":2}})");
  CHECK(json_select(j, "model.offers[*].n").size() == 2);
  CHECK(json_text(j, "model.offers[1].n") == "b");
  CHECK(json_text(j, "model.offers[1].y") == "5");
  CHECK(json_text(j, "model.total") == "2");
  CHECK_FALSE(json_text(j, "model.missing.deeper").has_value());
  CHECK_FALSE(json_text(j, "model.offers[7].n").has_value());
  CHECK(json_truthy(j, "model.offers[0].f"));
  CHECK_FALSE(json_truthy(j, "model.offers[1].f"));
  CHECK_THROWS_AS(json_select(j, "model.offers[x]"), UserError);
}

TEST_CASE("embedded JSON is found after an assignment in a script, skipping braces inside strings") {
  auto j = embedded_json(R"(<script>var a = 1; window.globalData = {"s":"}{","seller":{"companyJoinYears":"4"}};</script>)",
                         "globalData");
  REQUIRE(j.has_value());
  CHECK(json_text(*j, "seller.companyJoinYears") == "4");
  CHECK_FALSE(embedded_json("no data here", "globalData").has_value());
}

TEST_CASE("page charset comes from the header, then meta, and GBK bytes labelled UTF-8 still decode") {
  const std::string gbk = "\xC4\xFE\xB2\xA8";  // 宁波 in GBK
  CHECK(page_charset("text/html; charset=GBK", gbk) == "gb18030");
  CHECK(page_charset("text/html", "<meta charset=\"big5\"><p>x</p>") == "big5");
  CHECK(page_charset("text/html", "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\">") == "gb18030");
  CHECK(page_text_utf8("text/html; charset=utf-8", "<meta charset=gbk>" + gbk) == "<meta charset=gbk>宁波");
  CHECK(page_text_utf8("text/html; charset=utf-8", "宁波") == "宁波");
  CHECK(utf8_to_gbk("宁波") == gbk);
}
