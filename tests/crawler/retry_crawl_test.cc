// Retries, Retry-After, circuit breaker and stall limit, end to end against the replay server.
#include <catch2/catch.hpp>

#include <ctime>

#include "crawler/replay_server.h"
#include "tests/crawler/crawl_fixture.h"

using namespace tradedig;

namespace {
std::vector<double> times_of(const crawler::ReplayServer& s, const std::string& path) {
  std::vector<double> t;
  for (const auto& r : s.requests())
    if (r.path == path) t.push_back(r.t);
  return t;
}

std::string http_date_in(int seconds) {
  std::time_t t = std::time(nullptr) + seconds;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  return buf;
}

struct OneTaskCrawl {
  crawler::ReplayServer srv;
  testing::ScratchDir dir;
  db::Connection c;
  std::shared_ptr<std::vector<std::string>> log = std::make_shared<std::vector<std::string>>();
  crawler::CrawlSummary run(const crawler::Fault& f) {
    srv.set_synthetic("/p/", 1000);
    srv.add_fault("/p/", f);
    srv.start();
    c = db::open_store(dir.file("s.db"));
    db::Frontier(c).add_task("s", "1");
    return crawler::run_crawl(c, {testing::fast_source("s", srv.base_url() + "/p/{query}")},
                              testing::fast_options(log));
  }
};
}  // namespace

TEST_CASE("429 with Retry-After in seconds is honoured before the retry") {
  OneTaskCrawl t;
  crawler::Fault f;
  f.fail_first = 1;
  f.fail_status = 429;
  f.retry_after = "1";
  auto sum = t.run(f);
  auto times = times_of(t.srv, "/p/1");
  REQUIRE(times.size() == 2);
  CHECK(times[1] - times[0] >= 0.99);
  CHECK(sum.by_source_outcome["s"]["ok"] == 1);
  CHECK(testing::task_state(t.c, "s", "1") == "done");
}

TEST_CASE("503 with Retry-After as an HTTP-date is honoured before the retry") {
  OneTaskCrawl t;
  crawler::Fault f;
  f.fail_first = 1;
  f.fail_status = 503;
  f.retry_after = http_date_in(2);  // one-second resolution: at least 1 s from now
  auto sum = t.run(f);
  auto times = times_of(t.srv, "/p/1");
  REQUIRE(times.size() == 2);
  CHECK(times[1] - times[0] >= 0.99);
  CHECK(sum.by_source_outcome["s"]["ok"] == 1);
}

TEST_CASE("a Retry-After beyond the cap is shortened to the cap and logged") {
  OneTaskCrawl t;
  crawler::Fault f;
  f.fail_first = 1;
  f.fail_status = 429;
  f.retry_after = "3600";
  t.srv.set_synthetic("/p/", 1000);
  t.srv.add_fault("/p/", f);
  t.srv.start();
  t.c = db::open_store(t.dir.file("s.db"));
  db::Frontier(t.c).add_task("s", "1");
  auto opt = testing::fast_options(t.log);
  opt.retry.retry_after_cap_s = 0.3;
  auto sum = crawler::run_crawl(t.c, {testing::fast_source("s", t.srv.base_url() + "/p/{query}")}, opt);
  CHECK(sum.by_source_outcome["s"]["ok"] == 1);
  CHECK(testing::log_has(*t.log, "Retry-After 3600 s; capped"));
}

TEST_CASE("a burst of 503s is retried with back-off and then succeeds") {
  OneTaskCrawl t;
  crawler::Fault f;
  f.fail_first = 3;
  f.fail_status = 503;
  auto sum = t.run(f);
  CHECK(t.srv.request_count("/p/1") == 4);
  CHECK(sum.retries == 3);
  CHECK(sum.pages_stored == 1);
  CHECK(t.c.query_int("SELECT count(*) FROM pages") == 1);  // failed attempts leave no page
  CHECK(t.c.query_int("SELECT attempts FROM crawl_tasks") == 0);
}

TEST_CASE("a truncated body is retried and finally failed, never stored as ok") {
  OneTaskCrawl t;
  crawler::Fault f;
  f.truncate = true;
  auto sum = t.run(f);
  CHECK(t.srv.request_count("/p/1") == 4);  // max_attempts
  CHECK(testing::task_state(t.c, "s", "1") == "failed");
  CHECK(t.c.query_int("SELECT count(*) FROM pages WHERE outcome = 'ok'") == 0);
}

TEST_CASE("a redirect loop fails at once, without retries") {
  OneTaskCrawl t;
  crawler::Fault f;
  f.redirect_loop = true;
  auto sum = t.run(f);
  CHECK(sum.retries == 0);
  CHECK(testing::task_state(t.c, "s", "1") == "failed");
  CHECK(t.c.query_string("SELECT last_error FROM crawl_tasks")->find("redirect") != std::string::npos);
}

TEST_CASE("a permanently failing host is paused, then given up, while the other host finishes") {
  crawler::ReplayServer down, up;
  down.set_synthetic("/p/", 100);
  crawler::Fault always;
  always.fail_first = -1;
  always.fail_status = 503;
  down.add_fault("/p/", always);
  up.set_synthetic("/p/", 100);
  down.start();
  up.start();
  testing::ScratchDir dir;
  auto c = db::open_store(dir.file("s.db"));
  db::Frontier f(c);
  for (int i = 0; i < 5; ++i) {
    f.add_task("down", std::to_string(i));
    f.add_task("up", std::to_string(i));
  }
  auto log = std::make_shared<std::vector<std::string>>();
  auto opt = testing::fast_options(log);
  opt.retry.max_attempts = 1000;
  opt.retry.breaker_threshold = 3;
  opt.retry.breaker_cooldown_s = 0.1;
  opt.retry.stall_limit_s = 0.6;
  auto src_down = testing::fast_source("down", down.base_url() + "/p/{query}");
  auto src_up = testing::fast_source("up", up.base_url() + "/p/{query}");
  src_up.politeness.min_delay_s = 0.1;  // still running while the other host fails
  auto sum = crawler::run_crawl(c, {src_down, src_up}, opt);
  CHECK(f.count_tasks("up", "done") == 5);
  CHECK(f.count_tasks("down", "gave_up") == 5);
  CHECK(testing::log_has(*log, "paused after repeated failures"));
  CHECK(testing::log_has(*log, "giving up host " + down.base_url()));
  REQUIRE(sum.hosts_given_up.size() == 1);
  CHECK(sum.seconds < 5);
}
