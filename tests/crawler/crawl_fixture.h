// Shared set-up for crawler tests: a scratch store, a fast source spec, a captured log.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "crawler/crawler.h"
#include "db/frontier.h"
#include "db/schema.h"
#include "tests/test_support.h"

namespace tradedig::testing {

// Politeness and retries scaled down so a test crawl takes milliseconds, not minutes.
inline crawler::SourceSpec fast_source(const std::string& name, const std::string& url_template) {
  crawler::SourceSpec s = crawler::source_from_template(name, url_template);
  s.politeness.min_delay_s = 0;
  s.politeness.max_concurrency = 8;
  s.politeness.autothrottle = false;
  return s;
}

inline crawler::CrawlOptions fast_options(std::shared_ptr<std::vector<std::string>> log) {
  crawler::CrawlOptions o;
  o.user_agent = "tradedig-test/1.0 (+mailto:test@example.org)";
  o.connect_timeout_s = 5;
  o.total_timeout_s = 10;
  o.max_wait_for_due_s = 30;
  o.retry.max_attempts = 4;
  o.retry.base_backoff_s = 0.02;
  o.retry.max_backoff_s = 0.2;
  o.retry.breaker_threshold = 100;
  o.retry.breaker_cooldown_s = 0.2;
  o.retry.stall_limit_s = 30;
  o.log = [log](std::string_view line) { log->emplace_back(line); };
  return o;
}

// A fresh store in `dir` with tasks "0".."n-1" of `source`.
inline db::Connection store_with_tasks(const ScratchDir& dir, const std::string& source, int n) {
  auto c = db::open_store(dir.file("s.db"));
  db::Frontier f(c);
  for (int i = 0; i < n; ++i) f.add_task(source, std::to_string(i));
  return c;
}

inline bool log_has(const std::vector<std::string>& log, const std::string& needle) {
  for (const auto& l : log)
    if (l.find(needle) != std::string::npos) return true;
  return false;
}

inline std::string task_state(db::Connection& c, const std::string& source, const std::string& query) {
  auto st = c.prepare("SELECT state FROM crawl_tasks WHERE source = ? AND query = ?");
  st.bind_all(source, query);
  return st.step() ? st.column_string(0) : std::string("<missing>");
}

}  // namespace tradedig::testing
