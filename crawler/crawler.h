// The crawl engine: polite, crash-safe, resumable fetching of the tasks in `crawl_tasks`.
//
// The engine knows hosts, delays, retries, robots.txt, block pages and the frontier; it does NOT
// know what a site's page means. A source adapter gives it exactly two things (SourceSpec): how to
// turn a task's query into a request, and the rules that classify a response as ok / not_found /
// blocked / error. Everything else (politeness, retries, storage) is the engine's.
//
// Two protocols (SourceSpec::protocol): "http" (libcurl, one event loop) and "whois" (RFC 3912 over
// TCP port 43). A WHOIS task's query is a domain; its request is "whois://<server>/<domain>" with the
// server picked by the domain's suffix (WhoisSourceSettings::servers). The host of politeness,
// back-off and the circuit breaker is the WHOIS server ("whois://whois.cnnic.cn"); robots.txt does
// not apply. Queries run on a small pool of worker threads (at most 8, and never more at once than
// the per-host max_concurrency allows), so the event loop never blocks on a socket; connect_timeout_s
// and total_timeout_s apply to each exchange. The stored page is the raw reply (status 200,
// "text/plain; charset=utf-8", url "whois://whois.cnnic.cn/example.cn"); a thin registry's referral
// ("Registrar WHOIS Server:") is asked once, as its own request paced on the registrar's host, and
// its reply appended after the registry's (final_url names the registrar's server). Classification
// of a reply: the profile's [block] body_markers or a rate-limit wording parse_whois knows
// ("LIMIT EXCEEDED", "connection limit exceeded", ...) are blocked, retried with back-off and a
// pause of the whole server, and never not_found; a not-found wording parse_whois knows ("No matching
// record", "No match for") is not_found; a connection failure or timeout is a retried error.
//
// Errors: run_crawl throws UserError for a bad configuration; network trouble never throws, it
// ends up in the task's state and last_error. Pages and task states are committed together (the
// results of one network poll in one transaction; a crash before its commit stores none of them).
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crawler/classify.h"
#include "crawler/fetch_types.h"
#include "db/connection.h"

namespace tradedig::crawler {

// Per-host politeness. Delays are between request starts to one host (scheme://host:port).
struct Politeness {
  double min_delay_s = 5.0;          // never start two requests closer than this
  double max_delay_s = 60.0;         // the adaptive delay never exceeds this
  int max_concurrency = 1;           // requests in flight to one host
  bool autothrottle = true;          // delay follows latency / target_concurrency (Scrapy-style)
  double target_concurrency = 1.0;
  double max_crawl_delay_s = 30.0;   // a robots.txt Crawl-delay above this is capped (and logged)
};

// When and how often to retry one task, and when to pause or give up a host.
struct RetryPolicy {
  int max_attempts = 5;              // fetches per task per run before it is failed / blocked
  double base_backoff_s = 2.0;       // doubled per attempt, full jitter in [50%, 100%]
  double max_backoff_s = 60.0;
  double retry_after_cap_s = 300.0;  // Retry-After longer than this is shortened to it (logged)
  int breaker_threshold = 5;         // consecutive failures/blocks that open a host's breaker
  double breaker_cooldown_s = 60.0;  // pause when the breaker opens; doubles each re-open
  double stall_limit_s = 900.0;      // no success on a host this long: give the host up this run
  double give_up_retry_s = 3600.0;   // a given-up task becomes due again after this
};

// Where the WHOIS queries of a protocol = "whois" source go.
struct WhoisSourceSettings {
  // Suffix ("cn", "com.cn") -> registry server, lower-case; the longest suffix of the domain wins.
  // default_whois_servers() (domain_lookup.h) plus a profile's [whois_servers].
  std::map<std::string, std::string> servers;
  // Server name (lower-case) -> "host:port" to connect to instead (tests, split DNS), like curl's
  // --resolve; the page URL and the politeness host keep the server's name. A profile's [whois_addresses].
  std::map<std::string, std::string> addresses;
  // "host:port" that EVERY query (registry and referral) connects to, winning over `addresses`; the
  // page URL and the politeness host still name the real server. A profile's base_url = "whois://host:port".
  std::string connect_all;
  bool follow_referral = true;  // ask a thin registry's "Registrar WHOIS Server:" once
};

// What a source adapter provides; everything the engine needs to crawl one source.
struct SourceSpec {
  std::string name;                                         // crawl_tasks.source
  std::string protocol = "http";                            // "http" or "whois" (port 43)
  WhoisSourceSettings whois;                                // protocol "whois" only
  std::function<FetchRequest(const std::string& query)> make_request;
  ClassificationRules rules;
  Politeness politeness;
  std::optional<double> recrawl_interval_s;                 // none: done tasks are never re-crawled
  std::string kind;  // what the source records: membership | icp | domain ("" : unknown)
  bool obey_robots = true;                                  // false is logged on every run
  std::string proxy;  // "http://127.0.0.1:8080"; "none": direct; "": the environment's (TransferSettings)
  std::string cookie_file;                                  // Netscape cookie file, read and updated
  std::string ca_file;                                      // PEM CA certificates also trusted (fetcher.h)
};

// Builds a SourceSpec whose request is `url_template` with "{query}" replaced by the URL-escaped query.
SourceSpec source_from_template(std::string name, std::string url_template);

struct CrawlOptions {
  std::string user_agent = "tradedig/0.1 (+research crawler; contact: set --contact)";
  int max_in_flight = 64;            // across all hosts
  double connect_timeout_s = 15, total_timeout_s = 60;
  int max_redirects = 5;
  std::vector<std::string> resolve;  // curl "host:port:address" overrides (tests, split DNS)
  int64_t lease_ms = 120000;         // renewed while the run is alive
  bool reclaim_all_leases = false;   // true: no other crawler shares this store, take over its leases
  double max_wait_for_due_s = 120;   // keep running while a task is due within this (retries)
  int64_t max_tasks = -1;            // stop after this many final results (-1: all due tasks)
  bool progress = false;             // a progress line on stderr
  RetryPolicy retry;
  std::function<void(std::string_view)> log;  // one line per event worth an audit; default stderr
};

struct CrawlSummary {
  int64_t fetches = 0;  // HTTP transfers and WHOIS exchanges, incl. retries, robots, referrals
  std::map<std::string, std::map<std::string, int64_t>> by_source_outcome;  // source -> outcome -> tasks
  int64_t pages_stored = 0, not_modified = 0, robots_denied = 0, retries = 0, lost_leases = 0;
  std::vector<std::string> hosts_given_up;
  double seconds = 0;
};

// Crawls every due task of the given sources until none is due within max_wait_for_due_s.
CrawlSummary run_crawl(db::Connection& store, const std::vector<SourceSpec>& sources, const CrawlOptions& opt);

}  // namespace tradedig::crawler
