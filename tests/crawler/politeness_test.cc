// Per-host delay, concurrency and robots.txt, measured at the replay server.
#include <catch2/catch.hpp>

#include "crawler/host_throttle.h"
#include "crawler/replay_server.h"
#include "tests/crawler/crawl_fixture.h"

using namespace tradedig;

namespace {
std::vector<double> arrival_times(const crawler::ReplayServer& s, const std::string& prefix) {
  std::vector<double> t;
  for (const auto& r : s.requests())
    if (r.path.rfind(prefix, 0) == 0) t.push_back(r.t);
  std::sort(t.begin(), t.end());
  return t;
}
}  // namespace

TEST_CASE("requests to one host are spaced by at least the minimum delay") {
  crawler::ReplayServer srv;
  srv.set_synthetic("/p/", 2000);
  srv.start();
  testing::ScratchDir dir;
  auto c = testing::store_with_tasks(dir, "s", 6);
  db::Frontier f(c);
  auto log = std::make_shared<std::vector<std::string>>();
  auto src = testing::fast_source("s", srv.base_url() + "/p/{query}");
  src.politeness.min_delay_s = 0.15;
  src.politeness.max_concurrency = 4;
  auto sum = crawler::run_crawl(c, {src}, testing::fast_options(log));
  CHECK(sum.by_source_outcome["s"]["ok"] == 6);
  auto t = arrival_times(srv, "/p/");
  REQUIRE(t.size() == 6);
  for (size_t i = 1; i < t.size(); ++i) CHECK(t[i] - t[i - 1] >= 0.14);
}

TEST_CASE("no more than max_concurrency requests are in flight to one host") {
  crawler::ReplayServer srv;
  srv.set_synthetic("/p/", 2000);
  crawler::Fault slow;
  slow.latency_ms = 100;
  srv.add_fault("/p/", slow);
  srv.start();
  testing::ScratchDir dir;
  auto c = testing::store_with_tasks(dir, "s", 12);
  db::Frontier f(c);
  auto log = std::make_shared<std::vector<std::string>>();
  auto src = testing::fast_source("s", srv.base_url() + "/p/{query}");
  src.politeness.max_concurrency = 3;
  auto sum = crawler::run_crawl(c, {src}, testing::fast_options(log));
  CHECK(sum.by_source_outcome["s"]["ok"] == 12);
  CHECK(srv.max_concurrent() == 3);
}

TEST_CASE("the adaptive delay grows with latency and is not shortened by error responses") {
  crawler::Politeness p;
  p.min_delay_s = 0.1;
  p.max_delay_s = 10;
  crawler::RetryPolicy r;
  crawler::HostThrottle h(p, r, 0);
  h.on_response(2.0, true);  // target 2 s: move half-way from 0.1
  CHECK(h.delay_s() == Approx(2.0));
  h.on_response(0.2, false);  // an error that came back fast must not speed us up
  CHECK(h.delay_s() == Approx(2.0));
  h.on_response(0.2, true);
  CHECK(h.delay_s() < 2.0);
}

TEST_CASE("robots.txt disallow is obeyed and Crawl-delay spaces the requests") {
  crawler::ReplayServer srv;
  srv.set_synthetic("/", 500);
  srv.set_robots("User-agent: *\nDisallow: /private/\nCrawl-delay: 0.2\n");
  srv.start();
  testing::ScratchDir dir;
  auto c = db::open_store(dir.file("s.db"));
  db::Frontier f(c);
  for (const char* q : {"private/1", "public/1", "public/2", "public/3"}) f.add_task("s", q);
  auto log = std::make_shared<std::vector<std::string>>();
  auto src = testing::fast_source("s", srv.base_url() + "/{query}");
  src.make_request = [base = srv.base_url()](const std::string& q) {
    crawler::FetchRequest r;
    r.url = base + "/" + q;
    return r;
  };
  auto sum = crawler::run_crawl(c, {src}, testing::fast_options(log));
  CHECK(sum.robots_denied == 1);
  CHECK(srv.request_count("/private/") == 0);
  CHECK(testing::task_state(c, "s", "private/1") == "failed");
  CHECK(c.query_string("SELECT last_error FROM crawl_tasks WHERE query = 'private/1'") == "disallowed by robots.txt");
  auto t = arrival_times(srv, "/public/");
  REQUIRE(t.size() == 3);
  for (size_t i = 1; i < t.size(); ++i) CHECK(t[i] - t[i - 1] >= 0.19);
}

TEST_CASE("the robots.txt override fetches disallowed paths and says so in the log") {
  crawler::ReplayServer srv;
  srv.set_synthetic("/", 500);
  srv.set_robots("User-agent: *\nDisallow: /\n");
  srv.start();
  testing::ScratchDir dir;
  auto c = db::open_store(dir.file("s.db"));
  db::Frontier f(c);
  f.add_task("s", "1");
  auto log = std::make_shared<std::vector<std::string>>();
  auto src = testing::fast_source("s", srv.base_url() + "/x/{query}");
  src.obey_robots = false;
  auto sum = crawler::run_crawl(c, {src}, testing::fast_options(log));
  CHECK(sum.by_source_outcome["s"]["ok"] == 1);
  CHECK(srv.request_count("/robots.txt") == 0);
  CHECK(testing::log_has(*log, "robots.txt is NOT obeyed for source s"));
}
