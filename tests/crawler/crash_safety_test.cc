// Crash safety: a crawl killed with SIGKILL at random moments and restarted ends with every task
// done exactly once. The crawl runs in a child process (this test binary re-executed with a hidden
// test case), so the kill is a real unclean stop: no destructors, no flush, an open transaction.
#include <catch2/catch.hpp>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <random>
#include <thread>

#include "crawler/replay_server.h"
#include "tests/crawler/crawl_fixture.h"

using namespace tradedig;

namespace {
constexpr int kTasks = 2000;

crawler::SourceSpec crash_source(const std::string& base) {
  auto src = testing::fast_source("s", base + "/p/{query}");
  src.politeness.max_concurrency = 16;
  return src;
}

pid_t spawn_child(const std::string& db_path, const std::string& base) {
  pid_t pid = fork();
  if (pid == 0) {
    setenv("TRADEDIG_CRASH_DB", db_path.c_str(), 1);
    setenv("TRADEDIG_CRASH_BASE", base.c_str(), 1);
    execl("/proc/self/exe", "crawler_tests", "[crash-child]", "--out", "/dev/null", static_cast<char*>(nullptr));
    _exit(127);
  }
  return pid;
}
}  // namespace

TEST_CASE("crash child: crawls the frontier until done or killed", "[.crash-child]") {
  const char* db_path = std::getenv("TRADEDIG_CRASH_DB");
  const char* base = std::getenv("TRADEDIG_CRASH_BASE");
  REQUIRE(db_path);
  REQUIRE(base);
  auto c = db::open_store(db_path);
  auto log = std::make_shared<std::vector<std::string>>();
  auto opt = testing::fast_options(log);
  opt.reclaim_all_leases = true;  // the killed run was the only other crawler
  opt.max_in_flight = 16;
  crawler::run_crawl(c, {crash_source(base)}, opt);
}

TEST_CASE("a crawl killed with SIGKILL at random moments and restarted stores every page exactly once") {
  crawler::ReplayServer srv;
  srv.set_synthetic("/p/", 3000);
  crawler::Fault slow;
  slow.latency_ms = 2;  // keeps the crawl long enough to be killed mid-flight several times
  srv.add_fault("/p/", slow);
  srv.start();
  testing::ScratchDir dir;
  const std::string db_path = dir.file("crash.db");
  {
    auto c = db::open_store(db_path);
    db::Frontier f(c);
    db::Transaction tx(c);
    for (int i = 0; i < kTasks; ++i) f.add_task("s", std::to_string(i));
    tx.commit();
  }
  std::mt19937 rng(20261121);
  std::uniform_int_distribution<int> after_ms(60, 350);
  int kills = 0, runs = 0;
  int64_t done_before = 0;
  while (runs < 40) {
    ++runs;
    pid_t pid = spawn_child(db_path, srv.base_url());
    REQUIRE(pid > 0);
    bool kill_this = kills < 6;
    if (kill_this) {
      std::this_thread::sleep_for(std::chrono::milliseconds(after_ms(rng)));
      ::kill(pid, SIGKILL);
    }
    int status = 0;
    REQUIRE(waitpid(pid, &status, 0) == pid);
    if (WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) {
      ++kills;
    } else {
      REQUIRE(WIFEXITED(status));
      REQUIRE(WEXITSTATUS(status) == 0);
    }
    auto c = db::open_store(db_path);
    // Invariant after every stop: no task has two pages, every done task has its page.
    CHECK(c.query_int("SELECT count(*) FROM (SELECT task_id FROM pages GROUP BY task_id HAVING count(*) > 1)") == 0);
    CHECK(c.query_int("SELECT count(*) FROM crawl_tasks t WHERE state = 'done' AND NOT EXISTS "
                      "(SELECT 1 FROM pages p WHERE p.task_id = t.task_id)") == 0);
    int64_t done = *c.query_int("SELECT count(*) FROM crawl_tasks WHERE state = 'done'");
    CHECK(done >= done_before);  // progress is never lost
    done_before = done;
    if (!kill_this && done == kTasks) break;
  }
  CHECK(kills >= 5);
  auto c = db::open_store(db_path);
  CHECK(c.query_int("SELECT count(*) FROM crawl_tasks WHERE state = 'done'") == kTasks);
  CHECK(c.query_int("SELECT count(*) FROM pages") == kTasks);
  CHECK(c.query_int("SELECT count(DISTINCT task_id) FROM pages") == kTasks);
  CHECK(c.query_int("SELECT count(*) FROM crawl_tasks WHERE state = 'leased'") == 0);
  INFO("runs: " << runs << ", kills: " << kills << ", server requests: " << srv.request_count("/p/"));
  CHECK(srv.request_count("/p/") >= static_cast<size_t>(kTasks));
}
