// The offline demo world (GitHub issue 9): real listed-firm names with SIMULATED platform
// memberships, ICP filings, domains and customs, recorded as the pages each source would serve, so
// the whole pipeline (crawl -> extract -> match -> score -> quality -> regress) can run on
// 127.0.0.1 and be checked against the planted truth.
//
// What is simulated, per firm (from a seed; the firm's draws depend only on the seed and its
// firm_id, so --firms-limit keeps every other firm's world unchanged):
//   * true channel start years (METHODS.md §1): pit = earliest of alibaba.com Gold Supplier and
//     made-in-china.com membership, pdo = 1688 诚信通, icp = earliest of the domain registration and
//     the ICP filing. Adoption shares rise over time (start years are drawn with a density that
//     grows from 1998/2000/2002 to the observation year); many firms never digitize.
//   * the noise the pipeline must survive: results listing near-namesakes (invented firms whose
//     names differ by a word, a city or a suffix), sponsored entries first, empty results (misses),
//     1688 listings without a 诚信通 badge, English names shown in another format ("CO.,LTD",
//     "Company Limited", upper case), a small share of permanent block pages (slider, login wall,
//     rate-limit replies) and of routes that answer 429 to their first request (faults.toml), ICP
//     records whose updateRecordTime is the latest approval (years after the first filing), so the
//     icp start is only recoverable from the domain's WHOIS (CNNIC text) or RDAP registration date.
//
// Paths: each page is stored under the path and query the source's profile (profiles/<source>.toml,
// url template and query_encoding) requests for the query, so `tradedig replay DIR` answers a
// crawl whose profiles have base_url = http://127.0.0.1:PORT (one override for all of them).
//
// Example:
//   DemoWorldOptions o;  o.firms_path = "sample/firms_astock_2021.csv";  o.profiles_dir = "profiles";
//   DemoWorld w = generate_demo_world(o);
//   write_demo_world(w, "/tmp/world");   // pages, whois/, faults.toml, truth.csv, queries.csv, customs/
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "measure/simulate.h"

namespace tradedig::pipeline {

struct DemoWorldOptions {
  std::string firms_path;    // firm list: firm_id/ts_code, name_zh/fullname, name_en/enname, area, industry
  std::string profiles_dir;  // profiles/*.toml of alibaba, made_in_china, 1688, icp, whois, rdap
  uint64_t seed = 20250609;
  int64_t firms_limit = 0;   // > 0: only the first N firms of the list
  int observe_year = 2026;   // the year the pages' "N yrs" / "诚信通 N年" count from (the crawl's year)
  int first_year = 2002, last_year = 2015;  // the customs panel
  double beta_lndig = 0.05;  // planted effect of the TRUE lndig on log quality (measure/simulate.h)
  double block_share = 0.015;        // queries whose page is a block page on every request
  double first_429_share = 0.03;     // queries answered 429 (Retry-After: 1) on their first request
};

// One firm's planted truth. Years are 0 when the firm never adopted the channel.
struct DemoFirm {
  std::string firm_id, name_zh, name_en, province, industry;
  std::string name_en_shown;   // the English name as the platforms show it (may be a format variant)
  int alibaba_year = 0, mic_year = 0, pdo_year = 0;
  std::string domain, domain_via;  // via: "whois" (.cn, .com.cn) or "rdap" (.com)
  int domain_year = 0, icp_filing_year = 0;
  int founded = 0;
  int pit_year() const;  // earliest non-zero of alibaba_year, mic_year
  int icp_year() const;  // earliest non-zero of domain_year, icp_filing_year
};

// One request the crawl step will make. `expect`: "hit" (the firm is on the page as a member),
// "listed" (1688 lists the firm without a 诚信通 badge), "decoys" (only near-namesakes, or a
// namesake's domain; firm_id is then empty for domains and showrooms), "miss" (empty result / not
// found), "blocked" (a block page on every request); `first_429` when the route answers 429 once.
struct DemoQuery {
  std::string source, firm_id, query, path, expect;
  bool first_429 = false;
};

struct DemoWorld {
  DemoWorldOptions options;
  std::vector<DemoFirm> firms;             // sorted by firm_id
  std::vector<DemoQuery> queries;
  std::map<std::string, std::string> pages;  // path with query ("/domain/x.com") -> body bytes
  int64_t skipped_queries = 0;             // a file name longer than 255 bytes, or a name without a GBK form
};

// Throws UserError when the firm list or a profile is unreadable, or the list has no firms.
DemoWorld generate_demo_world(const DemoWorldOptions& opts);

// The customs simulation of the world's firms: their TRUE start years drive lndig, which moves
// quality by opts.beta_lndig (measure::simulate with given_firms). Deterministic for the seed.
measure::Simulation simulate_world_customs(const DemoWorld& world);

struct DemoWorldSummary {
  int64_t firms = 0, pages = 0, queries = 0, customs_rows = 0;
  std::map<std::string, int64_t> adopters;  // "pit"/"pdo"/"icp" -> firms adopting by options.last_year
};

// Writes into `dir` (created): the pages under their paths; whois/<domain> (CNNIC port-43 replies,
// also the path of the HTTP WHOIS gateway in profiles/whois.toml); showroom/<id> (made-in-china
// showroom pages, the second hop that carries "Since YYYY"); faults.toml; robots.txt; firms.csv
// (the firm list used); truth.csv; queries.csv; customs/ (firms.csv, customs.csv, truth.csv of
// measure::write_simulation); survey/survey.csv (pipeline/demo_survey.h); README.md saying what is SYNTHETIC. Throws UserError when a file
// cannot be written.
DemoWorldSummary write_demo_world(const DemoWorld& world, const std::string& dir);

}  // namespace tradedig::pipeline
