#include <catch2/catch.hpp>

#include "crawler/replay_server.h"
#include "tests/crawler/crawl_fixture.h"

using namespace tradedig;

TEST_CASE("a 200-status slider page is stored as blocked for audit and produces no observation") {
  crawler::ReplayServer srv;
  srv.set_synthetic("/p/", 1000);
  crawler::Fault block;
  block.block_page = true;
  srv.add_fault("/p/blocked", block);
  srv.start();
  testing::ScratchDir dir;
  auto c = db::open_store(dir.file("s.db"));
  db::Frontier f(c);
  f.add_task("s", "blocked");
  f.add_task("s", "fine");
  auto log = std::make_shared<std::vector<std::string>>();
  auto sum = crawler::run_crawl(c, {testing::fast_source("s", srv.base_url() + "/p/{query}")},
                                testing::fast_options(log));
  CHECK(sum.by_source_outcome["s"]["blocked"] == 1);
  CHECK(sum.by_source_outcome["s"]["ok"] == 1);
  CHECK(testing::task_state(c, "s", "blocked") == "blocked");
  CHECK(c.query_int("SELECT count(*) FROM pages WHERE outcome = 'blocked' AND status = 200") == 1);
  CHECK(c.query_int("SELECT count(*) FROM observations") == 0);
  // A blocked task is not due again in this run: it waits for the give-up interval.
  CHECK(c.query_int("SELECT count(*) FROM crawl_tasks WHERE state = 'blocked' AND next_due_at IS NOT NULL") == 1);
}
