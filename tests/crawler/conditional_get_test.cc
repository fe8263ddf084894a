#include <catch2/catch.hpp>

#include <thread>

#include "crawler/replay_server.h"
#include "tests/crawler/crawl_fixture.h"

using namespace tradedig;

TEST_CASE("a re-crawl of unchanged pages sends conditional requests and stores no new bodies") {
  crawler::ReplayServer srv;
  srv.set_synthetic("/p/", 5000);
  srv.start();
  testing::ScratchDir dir;
  auto c = testing::store_with_tasks(dir, "s", 5);
  db::Frontier f(c);
  auto log = std::make_shared<std::vector<std::string>>();
  auto opt = testing::fast_options(log);
  opt.max_wait_for_due_s = 0;
  auto src = testing::fast_source("s", srv.base_url() + "/p/{query}");
  src.recrawl_interval_s = 0.5;
  auto first = crawler::run_crawl(c, {src}, opt);
  CHECK(first.pages_stored == 5);
  CHECK(c.query_int("SELECT count(*) FROM crawl_tasks WHERE etag IS NOT NULL") == 5);
  std::this_thread::sleep_for(std::chrono::milliseconds(600));
  auto second = crawler::run_crawl(c, {src}, opt);
  CHECK(second.not_modified == 5);
  CHECK(second.pages_stored == 0);
  CHECK(c.query_int("SELECT count(*) FROM pages") == 5);
  int conditional = 0;
  for (const auto& r : srv.requests())
    if (!r.if_none_match.empty()) {
      ++conditional;
      CHECK(r.status == 304);
    }
  CHECK(conditional == 5);
  CHECK(f.count_tasks("s", "done") == 5);
}
