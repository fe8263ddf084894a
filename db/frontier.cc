#include "db/frontier.h"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <stdexcept>

#include <sqlite3.h>
#include <zstd.h>

namespace tradedig::db {

std::string iso_utc_ms(EpochMs t) {
  std::time_t secs = static_cast<std::time_t>(t / 1000);
  int ms = static_cast<int>(t % 1000);
  if (ms < 0) {
    ms += 1000;
    --secs;
  }
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, ms);
  return buf;
}

EpochMs now_epoch_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

namespace {

std::optional<EpochMs> parse_iso_ms(std::string_view s) {
  std::tm tm{};
  int ms = 0;
  std::string str(s);
  int n = std::sscanf(str.c_str(), "%d-%d-%dT%d:%d:%d.%dZ", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
                      &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &ms);
  if (n < 6) return std::nullopt;
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  return static_cast<EpochMs>(timegm(&tm)) * 1000 + (n == 7 ? ms : 0);
}

}  // namespace

const int kPageZstdLevel = 1;

// One crawl completes thousands of tasks: preparing its statements and setting up a zstd context
// (hash tables of a few hundred KB, allocated and zeroed) per page cost more than the SQL they run.
struct Frontier::Cache {
  std::optional<Statement> add, lease_select, lease_update, complete_update, page_insert;
  ZSTD_CCtx* zstd = nullptr;
  std::string zstd_out;  // reused; one grown past kKeepBytes by a rare huge page is let go after it
  static constexpr size_t kKeepBytes = size_t{4} << 20;

  ~Cache() { ZSTD_freeCCtx(zstd); }

  Statement& get(std::optional<Statement>& slot, const Connection& c, const char* sql) {
    if (!slot) slot.emplace(c.prepare(sql));
    return *slot;
  }

  std::string_view compress(std::string_view raw) {
    if (!zstd && !(zstd = ZSTD_createCCtx())) throw std::runtime_error("zstd: cannot create a context");
    const size_t bound = ZSTD_compressBound(raw.size());
    if (zstd_out.size() > kKeepBytes && bound <= kKeepBytes) std::string().swap(zstd_out);
    if (zstd_out.size() < bound) zstd_out.resize(bound);
    const size_t n =
        ZSTD_compressCCtx(zstd, zstd_out.data(), zstd_out.size(), raw.data(), raw.size(), kPageZstdLevel);
    if (ZSTD_isError(n)) throw std::runtime_error(std::string("zstd: ") + ZSTD_getErrorName(n));
    return {zstd_out.data(), n};
  }
};

Frontier::Frontier(Connection& c) : c_(c) {}
Frontier::~Frontier() = default;
Frontier::Frontier(Frontier&&) noexcept = default;

Frontier::Cache& Frontier::cache() {
  if (!cache_) cache_ = std::make_unique<Cache>();
  return *cache_;
}

bool Frontier::add_task(const std::string& source, const std::string& query,
                        const std::optional<std::string>& firm_id) {
  Cache& k = cache();
  auto& st = k.get(k.add, c_, "INSERT OR IGNORE INTO crawl_tasks(source, query, firm_id) VALUES (?, ?, ?)");
  st.bind_all(source, query, firm_id);
  st.run();
  return c_.changes() > 0;
}

int64_t Frontier::requeue_leases(EpochMs now, bool all) {
  auto st = c_.prepare(
      "UPDATE crawl_tasks SET state = 'pending', lease_owner = NULL, lease_until = NULL, "
      "updated_at = ?1 WHERE state = 'leased' AND (?2 OR lease_until IS NULL OR lease_until < ?1)");
  st.bind_all(iso_utc_ms(now), all ? 1 : 0);
  st.run();
  return c_.changes();
}

// One arm per (state, due-date range), each an index range of crawl_tasks_lease (source, state,
// next_due_at; the rowid task_id is its last key) already in (next_due_at, task_id) order, so SQLite
// merges the arms (MERGE (UNION ALL)) and stops after LIMIT rows instead of collecting and sorting
// every due task of the source in a temp B-tree. NULLs sort first in SQLite, so the order is the
// same as before: tasks never scheduled first, then by due date, then by id. `next_due_at <= ?2`
// excludes NULLs, so finished tasks without a due date are never leased (as before).
#define TRADEDIG_LEASE_ARM(cond)                                                                  \
  "SELECT task_id, source, query, attempts, etag, last_modified, content_hash, next_due_at "     \
  "FROM crawl_tasks WHERE source = ?1 AND " cond
const char* const kLeaseSelectSql =
    TRADEDIG_LEASE_ARM("state = 'pending' AND next_due_at IS NULL")
    " UNION ALL " TRADEDIG_LEASE_ARM("state = 'pending' AND next_due_at <= ?2")
    " UNION ALL " TRADEDIG_LEASE_ARM("state = 'done' AND next_due_at <= ?2")
    " UNION ALL " TRADEDIG_LEASE_ARM("state = 'failed' AND next_due_at <= ?2")
    " UNION ALL " TRADEDIG_LEASE_ARM("state = 'blocked' AND next_due_at <= ?2")
    " UNION ALL " TRADEDIG_LEASE_ARM("state = 'gave_up' AND next_due_at <= ?2")
    " ORDER BY next_due_at, task_id LIMIT ?3";
#undef TRADEDIG_LEASE_ARM

std::vector<LeasedTask> Frontier::lease(const std::string& source, const std::string& owner, int limit,
                                        EpochMs now, int64_t lease_ms) {
  std::vector<LeasedTask> out;
  const std::string now_s = iso_utc_ms(now);
  Cache& k = cache();
  Transaction tx(c_);
  {
    auto& st = k.get(k.lease_select, c_, kLeaseSelectSql);
    st.bind_all(source, now_s, limit);
    while (st.step()) {
      LeasedTask t;
      t.task_id = st.column_int(0);
      t.source = st.column_string(1);
      t.query = st.column_string(2);
      t.attempts = static_cast<int>(st.column_int(3));
      t.etag = st.column_opt_string(4);
      t.last_modified = st.column_opt_string(5);
      t.content_hash = st.column_opt_string(6);
      out.push_back(std::move(t));
    }
    st.reset();
  }
  auto& up = k.get(k.lease_update, c_,
                   "UPDATE crawl_tasks SET state = 'leased', lease_owner = ?, lease_until = ?, updated_at = ? "
                   "WHERE task_id = ?");
  const std::string until = iso_utc_ms(now + lease_ms);
  for (const auto& t : out) {
    up.bind_all(owner, until, now_s, t.task_id);
    up.run();
  }
  tx.commit();
  return out;
}

void Frontier::renew_leases(const std::string& owner, EpochMs now, int64_t lease_ms) {
  auto st = c_.prepare("UPDATE crawl_tasks SET lease_until = ? WHERE state = 'leased' AND lease_owner = ?");
  st.bind_all(iso_utc_ms(now + lease_ms), owner);
  st.run();
}

bool Frontier::complete(int64_t task_id, const std::string& owner, const TaskUpdate& u, EpochMs now) {
  const std::string now_s = iso_utc_ms(now);
  Cache& k = cache();
  // Inside the caller's transaction, write there: its commit() lands this task with the others.
  std::optional<Transaction> tx;
  if (sqlite3_get_autocommit(c_.handle())) tx.emplace(c_);
  auto& st = k.get(k.complete_update, c_,
      "UPDATE crawl_tasks SET state = ?1, next_due_at = ?2, "
      " attempts = coalesce(?3, attempts),"
      " last_status = ?4, last_outcome = ?5, last_error = ?6,"
      " etag = coalesce(?7, etag), last_modified = coalesce(?8, last_modified),"
      " content_hash = coalesce(?9, content_hash),"
      " lease_owner = NULL, lease_until = NULL, updated_at = ?10 "
      "WHERE task_id = ?11 AND state = 'leased' AND lease_owner = ?12");
  std::optional<std::string> due;
  if (u.next_due) due = iso_utc_ms(*u.next_due);
  st.bind_all(u.state, due, u.attempts, u.last_status, u.last_outcome, u.last_error, u.etag,
              u.last_modified, u.content_hash, now_s, task_id, owner);
  st.run();
  if (c_.changes() == 0) return false;  // lease lost: another run owns this task now
  if (u.page) {
    const PageRecord& p = *u.page;
    auto& ins = k.get(k.page_insert, c_,
        "INSERT INTO pages(task_id, source, method, url, final_url, status, outcome, headers, fetched_at,"
        " body_zstd, body_size, sha256, http_version) "
        "SELECT ?1, source, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12 FROM crawl_tasks WHERE task_id = ?1");
    ins.bind_all(task_id, p.method, p.url, p.final_url, p.status, p.outcome, p.headers_json, now_s);
    ins.bind_blob(9, k.compress(p.body));
    ins.bind(10, static_cast<int64_t>(p.body.size()));
    ins.bind(11, p.sha256);
    if (p.http_version.empty()) ins.bind(12, nullptr);
    else ins.bind(12, p.http_version);
    ins.run();
  }
  if (tx) tx->commit();
  return true;
}

std::optional<EpochMs> Frontier::next_due(const std::string& source) const {
  auto st = c_.prepare(
      "SELECT min(coalesce(next_due_at, '0000')) FROM crawl_tasks WHERE source = ? AND "
      "(state = 'pending' OR (state <> 'leased' AND next_due_at IS NOT NULL))");
  st.bind(1, source);
  if (!st.step() || st.is_null(0)) return std::nullopt;
  std::string v = st.column_string(0);
  if (v == "0000") return 0;
  return parse_iso_ms(v);
}

int64_t Frontier::count_tasks(const std::string& source, const std::string& state) const {
  auto st = c_.prepare("SELECT count(*) FROM crawl_tasks WHERE source = ? AND state = ?");
  st.bind_all(source, state);
  st.step();
  return st.column_int(0);
}

std::vector<DueSummary> Frontier::due_summary(EpochMs now) const {
  constexpr EpochMs kDay = 86400000;
  // One pass over the table; due dates are ISO text, so bounds are compared as text.
  auto st = c_.prepare(
      "SELECT source, count(*),"
      " sum(state <> 'leased' AND ((state = 'pending' AND (next_due_at IS NULL OR next_due_at <= ?1))"
      "      OR (next_due_at IS NOT NULL AND next_due_at <= ?1))),"
      " sum(state = 'pending' AND (next_due_at IS NULL OR next_due_at <= ?1) AND last_status IS NULL"
      "     AND last_outcome IS NULL AND last_error IS NULL),"
      " sum(state <> 'leased' AND next_due_at > ?1 AND next_due_at <= ?2),"
      " sum(state <> 'leased' AND next_due_at > ?2 AND next_due_at <= ?3),"
      " sum(state <> 'leased' AND next_due_at > ?3 AND next_due_at <= ?4),"
      " sum(state <> 'leased' AND next_due_at > ?4),"
      " sum(state NOT IN ('leased', 'pending') AND next_due_at IS NULL),"
      " sum(state = 'leased'),"
      " min(CASE WHEN state <> 'leased' AND next_due_at > ?1 THEN next_due_at END) "
      "FROM crawl_tasks GROUP BY source ORDER BY source");
  st.bind_all(iso_utc_ms(now), iso_utc_ms(now + 7 * kDay), iso_utc_ms(now + 30 * kDay),
              iso_utc_ms(now + 90 * kDay));
  std::vector<DueSummary> out;
  while (st.step()) {
    DueSummary d;
    d.source = st.column_string(0);
    d.total = st.column_int(1);
    d.due_now = st.column_int(2);
    d.never_fetched = st.column_int(3);
    d.within_7d = st.column_int(4);
    d.within_30d = st.column_int(5);
    d.within_90d = st.column_int(6);
    d.later = st.column_int(7);
    d.unscheduled = st.column_int(8);
    d.leased = st.column_int(9);
    if (!st.is_null(10)) d.next_due = parse_iso_ms(st.column_text(10));
    out.push_back(std::move(d));
  }
  return out;
}

int64_t Frontier::reschedule_done(const std::string& source, std::optional<int64_t> interval_ms) {
  auto st = c_.prepare(
      "UPDATE crawl_tasks SET next_due_at = CASE WHEN ?2 IS NULL THEN NULL ELSE"
      " strftime('%Y-%m-%dT%H:%M:%fZ', updated_at, printf('%+.3f seconds', ?2 / 1000.0)) END "
      "WHERE source = ?1 AND state = 'done' AND next_due_at IS NOT CASE WHEN ?2 IS NULL THEN NULL ELSE"
      " strftime('%Y-%m-%dT%H:%M:%fZ', updated_at, printf('%+.3f seconds', ?2 / 1000.0)) END");
  st.bind_all(source, interval_ms);
  st.run();
  return c_.changes();
}

}  // namespace tradedig::db
