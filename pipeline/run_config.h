// The configuration of `tradedig run` (tradedig.toml): what goes in, which sources are crawled and
// how politely, the panel years, the quality variants and the tables. Every key is optional except
// inputs.firms; relative paths are relative to the config file's folder. The defaults reproduce the
// paper's pipeline (all six sources, QKL and QBW, Tables 1–7 on QKL).
//
//   store = "study.db"                     # the SQLite store (created when missing)
//   contact = "you@university.edu"         # put in the crawler's User-Agent (or $TRADEDIG_CONTACT)
//
//   [inputs]
//   firms = "firms.csv"                    # firm list (CSV/TSV/.dta; import firms)
//   customs = ["customs2002.csv", ...]     # customs transactions (import customs); string or list
//   survey = "asie.csv"                    # industrial-survey firm-years (tradedig controls), optional
//   survey_year_col = "year"
//   [[inputs.observations]]                # records imported instead of crawled (a blocked source)
//   path = "icp_bulk.csv"  kind = "icp"  source = "icp-bulk"
//
//   [panel]   first_year = 2002  last_year = 2015
//
//   [crawl]
//   enabled = true                         # false: use only imported observations
//   profiles = "profiles"                  # folder of source profiles (*.toml with [extract])
//   sources = ["alibaba", "made-in-china", "made-in-china-showroom", "1688", "icp", "whois", "rdap"]
//   base_url = ""                          # one override for every HTTP source (a replay server)
//   max_in_flight = 64
//   resolve = ["host:443:10.0.0.1"]        # as curl --resolve
//   max_wait_for_due_s = 120               # keep crawling while a retry is due within this
//   max_attempts = 5  backoff_s = 2        # retries per task per run; first backoff (doubles)
//   retry_after_cap_s = 300                # a longer Retry-After is shortened to this (logged)
//   breaker_cooldown_s = 60                # pause of a host after 5 failures or blocks in a row (doubles)
//   [crawl.source.alibaba]                 # per-source overrides of the profile
//   base_url = "..."  proxy = "socks5h://127.0.0.1:1080"  cookie_file = "cookies.txt"
//   ca_file = "campus-ca.pem"              # PEM CA also trusted for HTTPS (verification stays on); must
//                                          # exist; relative to this file's folder
//   obey_robots = true  min_delay_s = 8  max_delay_s = 60  max_concurrency = 1  autothrottle = true
//   plan = "name_en"                       # what a task queries (see QuerySource)
//
//   [match]     review = "review.csv"      # uncertain pairs for clerical review
//               accept = 0.6  margin = 0.25  review_below = 0.35  en_accept = 0.95
//                                          # decision thresholds on the match probability
//                                          # (tradedig match --accept ...); unset: these defaults
//   [quality]   variants = ["QKL", "QBW"]  bw_file = "..."  sigma_file = "..."  wdi_file = "..."
//               intermediaries = "industry"
//               normalise = true           # false: firm-year mean of ln quality, not min-max [0, 1]
//   [tables]    tables = [1, 2, 3, 4, 5, 6, 7]  depvar = "QKL"  cluster = "firm_id"
//               formats = ["text", "latex", "html"]  out_dir = "tables"
//   [report]    out = "report.html"  title = "..."
//
// Errors: load_run_config throws UserError naming the file, the key and what is wrong.
#pragma once
#include <optional>
#include <string>
#include <vector>

namespace tradedig::pipeline {

// What a source's tasks query, and where the queries come from.
enum class QuerySource {
  kNameEn,            // each firm's English name (cross-border platforms)
  kNameZh,            // each firm's Chinese name (1688, ICP)
  kShowroom,          // the shop ids of made-in-china search results (the showroom second hop)
  kDomainWhois,       // domains named by ICP records whose registry answers WHOIS (.cn ...)
  kDomainRdap,        // domains named by ICP records whose registry answers RDAP (.com ...)
};
const char* query_source_name(QuerySource q);  // "name_en", "name_zh", "showroom", "domain_whois", "domain_rdap"
// The default for a source name: alibaba/made-in-china → name_en, 1688/icp → name_zh,
// made-in-china-showroom → showroom, whois → domain_whois, rdap → domain_rdap; nullopt otherwise.
std::optional<QuerySource> default_query_source(const std::string& source);

struct SourceSettings {
  std::string name;
  std::optional<QuerySource> plan;       // nullopt: default_query_source(name)
  std::string base_url, proxy, cookie_file, ca_file;
  std::optional<bool> obey_robots, autothrottle;
  std::optional<double> min_delay_s, max_delay_s;
  std::optional<int> max_concurrency;
};

struct ObservationInput {
  std::string path, kind, source;  // kind: membership | icp | domain
};

struct RunConfig {
  std::string path;       // the config file ("" when built in code)
  std::string store = "tradedig.db";
  std::string contact;

  std::string firms;
  std::vector<std::string> customs;
  std::string survey, survey_year_col = "year";
  std::vector<ObservationInput> observations;

  int first_year = 2002, last_year = 2015;

  bool crawl = true;
  std::string profiles_dir;  // "": the profiles shipped with tradedig
  std::vector<SourceSettings> sources;  // in crawl order; default: the seven of the paper
  std::string base_url;
  int max_in_flight = 64;
  std::vector<std::string> resolve;
  double max_wait_for_due_s = 120;
  int max_attempts = 5;
  double backoff_s = 2, retry_after_cap_s = 300, breaker_cooldown_s = 60;

  std::string review_file;
  // [match] thresholds; nullopt: matcher::StoreLinkOptions' defaults.
  std::optional<double> match_accept, match_margin, match_review_below, match_en_accept;

  std::vector<std::string> quality_variants = {"QKL", "QBW"};
  std::string bw_file, sigma_file, wdi_file, intermediaries = "industry";
  bool normalise_quality = true;

  std::vector<int> tables = {1, 2, 3, 4, 5, 6, 7};
  std::string depvar = "QKL", cluster = "firm_id";
  std::vector<std::string> table_formats = {"text", "latex", "html"};
  std::string tables_dir = "tables";

  std::string report_out = "report.html", report_title = "tradedig report";
};

// The seven sources of the paper with their default query sources.
std::vector<SourceSettings> default_sources();

// Reads and checks a tradedig.toml; relative paths are resolved against its folder.
RunConfig load_run_config(const std::string& path);

}  // namespace tradedig::pipeline
