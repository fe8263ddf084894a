// The crawl frontier: the SQL behind `crawl_tasks` and `pages` (only db/ writes SQL).
//
// Contract: a task is handed to one crawler at a time through a lease (state 'leased',
// lease_owner, lease_until). Every state change is written through at once. A final result and its
// page are committed in ONE transaction, and only while the caller still holds the lease, so a page
// is never stored twice nor lost: a crawler killed mid-fetch leaves a lease that expires (or is
// reclaimed) and the task is fetched again; a crawler killed after the commit leaves nothing to redo.
//
// Times are milliseconds since the Unix epoch in the API and ISO-8601 UTC text with milliseconds
// ("2026-11-21T15:52:05.123Z") in the store, so text comparison in SQL orders them correctly.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
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

// A raw response to keep for audit and re-extraction; the body is zstd-compressed on insert.
struct PageRecord {
  std::string method = "GET", url, final_url;
  int status = 0;
  std::string outcome;       // ok | not_found | blocked | error
  std::string headers_json;  // the response headers as a JSON object
  std::string body;          // raw bytes
  std::string sha256;        // of body
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

class Frontier {
 public:
  explicit Frontier(Connection& c) : c_(c) {}

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
  // task; returns false, storing nothing, when it does not (the lease was lost).
  bool complete(int64_t task_id, const std::string& owner, const TaskUpdate& u, EpochMs now);

  // The earliest due time of a task of `source` that is not leased (nullopt: none is scheduled).
  std::optional<EpochMs> next_due(const std::string& source) const;

  int64_t count_tasks(const std::string& source, const std::string& state) const;

 private:
  Connection& c_;
};

}  // namespace tradedig::db
