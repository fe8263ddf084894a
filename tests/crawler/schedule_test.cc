#include <catch2/catch.hpp>

#include <cstdlib>

#include "crawler/profile.h"
#include "crawler/replay_server.h"
#include "tests/crawler/crawl_fixture.h"

using namespace tradedig;

namespace {

constexpr db::EpochMs kDay = 86400000;

// Leases every due task of `source` and finishes it as `state`, due `due` (none: no due date).
void finish_all(db::Frontier& f, const std::string& source, const std::string& state,
                std::optional<db::EpochMs> due, db::EpochMs now, int limit = 1000) {
  for (const auto& t : f.lease(source, "test", limit, now, 60000)) {
    db::TaskUpdate u;
    u.state = state;
    u.next_due = due;
    u.last_status = 200;
    u.last_outcome = "ok";
    REQUIRE(f.complete(t.task_id, "test", u, now));
  }
}

const db::DueSummary& of(const std::vector<db::DueSummary>& all, const std::string& source) {
  for (const auto& d : all)
    if (d.source == source) return d;
  FAIL("no summary for " << source);
  return all.front();
}

}  // namespace

TEST_CASE("the due summary puts every task of a source in the bucket of its due date") {
  testing::ScratchDir dir;
  auto c = db::open_store(dir.file("s.db"));
  db::Frontier f(c);
  const db::EpochMs now = db::now_epoch_ms();
  // 2 never fetched, 1 retry due now, 3 due in 5 days, 4 in 20, 5 in 60, 6 in 200, 7 without a date.
  int next = 0;
  auto add = [&](const std::string& src, int n) {
    for (int i = 0; i < n; ++i) f.add_task(src, std::to_string(next++));
  };
  add("m", 1);
  finish_all(f, "m", "pending", now - 1000, now);  // a retry whose wait has passed
  for (auto [n, days] : {std::pair{3, 5}, {4, 20}, {5, 60}, {6, 200}}) {
    add("m", n);
    finish_all(f, "m", "done", now + days * kDay, now, n);
  }
  add("m", 7);
  finish_all(f, "m", "done", std::nullopt, now, 7);
  add("m", 2);  // never fetched: no response yet
  add("other", 1);
  REQUIRE(f.lease("other", "someone", 1, now, 60000).size() == 1);  // in flight elsewhere

  auto all = f.due_summary(now);
  REQUIRE(all.size() == 2);
  CHECK(all[0].source == "m");  // ordered by source
  const auto& m = of(all, "m");
  CHECK(m.total == 28);
  CHECK(m.due_now == 3);
  CHECK(m.never_fetched == 2);
  CHECK(m.within_7d == 3);
  CHECK(m.within_30d == 4);
  CHECK(m.within_90d == 5);
  CHECK(m.later == 6);
  CHECK(m.unscheduled == 7);
  CHECK(m.leased == 0);
  REQUIRE(m.next_due);
  CHECK(*m.next_due == now + 5 * kDay);
  const auto& o = of(all, "other");
  CHECK(o.total == 1);
  CHECK(o.leased == 1);
  CHECK(o.due_now == 0);
  CHECK_FALSE(o.next_due);
}

TEST_CASE("a profile's kind sets the re-crawl interval and recrawl_days overrides it") {
  testing::ScratchDir dir;
  auto load = [&](const std::string& extra) {
    return crawler::load_source_profile(
        dir.write("p.toml", "name = \"x\"\nurl = \"http://127.0.0.1:1/{query}\"\n" + extra));
  };
  CHECK(*load("kind = \"membership\"\n").recrawl_interval_s == 91 * 86400.0);
  CHECK(*load("kind = \"icp\"\n").recrawl_interval_s == 365 * 86400.0);
  CHECK(*load("kind = \"domain\"\n").recrawl_interval_s == 365 * 86400.0);
  CHECK(*load("kind = \"icp\"\nrecrawl_days = 30\n").recrawl_interval_s == 30 * 86400.0);
  CHECK_FALSE(load("kind = \"domain\"\nrecrawl_days = 0\n").recrawl_interval_s);
  CHECK_FALSE(load("").recrawl_interval_s);
  CHECK_THROWS_WITH(load("kind = \"weather\"\n"), Catch::Contains("kind must be"));
}

TEST_CASE("a quarterly source crawled today is due again in 91 days and not before") {
  crawler::ReplayServer srv;
  srv.set_synthetic("/p/", 2000);
  srv.start();
  testing::ScratchDir dir;
  auto c = testing::store_with_tasks(dir, "members", 6);
  db::Frontier f(c);
  auto log = std::make_shared<std::vector<std::string>>();
  auto opt = testing::fast_options(log);
  opt.max_wait_for_due_s = 0;
  auto src = testing::fast_source("members", srv.base_url() + "/p/{query}");
  src.kind = "membership";
  src.recrawl_interval_s = crawler::default_recrawl_interval_s(src.kind);
  const db::EpochMs before = db::now_epoch_ms();
  CHECK(of(f.due_summary(before), "members").never_fetched == 6);
  CHECK(crawler::run_crawl(c, {src}, opt).pages_stored == 6);
  const db::EpochMs after = db::now_epoch_ms();

  auto d = of(f.due_summary(after), "members");
  CHECK(d.due_now == 0);
  CHECK(d.never_fetched == 0);
  CHECK(d.later == 6);
  REQUIRE(d.next_due);
  CHECK(*d.next_due >= before + 91 * kDay);
  CHECK(*d.next_due <= after + 91 * kDay);
  // Seen from 92 days on, all six are due, and a crawl then fetches them again.
  CHECK(of(f.due_summary(after + 92 * kDay), "members").due_now == 6);
  CHECK(crawler::run_crawl(c, {src}, opt).pages_stored == 0);  // nothing is due today
  CHECK(c.query_int("SELECT count(*) FROM pages") == 6);
}

TEST_CASE("rescheduling applies a changed interval to the pages fetched before the change") {
  testing::ScratchDir dir;
  auto c = db::open_store(dir.file("s.db"));
  db::Frontier f(c);
  const db::EpochMs now = db::now_epoch_ms();
  for (int i = 0; i < 4; ++i) f.add_task("icp", std::to_string(i));
  finish_all(f, "icp", "done", now + 365 * kDay, now);
  f.add_task("icp", "not yet fetched");
  CHECK(of(f.due_summary(now), "icp").later == 4);

  CHECK(f.reschedule_done("icp", 3 * kDay) == 4);
  auto d = of(f.due_summary(now), "icp");
  CHECK(d.within_7d == 4);
  CHECK(d.due_now == 1);  // the pending task is untouched
  REQUIRE(d.next_due);
  CHECK(std::llabs(*d.next_due - (now + 3 * kDay)) < 2000);
  CHECK(f.reschedule_done("icp", 3 * kDay) == 0);  // already so: nothing changes

  CHECK(f.reschedule_done("icp", std::nullopt) == 4);
  d = of(f.due_summary(now), "icp");
  CHECK(d.unscheduled == 4);
  CHECK(d.within_7d == 0);
  CHECK(f.reschedule_done("other", 3 * kDay) == 0);
}
