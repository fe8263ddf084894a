#include <catch2/catch.hpp>

#include "crawler/robots.h"

using tradedig::crawler::RobotsRules;

TEST_CASE("robots.txt: the longest matching rule wins and allow wins a tie") {
  auto r = RobotsRules::parse(
      "User-agent: *\nDisallow: /trade/\nAllow: /trade/search\nDisallow: /a$\nAllow: /b\nDisallow: /b\n", "tradedig");
  CHECK_FALSE(r.allowed("/trade/x"));
  CHECK(r.allowed("/trade/search?q=led"));
  CHECK_FALSE(r.allowed("/a"));
  CHECK(r.allowed("/ab"));
  CHECK(r.allowed("/b/c"));
  CHECK(r.allowed("/other"));
  CHECK(r.allowed("/robots.txt"));
}

TEST_CASE("robots.txt: wildcards match any run of characters and $ anchors the end") {
  auto r = RobotsRules::parse("User-agent: *\nDisallow: /*.php$\nDisallow: /p*/private\n", "tradedig");
  CHECK_FALSE(r.allowed("/index.php"));
  CHECK(r.allowed("/index.php?x=1"));
  CHECK_FALSE(r.allowed("/people/x/private/y"));
  CHECK(r.allowed("/people/public"));
}

TEST_CASE("robots.txt: a group naming our product token replaces the * group, merged across groups") {
  const char* txt =
      "User-agent: *\nDisallow: /\n\n"
      "User-agent: Googlebot\nUser-agent: TradeDig\nDisallow: /search\nCrawl-delay: 3\n\n"
      "User-agent: tradedig\nDisallow: /company\n";
  auto r = RobotsRules::parse(txt, "tradedig");
  CHECK(r.allowed("/product/1"));
  CHECK_FALSE(r.allowed("/search?q=1"));
  CHECK_FALSE(r.allowed("/company/2"));
  REQUIRE(r.crawl_delay_s());
  CHECK(*r.crawl_delay_s() == 3.0);
  auto other = RobotsRules::parse(txt, "otherbot");
  CHECK_FALSE(other.allowed("/product/1"));
}

TEST_CASE("robots.txt: comments, blank Disallow and rules before any group are ignored") {
  auto r = RobotsRules::parse("Disallow: /x\n# c\nUser-agent: * # all\nDisallow:\nDisallow: /y # no\n", "t");
  CHECK(r.allowed("/x"));
  CHECK_FALSE(r.allowed("/y"));
  CHECK(RobotsRules::disallow_all().allowed("/robots.txt"));
  CHECK_FALSE(RobotsRules::disallow_all().allowed("/"));
  CHECK(tradedig::crawler::product_token("TradeDig/0.1 (+mailto:a@b)") == "tradedig");
}
