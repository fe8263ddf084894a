// run_crawl: the one loop that leases tasks, paces hosts, drives the fetcher and commits results.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <deque>
#include <map>
#include <optional>
#include <random>
#include <thread>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "crawler/crawler.h"
#include "crawler/fetcher.h"
#include "crawler/host_throttle.h"
#include "crawler/retry.h"
#include "crawler/robots.h"
#include "crawler/url_parts.h"
#include "crawler/whois_pool.h"
#include "crawler/whois_source.h"
#include "db/frontier.h"
#include "util/error.h"
#include "util/progress.h"
#include "util/sha256.h"

namespace tradedig::crawler {
namespace {

struct Job {
  db::LeasedTask task;
  const SourceSpec* src = nullptr;
  FetchRequest req;
  UrlParts url;  // url.host_key: the host the job is queued on / running against
  // WHOIS (protocol "whois") only: whom to ask about what, and the referral step of a thin registry.
  bool whois = false;
  WhoisTarget target;
  std::string referral;             // registrar's server while the referral step is queued or running
  std::string registry_host;        // host key of the registry, whose outcome the task's is
  std::optional<FetchResult> registry_reply;
};

enum class RobotsState { kUnknown, kFetching, kReady };

struct Host {
  HostThrottle throttle;
  const SourceSpec* src;  // the first source seen on the host: its politeness, proxy, cookies
  RobotsState robots_state;
  RobotsRules robots = RobotsRules::allow_all();
  int robots_attempts = 0;
  std::deque<Job> queue;
};

db::TaskUpdate make_update(std::string state, std::optional<std::string> error,
                           std::optional<db::EpochMs> due = std::nullopt, std::optional<int> attempts = std::nullopt) {
  db::TaskUpdate u;
  u.state = std::move(state);
  u.last_error = std::move(error);
  u.next_due = due;
  u.attempts = attempts;
  return u;
}

// FetchResult::http_version (11, 20, ...) as pages.http_version stores it ("1.1", "2"); "" when unknown.
std::string http_version_text(int v) {
  if (v <= 0) return {};
  return v >= 20 ? std::to_string(v / 10) : fmt::format("{}.{}", v / 10, v % 10);
}

std::string headers_json(const FetchResult& r) {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& [k, v] : r.headers) {
    if (j.contains(k)) j[k] = j[k].get<std::string>() + ", " + v;
    else j[k] = v;
  }
  return j.dump();
}

// A crawl writes pages it never reads back, so a large SQLite page cache only fills with them, and
// SQLite walks the cache's hash table at every commit: with the store's 128 MB cache that walk was
// 3-4 % of crawl CPU (bench/RESULTS.md, issue 3). The crawl runs with 8 MB, and the caller's
// connection gets its own setting back afterwards.
class CrawlCacheSize {
 public:
  explicit CrawlCacheSize(db::Connection& c) : c_(c), before_(c.query_int("PRAGMA cache_size").value_or(-2000)) {
    c_.exec("PRAGMA cache_size=-8192");
  }
  ~CrawlCacheSize() {
    try {
      c_.exec("PRAGMA cache_size=" + std::to_string(before_));
    } catch (...) {
      // Only a cache size: nothing to undo if the connection is failing anyway.
    }
  }
  CrawlCacheSize(const CrawlCacheSize&) = delete;
  CrawlCacheSize& operator=(const CrawlCacheSize&) = delete;

 private:
  db::Connection& c_;
  int64_t before_;
};

class Engine {
 public:
  Engine(db::Connection& store, const std::vector<SourceSpec>& sources, const CrawlOptions& opt)
      : store_(store), frontier_(store), sources_(sources), opt_(opt), fetcher_(fetcher_options(opt)),
        whois_pool_(std::min(8, std::max(1, opt.max_in_flight))), rng_(std::random_device{}()), t0_(std::chrono::steady_clock::now()) {
    owner_ = fmt::format("pid{}-{}", ::getpid(), rng_() % 1000000);
    agent_ = product_token(opt.user_agent);
  }

  CrawlSummary run();

 private:
  static FetcherOptions fetcher_options(const CrawlOptions& o) {
    FetcherOptions f;
    f.user_agent = o.user_agent;
    f.connect_timeout_s = o.connect_timeout_s;
    f.total_timeout_s = o.total_timeout_s;
    f.max_redirects = o.max_redirects;
    f.resolve = o.resolve;
    return f;
  }
  double now() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0_).count();
  }
  void log(const std::string& line) const {
    if (opt_.log) opt_.log(line);
    else std::fprintf(stderr, "%s\n", line.c_str());
  }
  db::EpochMs epoch_after(double seconds) const {
    return db::now_epoch_ms() + static_cast<db::EpochMs>(seconds * 1000);
  }

  void refill();
  void start_ready();
  void check_stalls();
  void handle_robots(Host& h, const std::string& key, const FetchResult& r);
  // `account`: feed the response time to the host's adaptive delay (false when that was done).
  void handle_job(Job& job, FetchResult& r, bool account = true);
  void handle_whois(Job& job, const WhoisReply& reply);
  void start_whois(uint64_t id, const Job& job);
  std::map<std::string, Host>::iterator host_for(const std::string& key, const SourceSpec& src, bool robots);
  size_t in_flight() const { return fetcher_.in_flight() + whois_pool_.in_flight(); }
  bool referrals_queued() const;  // a WHOIS referral step waits for its registrar's host
  void finish(const Job& job, const db::TaskUpdate& u, const std::string& outcome);
  void give_up_job(const Job& job, const std::string& why);
  bool idle() const;

  db::Connection& store_;
  db::Frontier frontier_;
  const std::vector<SourceSpec>& sources_;
  const CrawlOptions& opt_;
  Fetcher fetcher_;
  WhoisPool whois_pool_;
  std::mt19937_64 rng_;
  std::chrono::steady_clock::time_point t0_;
  std::string owner_, agent_;
  std::map<std::string, Host> hosts_;
  std::map<uint64_t, Job> in_flight_jobs_;
  std::map<uint64_t, std::string> in_flight_robots_;  // transfer id -> host key
  std::map<std::string, size_t> backlog_;              // source -> leased, not yet finished
  uint64_t next_id_ = 1;
  int64_t finals_ = 0;
  bool stop_leasing_ = false;
  CrawlSummary sum_;
};

void Engine::refill() {
  if (stop_leasing_) return;
  const size_t target = static_cast<size_t>(std::max(16, opt_.max_in_flight * 2));
  for (const auto& src : sources_) {
    size_t& have = backlog_[src.name];
    if (have > target / 2) continue;
    auto tasks = frontier_.lease(src.name, owner_, static_cast<int>(target - have), db::now_epoch_ms(), opt_.lease_ms);
    for (auto& t : tasks) {
      Job job;
      job.src = &src;
      job.whois = src.protocol == "whois";
      // A WHOIS request follows the spec's settings as they are now, not as make_request captured them.
      job.req = job.whois ? whois_request(src.whois, t.query) : src.make_request(t.query);
      // Conditional GET: the validators of the last stored page make an unchanged page a 304.
      if (t.etag && !job.whois) job.req.headers.emplace_back("If-None-Match", *t.etag);
      if (t.last_modified && !job.whois) job.req.headers.emplace_back("If-Modified-Since", *t.last_modified);
      job.task = std::move(t);
      ++have;
      if (job.whois) {
        auto where = parse_whois_url(job.req.url);
        if (!where) {
          const std::string& q = job.task.query;
          std::string why = whois_domain_query(q).empty() ? "'" + q + "' is not a domain name"
                                                          : "no WHOIS server is known for " + q +
                                                                ": add its suffix to [whois_servers] in the profile";
          finish(job, make_update("failed", why, std::nullopt, 0), "error");
          continue;
        }
        job.target = *where;
        job.url = UrlParts{"whois://" + where->server, "/" + where->domain};
      } else {
        auto parts = parse_url(job.req.url);
        if (!parts) {
          finish(job, make_update("failed", "the source made an unusable URL: " + job.req.url, std::nullopt, 0),
                 "error");
          continue;
        }
        job.url = *parts;
      }
      auto it = host_for(job.url.host_key, src, src.obey_robots && !job.whois);
      if (it->second.throttle.given_up()) {
        give_up_job(job, "host " + job.url.host_key + " was given up earlier in this run");
        continue;
      }
      it->second.queue.push_back(std::move(job));
    }
  }
}

std::map<std::string, Host>::iterator Engine::host_for(const std::string& key, const SourceSpec& src, bool robots) {
  auto it = hosts_.find(key);
  if (it != hosts_.end()) return it;
  Host h{HostThrottle(src.politeness, opt_.retry, now()), &src,
         robots ? RobotsState::kUnknown : RobotsState::kReady, RobotsRules::allow_all(), 0, {}};
  return hosts_.emplace(key, std::move(h)).first;
}

void Engine::start_whois(uint64_t id, const Job& job) {
  const std::string& server = job.referral.empty() ? job.target.server : job.referral;
  WhoisQueryOptions o = whois_query_options(job.src->whois, opt_.connect_timeout_s, opt_.total_timeout_s);
  if (!job.src->whois.connect_all.empty()) o.server_addresses[server] = job.src->whois.connect_all;
  whois_pool_.start(id, server, job.target.domain, std::move(o));
}

bool Engine::referrals_queued() const {
  for (const auto& [key, h] : hosts_)
    if (!h.throttle.given_up() && !h.queue.empty() && h.queue.front().registry_reply) return true;
  return false;
}

void Engine::start_ready() {
  // max_tasks reached: only let in-flight work finish, including WHOIS referral steps (their
  // registry reply is in hand and they are first in their host's queue).
  const bool referrals_only = stop_leasing_;
  const double t = now();
  for (auto& [key, h] : hosts_) {
    if (h.queue.empty() || h.throttle.given_up()) continue;
    if (referrals_only && !h.queue.front().registry_reply) continue;
    if (h.robots_state == RobotsState::kFetching) continue;
    if (h.robots_state == RobotsState::kUnknown) {
      if (!h.throttle.can_start(t)) continue;
      uint64_t id = next_id_++;
      FetchRequest req;
      req.url = key + "/robots.txt";
      fetcher_.start(id, req, {h.src->proxy, h.src->cookie_file, h.src->ca_file});
      h.throttle.on_start(t);
      h.robots_state = RobotsState::kFetching;
      in_flight_robots_[id] = key;
      continue;
    }
    while (!h.queue.empty() && (!referrals_only || h.queue.front().registry_reply) &&
           static_cast<int>(in_flight()) < opt_.max_in_flight && h.throttle.can_start(t)) {
      Job job = std::move(h.queue.front());
      h.queue.pop_front();
      if (job.src->obey_robots && !h.robots.allowed(job.url.path_and_query)) {
        ++sum_.robots_denied;
        finish(job, make_update("failed", "disallowed by robots.txt", std::nullopt, 0),
               "robots_denied");
        continue;
      }
      uint64_t id = next_id_++;
      if (job.whois) start_whois(id, job);
      else fetcher_.start(id, job.req, {job.src->proxy, job.src->cookie_file, job.src->ca_file});
      h.throttle.on_start(t);
      in_flight_jobs_.emplace(id, std::move(job));
    }
  }
}

void Engine::check_stalls() {
  const double t = now();
  for (auto& [key, h] : hosts_) {
    if (h.throttle.given_up() || h.queue.empty() || !h.throttle.stalled(t)) continue;
    h.throttle.give_up();
    sum_.hosts_given_up.push_back(key);
    log(fmt::format("crawl: giving up host {} for this run: no successful response in {:.0f} s "
                    "({} queued tasks marked gave_up, due again in {:.0f} s)",
                    key, opt_.retry.stall_limit_s, h.queue.size(), opt_.retry.give_up_retry_s));
    while (!h.queue.empty()) {
      Job job = std::move(h.queue.front());
      h.queue.pop_front();
      if (job.registry_reply) {
        // A stalled registrar: the registry's reply, already in hand, is stored alone.
        FetchResult r = std::move(*job.registry_reply);
        job.url.host_key = job.registry_host;
        handle_job(job, r, /*account=*/false);
        continue;
      }
      give_up_job(job, "host " + key + " stalled; given up for this run");
    }
  }
}

void Engine::give_up_job(const Job& job, const std::string& why) {
  finish(job, make_update("gave_up", why, epoch_after(opt_.retry.give_up_retry_s)),
         "gave_up");
}

void Engine::finish(const Job& job, const db::TaskUpdate& u, const std::string& outcome) {
  if (!frontier_.complete(job.task.task_id, owner_, u, db::now_epoch_ms())) {
    ++sum_.lost_leases;
    log(fmt::format("crawl: lease on task {} was lost; result not stored", job.task.task_id));
  } else if (u.state != "pending") {
    ++sum_.by_source_outcome[job.src->name][outcome];
    if (u.page) ++sum_.pages_stored;
    ++finals_;
  }
  --backlog_[job.src->name];
  if (opt_.max_tasks >= 0 && finals_ >= opt_.max_tasks) stop_leasing_ = true;
}

void Engine::handle_robots(Host& h, const std::string& key, const FetchResult& r) {
  if (r.curl_code == 0 && r.status >= 200 && r.status < 300) {
    h.robots = RobotsRules::parse(r.body, agent_);
    if (auto d = h.robots.crawl_delay_s()) {
      double use = std::min(*d, h.src->politeness.max_crawl_delay_s);
      if (use < *d) log(fmt::format("crawl: {} asks Crawl-delay {} s; capped at {} s", key, *d, use));
      h.throttle.raise_min_delay(use);
    }
  } else if (r.curl_code == 0 && r.status >= 400 && r.status < 500) {
    h.robots = RobotsRules::allow_all();  // RFC 9309 §2.3.1.3: unavailable means no restrictions
  } else if (++h.robots_attempts < 3) {
    h.throttle.pause_until(now() + backoff_s(opt_.retry, h.robots_attempts, rng_));
    h.robots_state = RobotsState::kUnknown;
    return;
  } else {
    // RFC 9309 §2.3.1.4: unreachable robots.txt means complete disallow.
    log(fmt::format("crawl: robots.txt of {} unreachable ({}); treating the host as disallowed", key,
                    r.curl_code ? r.error : std::to_string(r.status)));
    h.robots = RobotsRules::disallow_all();
  }
  h.robots_state = RobotsState::kReady;
}

void Engine::handle_whois(Job& job, const WhoisReply& reply) {
  const double t = now();
  const std::string server = job.referral.empty() ? job.target.server : job.referral;
  FetchResult r = whois_fetch_result(reply, "whois://" + server + "/" + job.target.domain);
  if (!job.referral.empty()) {
    // The registrar's step: paced and accounted on the registrar's host, but it never decides the
    // task. A registrar that fails or rate-limits leaves the registry's reply, which has the dates.
    Host& rh = hosts_.at(job.url.host_key);
    const Outcome o = classify_whois(job.src->rules, r, job.target.domain);
    const bool good = r.curl_code == 0 && o != Outcome::kBlocked && o != Outcome::kError;
    if (r.status != 0) rh.throttle.on_response(r.seconds, good);
    FetchResult combined = std::move(*job.registry_reply);
    if (good) {
      rh.throttle.record_success(t);
      combined.body += "\n";
      combined.body += r.body;
      combined.final_url = r.final_url;
      combined.seconds += r.seconds;
    } else {
      if (o == Outcome::kBlocked) rh.throttle.pause_until(t + backoff_s(opt_.retry, 1, rng_));
      if (rh.throttle.record_failure(t))
        log(fmt::format("crawl: host {} paused after repeated failures", job.url.host_key));
      log(fmt::format("crawl: referral to {} for {} gave no reply ({}); storing the registry's reply alone", server,
                      job.target.domain, r.curl_code ? r.error : std::string("rate limit reply")));
    }
    job.url.host_key = job.registry_host;
    handle_job(job, combined, /*account=*/false);
    return;
  }
  if (job.src->whois.follow_referral && classify_whois(job.src->rules, r, job.target.domain) == Outcome::kOk) {
    // Thin registry (Verisign .com/.net): the registrar's server holds the full record; ask it once.
    std::string ref = whois_referral(r.body, job.target.domain);
    if (!ref.empty() && ref != job.target.server && whois_domain_query(ref) == ref) {
      Host& h = hosts_.at(job.url.host_key);
      h.throttle.on_response(r.seconds, true);
      h.throttle.record_success(t);
      auto it = host_for("whois://" + ref, *job.src, false);
      if (!it->second.throttle.given_up()) {
        job.registry_host = job.url.host_key;
        job.url.host_key = it->first;
        job.referral = ref;
        job.registry_reply = std::move(r);
        it->second.queue.push_front(std::move(job));  // first in line: the task holds a lease
        return;
      }
      handle_job(job, r, /*account=*/false);
      return;
    }
  }
  handle_job(job, r);
}

void Engine::handle_job(Job& job, FetchResult& r, bool account) {
  Host& h = hosts_.at(job.url.host_key);
  const double t = now();
  const Outcome outcome =
      job.whois ? classify_whois(job.src->rules, r, job.target.domain) : classify(job.src->rules, r);
  const bool good = r.curl_code == 0 && (outcome == Outcome::kOk || outcome == Outcome::kNotFound);
  if (r.status != 0 && account) h.throttle.on_response(r.seconds, good);
  // A WHOIS rate-limit reply is the registry's 429: retried after back-off, the server paused.
  const bool whois_limited = job.whois && outcome == Outcome::kBlocked;

  // The record borrows r.body (no copy of the page); r outlives finish(), which stores it.
  auto page = [&](const std::string& sha) {
    return db::PageRecord{.method = job.req.method, .url = job.req.url, .final_url = r.final_url,
                          .status = r.status, .outcome = outcome_name(outcome),
                          .headers_json = headers_json(r), .body = r.body, .sha256 = sha,
                          .http_version = http_version_text(r.http_version)};
  };
  db::TaskUpdate u;
  u.last_status = r.status ? std::optional<int>(r.status) : std::nullopt;
  u.last_outcome = outcome_name(outcome);
  if (r.curl_code) u.last_error = r.error;

  if (job.whois ? r.curl_code != 0 || whois_limited : is_retryable(r)) {
    const int attempts = job.task.attempts + 1;
    double wait = backoff_s(opt_.retry, attempts, rng_);
    auto ra = parse_retry_after(r.header("retry-after"), db::now_epoch_ms() / 1000);
    if (ra) {
      if (*ra > opt_.retry.retry_after_cap_s)
        log(fmt::format("crawl: {} asked Retry-After {} s; capped at {} s", job.url.host_key, *ra,
                        opt_.retry.retry_after_cap_s));
      wait = std::min(*ra, opt_.retry.retry_after_cap_s);
    }
    // The server asked the whole host to slow down, not only this URL.
    if (ra || r.status == 429 || r.status == 503 || whois_limited) h.throttle.pause_until(t + wait);
    if (h.throttle.record_failure(t))
      log(fmt::format("crawl: host {} paused after repeated failures (last: {})", job.url.host_key,
                      r.curl_code        ? r.error
                      : whois_limited ? std::string("WHOIS rate limit reply")
                                      : "HTTP " + std::to_string(r.status)));
    if (attempts < opt_.retry.max_attempts) {
      ++sum_.retries;
      u.state = "pending";
      u.next_due = epoch_after(wait);
      u.attempts = attempts;
      finish(job, u, "retry");
      return;
    }
    // Out of attempts: keep the last response for audit and try again on a later run.
    u.state = outcome == Outcome::kBlocked ? "blocked" : "failed";
    u.next_due = epoch_after(opt_.retry.give_up_retry_s);
    u.attempts = 0;
    if (r.status) u.page = page(sha256_hex(r.body));
    finish(job, u, outcome_name(outcome));
    return;
  }

  u.attempts = 0;
  if (outcome == Outcome::kBlocked) {
    // Stored for audit, never extracted; the host backs off as after a failure.
    if (h.throttle.record_failure(t))
      log(fmt::format("crawl: host {} paused after repeated block pages", job.url.host_key));
    else
      h.throttle.pause_until(t + backoff_s(opt_.retry, 1, rng_));
    u.state = "blocked";
    u.next_due = epoch_after(opt_.retry.give_up_retry_s);
    u.page = page(sha256_hex(r.body));
    finish(job, u, "blocked");
    return;
  }
  if (outcome == Outcome::kError) {
    u.state = "failed";
    u.next_due = epoch_after(opt_.retry.give_up_retry_s);
    if (r.status) u.page = page(sha256_hex(r.body));
    finish(job, u, "error");
    return;
  }
  h.throttle.record_success(t);
  u.state = "done";
  if (job.src->recrawl_interval_s) u.next_due = epoch_after(*job.src->recrawl_interval_s);
  if (r.status == 304) {
    ++sum_.not_modified;
    finish(job, u, "not_modified");
    return;
  }
  std::string sha = sha256_hex(r.body);
  if (auto e = r.header("etag"); !e.empty()) u.etag = e;
  if (auto lm = r.header("last-modified"); !lm.empty()) u.last_modified = lm;
  u.content_hash = sha;
  if (job.task.content_hash && *job.task.content_hash == sha) {
    ++sum_.not_modified;  // same bytes as the stored page: no second copy
    finish(job, u, "not_modified");
    return;
  }
  u.page = page(sha);
  finish(job, u, outcome_name(outcome));
}

bool Engine::idle() const {
  if (in_flight()) return false;
  for (const auto& [key, h] : hosts_)
    if (!h.queue.empty()) return false;
  return true;
}

CrawlSummary Engine::run() {
  for (const auto& s : sources_) {
    if (!s.make_request && s.protocol == "http") throw UserError("source '" + s.name + "' has no request builder");
    if (s.protocol != "http" && s.protocol != "whois")
      throw UserError("source '" + s.name + "' has protocol '" + s.protocol + "': use \"http\" or \"whois\"");
    if (!s.obey_robots && s.protocol == "http")
      log(fmt::format("crawl: robots.txt is NOT obeyed for source {} (override set in its profile)", s.name));
    if (s.protocol == "http" && s.proxy != "none" && !s.proxy.empty())
      log(fmt::format("crawl: source {} fetches through proxy {}", s.name, proxy_for_log(s.proxy)));
  }
  // Followed as curl and Scrapy follow it; said once, so a crawl's route is never a surprise.
  if (std::string env = environment_proxy(); !env.empty())
    for (const auto& s : sources_)
      if (s.protocol == "http" && s.proxy.empty()) {
        log(fmt::format("crawl: sources without a proxy of their own use the environment's ({}; loopback hosts "
                        "excepted); proxy = \"none\" in a profile goes direct",
                        env));
        break;
      }
  CrawlCacheSize cache_size(store_);
  if (int64_t n = frontier_.requeue_leases(db::now_epoch_ms(), opt_.reclaim_all_leases))
    log(fmt::format("crawl: re-queued {} tasks leased by an earlier run that did not finish", n));
  std::optional<Progress> progress;
  if (opt_.progress) progress.emplace("crawl", "tasks");
  double last_renew = now();
  int64_t shown = 0;
  while (true) {
    if (now() - last_renew > opt_.lease_ms / 3000.0) {
      frontier_.renew_leases(owner_, db::now_epoch_ms(), opt_.lease_ms);
      last_renew = now();
    }
    refill();
    start_ready();
    check_stalls();
    if (stop_leasing_ && in_flight() == 0 && !referrals_queued()) break;
    if (idle()) {
      std::optional<db::EpochMs> due;
      for (const auto& s : sources_)
        if (auto d = frontier_.next_due(s.name); d && (!due || *d < *due)) due = d;
      if (!due || *due > epoch_after(opt_.max_wait_for_due_s)) break;
    }
    // Sleep in the fetcher until the next host is ready (at most 50 ms, so new due tasks start).
    double wake = now() + 0.05;
    for (const auto& [key, h] : hosts_)
      if (!h.queue.empty() && !h.throttle.given_up()) wake = std::min(wake, h.throttle.ready_at());
    int wait_ms = std::clamp(static_cast<int>((wake - now()) * 1000), 0, 50);
    if (in_flight() == 0) {
      std::this_thread::sleep_for(std::chrono::milliseconds(wait_ms));
      continue;
    }
    // Both kinds in flight: a short wait on each, so neither kind's results sit waiting.
    const bool both = fetcher_.in_flight() && whois_pool_.in_flight();
    std::vector<std::pair<uint64_t, FetchResult>> transfers;
    if (fetcher_.in_flight()) transfers = fetcher_.poll(both ? std::min(wait_ms, 5) : wait_ms);
    std::vector<std::pair<uint64_t, WhoisReply>> replies;
    if (whois_pool_.in_flight()) replies = whois_pool_.poll(both ? 0 : wait_ms);
    // The results of one poll are committed together: one commit (and one write of the shared
    // B-tree pages) per poll instead of per task. Each task's page and state are still in the same
    // transaction, and a crash before the commit loses only results that were never committed
    // (their leases expire and the tasks are fetched again), so nothing is stored twice.
    std::optional<db::Transaction> batch;
    if (transfers.size() + replies.size() > 1) batch.emplace(store_);
    for (auto& [id, reply] : replies) {
      ++sum_.fetches;
      auto it = in_flight_jobs_.find(id);
      if (it == in_flight_jobs_.end()) continue;
      Job job = std::move(it->second);
      in_flight_jobs_.erase(it);
      hosts_.at(job.url.host_key).throttle.on_finish();
      handle_whois(job, reply);
    }
    for (auto& [id, result] : transfers) {
      ++sum_.fetches;
      if (auto rit = in_flight_robots_.find(id); rit != in_flight_robots_.end()) {
        Host& h = hosts_.at(rit->second);
        h.throttle.on_finish();
        handle_robots(h, rit->second, result);
        in_flight_robots_.erase(rit);
        continue;
      }
      auto it = in_flight_jobs_.find(id);
      if (it == in_flight_jobs_.end()) continue;
      hosts_.at(it->second.url.host_key).throttle.on_finish();
      handle_job(it->second, result);
      in_flight_jobs_.erase(it);
      fetcher_.recycle(std::move(result.body));
    }
    if (batch) batch->commit();
    if (progress && finals_ > shown) {
      progress->advance(static_cast<uint64_t>(finals_ - shown));
      shown = finals_;
    }
  }
  // Stopped early (max_tasks): hand queued tasks back untouched.
  for (auto& [key, h] : hosts_)
    for (auto& job : h.queue)
      finish(job, make_update("pending", "released unfetched"), "released");
  if (progress) progress->finish();
  sum_.seconds = now();
  return sum_;
}

}  // namespace

CrawlSummary run_crawl(db::Connection& store, const std::vector<SourceSpec>& sources, const CrawlOptions& opt) {
  Engine e(store, sources, opt);
  return e.run();
}

}  // namespace tradedig::crawler
