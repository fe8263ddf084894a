#include <catch2/catch.hpp>

#include <filesystem>

#include "crawler/profile.h"
#include "tests/test_support.h"
#include "util/error.h"

using namespace tradedig;

TEST_CASE("a source profile sets politeness, re-crawl interval and block rules from TOML") {
  auto s = crawler::load_source_profile(testing::fixture_path("crawler/replay-demo.toml"));
  CHECK(s.name == "replay-demo");
  CHECK(s.make_request("深圳 led").url == "http://127.0.0.1:8089/search?q=%E6%B7%B1%E5%9C%B3%20led");
  CHECK(s.politeness.min_delay_s == 0.5);
  CHECK(s.politeness.max_concurrency == 2);
  REQUIRE(s.recrawl_interval_s);
  CHECK(*s.recrawl_interval_s == 90 * 86400.0);
  CHECK(s.rules.blocked_statuses == std::vector<int>{403, 429});
  CHECK(std::find(s.rules.blocked_body_markers.begin(), s.rules.blocked_body_markers.end(), "nc_1_wrapper") !=
        s.rules.blocked_body_markers.end());
}

TEST_CASE("a profile without a {query} URL is rejected with the file name") {
  testing::ScratchDir dir;
  auto p = dir.write("bad.toml", "name = \"x\"\nurl = \"https://example.org/\"\n");
  CHECK_THROWS_AS(crawler::load_source_profile(p), UserError);
  auto q = dir.write("worse.toml", "name = \"x\"\nurl = \"https://e/{query}\"\n[block]\nstatuses = \"403\"\n");
  CHECK_THROWS_WITH(crawler::load_source_profile(q), Catch::Contains("statuses must be a list"));
}

TEST_CASE("a profile's relative ca_file and cookie_file are found beside the profile, not in the working directory") {
  testing::ScratchDir dir;
  std::filesystem::create_directories(dir.file("profiles/jar"));
  dir.write("profiles/ca.pem", "-----BEGIN CERTIFICATE-----\n");
  auto p = dir.write("profiles/site.toml", "name = \"x\"\nurl = \"https://e/{query}\"\nca_file = \"ca.pem\"\n"
                                           "cookie_file = \"jar/cookies.txt\"\nproxy = \"none\"\n");
  auto s = crawler::load_source_profile(p);
  CHECK(s.ca_file == dir.file("profiles/ca.pem"));
  CHECK(s.cookie_file == dir.file("profiles/jar/cookies.txt"));  // need not exist: curl writes it
  CHECK(s.proxy == "none");

  auto q = dir.write("profiles/nojar.toml", "name = \"x\"\nurl = \"https://e/{query}\"\ncookie_file = \"missing/c.txt\"\n");
  CHECK_THROWS_WITH(crawler::load_source_profile(q),
                    Catch::Contains("nojar.toml") && Catch::Contains("its directory does not exist"));
}
