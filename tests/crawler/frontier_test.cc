#include <catch2/catch.hpp>

#include "db/frontier.h"
#include "db/observation_store.h"
#include "db/schema.h"
#include "tests/test_support.h"

using namespace tradedig;

TEST_CASE("frontier: a leased task is not leased again until it is completed or its lease expires") {
  testing::ScratchDir dir;
  auto c = db::open_store(dir.file("s.db"));
  db::Frontier f(c);
  CHECK(f.add_task("src", "q1"));
  CHECK(f.add_task("src", "q2"));
  CHECK_FALSE(f.add_task("src", "q1"));
  const db::EpochMs t = 1'800'000'000'000;
  auto a = f.lease("src", "A", 10, t, 1000);
  REQUIRE(a.size() == 2);
  CHECK(f.lease("src", "B", 10, t, 1000).empty());
  CHECK(f.requeue_leases(t + 500) == 0);   // not expired yet
  CHECK(f.requeue_leases(t + 1500) == 2);  // expired: back to pending
  auto b = f.lease("src", "B", 10, t + 1500, 1000);
  CHECK(b.size() == 2);
}

TEST_CASE("frontier: a completion from a crawler that lost its lease stores nothing") {
  testing::ScratchDir dir;
  auto c = db::open_store(dir.file("s.db"));
  db::Frontier f(c);
  f.add_task("src", "q1");
  const db::EpochMs t = 1'800'000'000'000;
  auto a = f.lease("src", "A", 1, t, 1000);
  REQUIRE(a.size() == 1);
  f.requeue_leases(t, /*all=*/true);
  auto b = f.lease("src", "B", 1, t, 1000);
  REQUIRE(b.size() == 1);
  db::TaskUpdate u;
  u.state = "done";
  u.page = db::PageRecord{"GET", "http://x/1", "http://x/1", 200, "ok", "{}", "body", "sha", "1.1"};
  CHECK_FALSE(f.complete(a[0].task_id, "A", u, t));
  CHECK(c.query_int("SELECT count(*) FROM pages") == 0);
  CHECK(f.complete(b[0].task_id, "B", u, t));
  CHECK(c.query_int("SELECT count(*) FROM pages") == 1);
  CHECK(c.query_string("SELECT state FROM crawl_tasks") == "done");
  CHECK(c.query_int("SELECT body_size FROM pages") == 4);
  CHECK_FALSE(f.complete(b[0].task_id, "B", u, t));  // a second completion cannot duplicate the page
  CHECK(c.query_int("SELECT count(*) FROM pages") == 1);
}

TEST_CASE("frontier: done tasks become due again at their re-crawl date, retries at their back-off") {
  testing::ScratchDir dir;
  auto c = db::open_store(dir.file("s.db"));
  db::Frontier f(c);
  f.add_task("src", "q1");
  f.add_task("src", "q2");
  const db::EpochMs t = 1'800'000'000'000;
  auto a = f.lease("src", "A", 2, t, 60000);
  db::TaskUpdate done;
  done.state = "done";
  done.next_due = t + 10000;
  f.complete(a[0].task_id, "A", done, t);
  db::TaskUpdate retry;
  retry.state = "pending";
  retry.next_due = t + 2000;
  retry.attempts = 1;
  f.complete(a[1].task_id, "A", retry, t);
  CHECK(f.next_due("src") == t + 2000);
  CHECK(f.lease("src", "A", 5, t + 1000, 60000).empty());
  auto r = f.lease("src", "A", 5, t + 2000, 60000);
  REQUIRE(r.size() == 1);
  CHECK(r[0].attempts == 1);
  CHECK(f.lease("src", "A", 5, t + 10000, 60000).size() == 1);
  CHECK(db::iso_utc_ms(t + 5) == "2027-01-15T08:00:00.005Z");
}

TEST_CASE("frontier: lease reads the lease index in due order, with no sort of the due set") {
  testing::ScratchDir dir;
  auto c = db::open_store(dir.file("s.db"));
  auto st = c.prepare(std::string("EXPLAIN QUERY PLAN ") + db::kLeaseSelectSql);
  st.bind_all(std::string("src"), db::iso_utc_ms(1'800'000'000'000), 10);
  std::string plan;
  while (st.step()) plan += st.column_string(3) + "\n";
  INFO(plan);
  CHECK(plan.find("TEMP B-TREE") == std::string::npos);
  CHECK(plan.find("SCAN") == std::string::npos);
  CHECK(plan.find("USING INDEX crawl_tasks_lease") != std::string::npos);
}

TEST_CASE("frontier: lease order is never-scheduled first, then due date, then task id, across states") {
  testing::ScratchDir dir;
  auto c = db::open_store(dir.file("s.db"));
  db::Frontier f(c);
  const db::EpochMs t = 1'800'000'000'000;
  for (int i = 1; i <= 7; ++i) f.add_task("src", "q" + std::to_string(i));
  f.add_task("other", "o1");
  auto a = f.lease("src", "A", 7, t, 60000);
  REQUIRE(a.size() == 7);
  auto finish = [&](int idx, const char* state, std::optional<db::EpochMs> due) {
    db::TaskUpdate u;
    u.state = state;
    u.next_due = due;
    REQUIRE(f.complete(a[static_cast<size_t>(idx)].task_id, "A", u, t));
  };
  finish(0, "done", t + 300);      // due third
  finish(1, "failed", t + 100);    // due first of the dated ones
  finish(2, "blocked", t + 200);   // due second
  finish(3, "done", std::nullopt); // finished, never re-crawled
  finish(4, "gave_up", t + 5000);  // not due yet
  finish(5, "pending", t + 200);   // same due date as [2]: task id breaks the tie
  // [6] stays leased.
  f.add_task("src", "q8");         // pending, never scheduled: first
  auto r = f.lease("src", "B", 10, t + 1000, 60000);
  std::vector<std::string> got;
  for (const auto& x : r) got.push_back(x.query);
  CHECK(got == std::vector<std::string>{"q8", "q2", "q3", "q6", "q1"});
  auto limited = f.lease("other", "B", 1, t + 1000, 60000);
  REQUIRE(limited.size() == 1);
  CHECK(limited[0].query == "o1");
}

TEST_CASE("frontier: completions inside the caller's transaction land with its commit, or not at all") {
  testing::ScratchDir dir;
  auto c = db::open_store(dir.file("s.db"));
  db::Frontier f(c);
  for (int i = 1; i <= 3; ++i) f.add_task("src", "q" + std::to_string(i));
  const db::EpochMs t = 1'800'000'000'000;
  auto a = f.lease("src", "A", 3, t, 60000);
  REQUIRE(a.size() == 3);
  // Bodies of different sizes and bytes, so one reused compression context must not mix them.
  std::vector<std::string> bodies;
  for (int i = 0; i < 3; ++i) bodies.push_back("<html>" + std::string(5000 + 3000 * i, static_cast<char>('x' + i)));
  auto done = [&](int i) {
    db::TaskUpdate u;
    u.state = "done";
    u.page = db::PageRecord{"GET", "http://x/" + std::to_string(i), "", 200, "ok", "{}",
                            bodies[static_cast<size_t>(i)], "sha", ""};
    return u;
  };
  {
    db::Transaction batch(c);
    CHECK(f.complete(a[0].task_id, "A", done(0), t));
    CHECK(f.complete(a[1].task_id, "A", done(1), t));
  }  // no commit: as after a crash mid-batch, neither page nor state was stored
  CHECK(c.query_int("SELECT count(*) FROM pages") == 0);
  CHECK(c.query_int("SELECT count(*) FROM crawl_tasks WHERE state = 'leased'") == 3);
  {
    db::Transaction batch(c);
    CHECK(f.complete(a[0].task_id, "A", done(0), t));
    CHECK(f.complete(a[1].task_id, "A", done(1), t));
    CHECK_FALSE(f.complete(a[2].task_id, "B", done(2), t));  // B holds no lease: nothing stored
    batch.commit();
  }
  CHECK(c.query_int("SELECT count(*) FROM pages") == 2);
  CHECK(c.query_int("SELECT count(*) FROM crawl_tasks WHERE state = 'done'") == 2);
  CHECK(c.query_int("SELECT count(*) FROM crawl_tasks WHERE state = 'leased'") == 1);
  // Alone again (no transaction open), complete() commits by itself.
  CHECK(f.complete(a[2].task_id, "A", done(2), t));
  CHECK(c.query_int("SELECT count(*) FROM pages") == 3);
  // Every stored body decompresses to the bytes it was given.
  db::ObservationStore obs(c);
  for (int64_t id : obs.page_ids("src", false)) {
    auto page = obs.load_page(id);
    CHECK(page.body == bodies[static_cast<size_t>(page.url.back() - '0')]);
  }
}

TEST_CASE("a page read as unparsed is offered for extraction again; a settled verdict is not", "[frontier]") {
  testing::ScratchDir dir;
  auto c = db::open_store(dir.file("s.db"));
  db::Frontier f(c);
  const auto t = db::now_epoch_ms();
  f.add_task("src", "q1");
  f.add_task("src", "q2");
  auto a = f.lease("src", "A", 2, t, 60000);
  REQUIRE(a.size() == 2);
  for (const auto& task : a) {
    db::TaskUpdate u;
    u.state = "done";
    u.page = db::PageRecord{"GET", "http://x/" + task.query, "", 200, "ok", "{}", "<html></html>", "sha", "1.1"};
    REQUIRE(f.complete(task.task_id, "A", u, t));
  }
  db::ObservationStore obs(c);
  auto ids = obs.page_ids("src", true);
  REQUIRE(ids.size() == 2);
  obs.replace_page_observations(obs.load_page(ids[0]), "unparsed", {}, {}, {});
  obs.replace_page_observations(obs.load_page(ids[1]), "not_found", {}, {}, {});
  CHECK(obs.page_ids("src", true) == std::vector<int64_t>{ids[0]});
  CHECK(obs.page_ids("src", false).size() == 2);
  CHECK(c.query_int("SELECT count(*) FROM page_extractions") == 2);
}
