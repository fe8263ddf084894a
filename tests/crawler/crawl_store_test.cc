// What a crawl leaves on the caller's store connection besides pages and task states.
#include <catch2/catch.hpp>

#include "crawler/replay_server.h"
#include "tests/crawler/crawl_fixture.h"

using namespace tradedig;

TEST_CASE("a crawl runs with a small page cache and gives the connection its own cache size back") {
  crawler::ReplayServer srv;
  srv.set_synthetic("/p/", 20000);
  srv.start();
  testing::ScratchDir dir;
  auto c = testing::store_with_tasks(dir, "s", 40);
  c.exec("PRAGMA cache_size=-4321");  // any setting of the caller's, kept across the crawl
  auto log = std::make_shared<std::vector<std::string>>();
  auto opt = testing::fast_options(log);
  opt.max_wait_for_due_s = 0;
  auto sum = crawler::run_crawl(c, {testing::fast_source("s", srv.base_url() + "/p/{query}")}, opt);
  CHECK(sum.pages_stored == 40);
  CHECK(c.query_int("SELECT count(DISTINCT task_id) FROM pages") == 40);
  CHECK(c.query_int("PRAGMA cache_size") == -4321);
}

TEST_CASE("a stored page records the HTTP version it came over") {
  crawler::ReplayServer srv;
  srv.set_synthetic("/p/", 2000);
  srv.start();
  testing::ScratchDir dir;
  auto c = testing::store_with_tasks(dir, "s", 3);
  auto opt = testing::fast_options(std::make_shared<std::vector<std::string>>());
  opt.max_wait_for_due_s = 0;
  crawler::run_crawl(c, {testing::fast_source("s", srv.base_url() + "/p/{query}")}, opt);
  // cpp-httplib speaks HTTP/1.1 only.
  CHECK(c.query_int("SELECT count(*) FROM pages WHERE http_version = '1.1'") == 3);
  CHECK(c.query_int("SELECT count(*) FROM pages WHERE http_version IS NULL") == 0);
}
