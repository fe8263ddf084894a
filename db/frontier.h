// The crawl frontier: the SQL behind `crawl_tasks` and `pages` (only db/ writes SQL).
//
// Contract: a task is handed to one crawler at a time through a lease (state 'leased',
// lease_owner, lease_until). Every state change is written through at once. A final result and its
// page are committed in ONE transaction, and only while the caller still holds the lease, so a page
// is never stored twice nor lost: a crawler killed mid-fetch leaves a lease that expires (or is
// reclaimed) and the task is fetched again; a crawler killed after the commit leaves nothing to redo.
// A caller may group several complete() calls in one db::Transaction of its own (the crawl engine
// commits the results of one network poll together): each task's page and state still land
// together, and a crash before that commit stores none of the group, whose leases then expire.
//
// Times are milliseconds since the Unix epoch in the API and ISO-8601 UTC text with milliseconds
// ("2026-11-21T15:52:05.123Z") in the store, so text comparison in SQL orders them correctly.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "db/connection.h"

namespace tradedig::db {

using EpochMs = int64_t;

std::string iso_utc_ms(EpochMs t);  // "2026-11-21T15:52:05.123Z"
EpochMs now_epoch_ms();

struct LeasedTask {
  int64_t task_id = 0;
  std::string source, query;
  int attempts = 0;                    // consecutive failed attempts so far
  std::optional<std::string> etag;     // from the last stored page, for If-None-Match
  std::optional<std::string> last_modified;  // for If-Modified-Since
  std::optional<std::string> content_hash;   // SHA-256 of the last stored body
};

// A raw response to keep for audit and re-extraction; the body is zstd-compressed on insert
// (level kPageZstdLevel).
struct PageRecord {
  std::string method = "GET", url, final_url;
  int status = 0;
  std::string outcome;       // ok | not_found | blocked | error
  std::string headers_json;  // the response headers as a JSON object
  std::string_view body;     // raw bytes, borrowed: the caller keeps them alive through complete()
  std::string sha256;        // of body
  std::string http_version;  // "1.0", "1.1", "2", "3"; empty: unknown (stored as NULL)
};

// What a fetch did to a task: its new state, when it is next due, and an optional page to store.
struct TaskUpdate {
  std::string state;                  // pending | done | failed | blocked | gave_up
  std::optional<EpochMs> next_due;    // none: never again (for final states) / now (pending)
  std::optional<int> attempts;        // new consecutive-failure count; none keeps the stored one
  std::optional<int> last_status;
  std::optional<std::string> last_outcome, last_error;
  std::optional<std::string> etag, last_modified, content_hash;  // replace stored values when set
  std::optional<PageRecord> page;     // stored in the same transaction
};

// What is due when, per source (`tradedig schedule`). Buckets are exclusive and add up to `total`
// except `never_fetched`, which is the part of `due_now` that has never had a response.
struct DueSummary {
  std::string source;
  int64_t total = 0;
  int64_t due_now = 0;        // leasable now: pending without a future due date, or any due date passed
  int64_t never_fetched = 0;  // of due_now: no response of any kind yet
  int64_t within_7d = 0;      // due in (now, now + 7 days]
  int64_t within_30d = 0;     // due in (now + 7 days, now + 30 days]
  int64_t within_90d = 0;     // due in (now + 30 days, now + 90 days]
  int64_t later = 0;          // due after now + 90 days
  int64_t unscheduled = 0;    // finished with no due date: never re-crawled
  int64_t leased = 0;         // in flight in a running (or crashed, lease not yet expired) crawl
  std::optional<EpochMs> next_due;  // earliest future due date (none when nothing is scheduled later)
};

// The SELECT behind Frontier::lease (?1 source, ?2 now as ISO text, ?3 limit), exposed so a test can
// check its EXPLAIN QUERY PLAN: it must read the crawl_tasks_lease index in order, with no temp
// B-tree, or leasing from a large frontier sorts every due task on each call.
extern const char* const kLeaseSelectSql;

// The zstd level of stored page bodies. See bench/RESULTS.md (issue 3) for its CPU cost and ratio
// on 100 KB HTML pages against levels 3 and below.
extern const int kPageZstdLevel;

// Holds prepared statements and a zstd context for its connection: create one per crawl (or per
// loop of add_task calls), not one per call, and let it go before the Connection.
class Frontier {
 public:
  explicit Frontier(Connection& c);
  ~Frontier();
  Frontier(Frontier&&) noexcept;
  Frontier(const Frontier&) = delete;
  Frontier& operator=(const Frontier&) = delete;
  Frontier& operator=(Frontier&&) = delete;

  // Adds a task unless (source, query) exists; returns true when it was new.
  bool add_task(const std::string& source, const std::string& query,
                const std::optional<std::string>& firm_id = std::nullopt);

  // Makes leases whose lease_until is before `now` pending again; with `all`, every lease (use
  // when no other crawler shares the store). Returns how many tasks were re-queued.
  int64_t requeue_leases(EpochMs now, bool all = false);

  // Leases up to `limit` due tasks of `source` to `owner` until now + lease_ms. Due: pending with
  // no due date or one in the past, or any other non-leased state whose due date has passed.
  std::vector<LeasedTask> lease(const std::string& source, const std::string& owner, int limit,
                                EpochMs now, int64_t lease_ms);

  // Extends every lease `owner` holds to now + lease_ms (called periodically by a live crawler).
  void renew_leases(const std::string& owner, EpochMs now, int64_t lease_ms);

  // Applies `u` (and stores u.page) in one transaction if `owner` still holds the lease on the
  // task; returns false, storing nothing, when it does not (the lease was lost). Inside a
  // transaction the caller opened, it writes there and the caller's commit() makes it durable.
  bool complete(int64_t task_id, const std::string& owner, const TaskUpdate& u, EpochMs now);

  // The earliest due time of a task of `source` that is not leased (nullopt: none is scheduled).
  std::optional<EpochMs> next_due(const std::string& source) const;

  int64_t count_tasks(const std::string& source, const std::string& state) const;

  // Due counts of every source with tasks in the store, ordered by source name.
  std::vector<DueSummary> due_summary(EpochMs now) const;

  // Re-dates the finished ('done') tasks of `source` to their last update + interval_ms, so a
  // changed re-crawl interval applies to pages fetched before the change; with no interval, done
  // tasks are never re-crawled (due date cleared). Returns how many tasks changed.
  int64_t reschedule_done(const std::string& source, std::optional<int64_t> interval_ms);

 private:
  struct Cache;  // prepared statements, zstd context and buffer, made on first use
  Cache& cache();
  Connection& c_;
  std::unique_ptr<Cache> cache_;
};

}  // namespace tradedig::db
