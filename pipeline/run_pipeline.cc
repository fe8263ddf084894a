#include "pipeline/run_pipeline.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include "crawler/adapter_profile.h"
#include "crawler/crawler.h"
#include "crawler/domain_lookup.h"
#include "crawler/extract_pages.h"
#include "db/evidence_store.h"
#include "db/firm_store.h"
#include "db/import.h"
#include "db/runs.h"
#include "db/schema.h"
#include "matcher/store_linking.h"
#include "measure/controls_run.h"
#include "measure/digitization.h"
#include "measure/quality_run.h"
#include "pipeline/crawl_plan.h"
#include "pipeline/estimate_step.h"
#include "report/full_report.h"
#include "report/html_report.h"
#include "util/error.h"
#include "util/file_write.h"

namespace tradedig::pipeline {

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

// Second hops need what the first hop extracted, so plan-crawl-extract repeats; three rounds reach
// every hop of the default sources (names → shops and domains → nothing new).
constexpr int kMaxCrawlRounds = 4;

struct Runner {
  Runner(const RunConfig& config, const RunOptions& options, db::Connection& store) : cfg(config), opt(options), c(store) {}
  const RunConfig& cfg;
  const RunOptions& opt;
  db::Connection& c;
  RunResult result;

  void say(const std::string& s) const {
    if (opt.say) opt.say(s);
    else std::printf("%s\n", s.c_str());
  }

  // Runs one step, timing it and printing its header and summary.
  template <class F>
  void step(const std::string& name, const std::string& what, F&& body) {
    say(fmt::format("\n[{}/{}] {}: {}", result.steps.size() + 1, pipeline_steps().size(), name, what));
    auto t0 = Clock::now();
    StepResult r;
    r.step = name;
    body(r);
    // A step whose work ran earlier (plan, crawl and extract interleave in rounds) reports its own time.
    if (r.seconds == 0) r.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
    for (size_t at = 0; at < r.summary.size();) {
      size_t nl = r.summary.find('\n', at);
      say("  " + r.summary.substr(at, nl == std::string::npos ? std::string::npos : nl - at));
      at = nl == std::string::npos ? r.summary.size() : nl + 1;
    }
    say(fmt::format("  ({}{:.1f} s)", r.skipped ? "skipped: inputs unchanged since the last run, " : "", r.seconds));
    result.steps.push_back(std::move(r));
  }

  static std::string read_file(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }

  bool stop_after(const std::string& name) const { return opt.stop_after == name; }

  // A fingerprinted step: skipped when an 'ok' run of "run <name>" has this spec.
  bool unchanged(const std::string& name, const std::string& spec) const {
    return db::find_ok_run(c, "run " + name, spec).has_value();
  }
  void record(const std::string& name, const std::string& spec, const std::string& summary) {
    int64_t id = db::begin_run(c, "run " + name, spec);
    db::finish_run(c, id, true, nlohmann::json{{"summary", summary}}.dump());
  }

  // ---- steps ----------------------------------------------------------------------------------

  std::string import_one(db::ImportKind kind, const std::string& path, const db::ImportOptions& io) {
    auto rep = db::import_table(c, kind, path, io);
    if (rep.already_imported) return fmt::format("{}: already imported, unchanged", path);
    return fmt::format("{}: {} rows landed{}", path, rep.rows_landed,
                       kind == db::ImportKind::kFirms ? fmt::format(" ({} new firms, {} names)", rep.firms_new, rep.names_added)
                                                      : "");
  }

  void import_step() {
    step("import", "firm list, customs and imported observations", [&](StepResult& r) {
      std::vector<std::string> lines;
      bool all_old = true;
      auto note = [&](std::string line) {
        if (line.find("already imported") == std::string::npos) all_old = false;
        lines.push_back(std::move(line));
      };
      note(import_one(db::ImportKind::kFirms, cfg.firms, {}));
      for (const auto& p : cfg.customs) note(import_one(db::ImportKind::kCustoms, p, {}));
      for (const auto& o : cfg.observations) {
        db::ImportOptions io;
        io.observation_kind = o.kind;
        io.observation_source = o.source;
        note(import_one(db::ImportKind::kObservations, o.path, io));
      }
      r.skipped = all_old;
      r.summary = fmt::format("{}", fmt::join(lines, "\n"));
    });
  }

  std::map<std::string, crawler::AdapterProfile> profiles;
  std::vector<SourcePlan> plans;
  std::optional<crawler::DomainLookupConfig> domain_cfg;

  void load_sources() {
    std::string dir = cfg.profiles_dir.empty() ? opt.builtin_profiles_dir : cfg.profiles_dir;
    if (dir.empty() || !fs::is_directory(dir))
      throw UserError(fmt::format("the profiles folder '{}' does not exist; set [crawl] profiles in {}", dir, cfg.path));
    // Names first (no override: a WHOIS profile refuses an http-only one), then each configured
    // source again with its own override, else the config's.
    auto all = crawler::load_adapter_profiles(dir);
    for (const auto& s : cfg.sources) {
      auto it = all.find(s.name);
      if (it == all.end())
        throw UserError(fmt::format("{}: no profile in {} has name = \"{}\" (sources: [crawl] sources)", cfg.path, dir, s.name));
      crawler::AdapterProfile p = it->second;
      const std::string& base = s.base_url.empty() ? cfg.base_url : s.base_url;
      if (!base.empty()) p = crawler::load_adapter_profile(p.path, base);
      auto& sp = p.spec;
      if (!s.proxy.empty()) sp.proxy = s.proxy;
      if (!s.cookie_file.empty()) sp.cookie_file = s.cookie_file;
      if (!s.ca_file.empty()) sp.ca_file = s.ca_file;
      if (s.obey_robots) sp.obey_robots = *s.obey_robots;
      if (s.autothrottle) sp.politeness.autothrottle = *s.autothrottle;
      if (s.min_delay_s) sp.politeness.min_delay_s = *s.min_delay_s;
      if (s.max_delay_s) sp.politeness.max_delay_s = *s.max_delay_s;
      if (s.max_concurrency) sp.politeness.max_concurrency = *s.max_concurrency;
      plans.push_back({s.name, s.plan ? *s.plan : *default_query_source(s.name)});
      profiles.emplace(s.name, std::move(p));
    }
    domain_cfg = crawler::DomainLookupConfig::load((fs::path(dir) / "rdap_bootstrap.json").string());
  }

  void crawl_steps() {
    if (!cfg.crawl) {
      for (const char* s : {"plan", "crawl", "extract"})
        step(s, "crawling is off ([crawl] enabled = false)", [](StepResult& r) {
          r.skipped = true;
          r.summary = "only imported observations are used";
        });
      return;
    }
    load_sources();
    std::string contact = cfg.contact;
    if (contact.empty())
      if (const char* env = std::getenv("TRADEDIG_CONTACT")) contact = env;
    if (contact.empty())
      throw UserError(fmt::format("{}: crawling needs a contact address so site operators can reach you: "
                                  "contact = \"you@university.edu\" (or set TRADEDIG_CONTACT)",
                                  cfg.path));
    crawler::CrawlOptions co;
    co.user_agent = fmt::format("tradedig/{} (+research crawler; contact: {})", opt.tool_version, contact);
    co.max_in_flight = cfg.max_in_flight;
    co.resolve = cfg.resolve;
    co.max_wait_for_due_s = cfg.max_wait_for_due_s;
    co.retry.max_attempts = cfg.max_attempts;
    co.retry.base_backoff_s = cfg.backoff_s;
    co.retry.retry_after_cap_s = cfg.retry_after_cap_s;
    co.retry.breaker_cooldown_s = cfg.breaker_cooldown_s;
    co.progress = opt.progress;
    // A run that starts finds only its own dead leases: nothing else crawls this store meanwhile.
    co.reclaim_all_leases = true;
    if (opt.crawl_log) co.log = opt.crawl_log;
    std::vector<crawler::SourceSpec> specs;
    for (const auto& p : plans) specs.push_back(profiles.at(p.source).spec);

    crawler::CrawlSummary total;
    PlanReport plan_total;
    crawler::ExtractRunSummary extract_total;
    double plan_s = 0, crawl_s = 0, extract_s = 0;
    int rounds = 0;
    for (int round = 0; round < kMaxCrawlRounds; ++round) {
      auto t0 = Clock::now();
      PlanReport pr = plan_tasks(c, plans, *domain_cfg);
      for (const auto& [s, n] : pr.added) plan_total.added[s] += n;
      for (const auto& [s, n] : pr.queries) plan_total.queries[s] = n;
      plan_total.domains_unroutable = pr.domains_unroutable;
      auto t1 = Clock::now();
      auto cs = crawler::run_crawl(c, specs, co);
      auto t2 = Clock::now();
      crawler::ExtractRunOptions eo;
      auto es = crawler::extract_stored_pages(c, profiles, eo);
      auto t3 = Clock::now();
      plan_s += std::chrono::duration<double>(t1 - t0).count();
      crawl_s += std::chrono::duration<double>(t2 - t1).count();
      extract_s += std::chrono::duration<double>(t3 - t2).count();
      ++rounds;
      total.fetches += cs.fetches;
      total.pages_stored += cs.pages_stored;
      total.not_modified += cs.not_modified;
      total.retries += cs.retries;
      total.robots_denied += cs.robots_denied;
      for (const auto& [s, m] : cs.by_source_outcome)
        for (const auto& [o, n] : m) total.by_source_outcome[s][o] += n;
      for (const auto& h : cs.hosts_given_up) total.hosts_given_up.push_back(h);
      extract_total.pages += es.pages;
      extract_total.observations += es.observations;
      for (const auto& [v, n] : es.by_verdict) extract_total.by_verdict[v] += n;
      // Done when this round found nothing new to ask and fetched nothing.
      if (pr.total_added() == 0 && cs.fetches == 0) break;
      if (stop_after("crawl")) break;
    }
    step("plan", "crawl tasks from the firms' names and from what earlier pages named", [&](StepResult& r) {
      std::vector<std::string> lines;
      for (const auto& p : plans)
        lines.push_back(fmt::format("{:<24} {:>7} queries ({})  {:>7} new tasks", p.source, plan_total.queries[p.source],
                                    query_source_name(p.from), plan_total.added[p.source]));
      if (plan_total.domains_unroutable)
        lines.push_back(fmt::format("{} ICP domains have neither RDAP nor a WHOIS server; not looked up",
                                    plan_total.domains_unroutable));
      r.summary = fmt::format("{}", fmt::join(lines, "\n"));
      r.skipped = plan_total.total_added() == 0;
      r.seconds = plan_s;
    });
    step("crawl", fmt::format("{} rounds (first hop, then the showroom and domain hops)", rounds), [&](StepResult& r) {
      std::vector<std::string> lines;
      lines.push_back(fmt::format("{} fetches, {} pages stored, {} not modified, {} retries, {} denied by robots.txt",
                                  total.fetches, total.pages_stored, total.not_modified, total.retries,
                                  total.robots_denied));
      for (const auto& [source, outcomes] : total.by_source_outcome) {
        std::string l = fmt::format("{:<24}", source);
        for (const auto& [o, n] : outcomes) l += fmt::format(" {} {}", o, n);
        lines.push_back(l);
      }
      for (const auto& h : total.hosts_given_up) lines.push_back("given up for this run (stalled): " + h);
      r.summary = fmt::format("{}", fmt::join(lines, "\n"));
      r.skipped = total.fetches == 0;
      r.seconds = crawl_s;
    });
    step("extract", "observations from the stored pages", [&](StepResult& r) {
      std::string verdicts;
      for (const auto& [v, n] : extract_total.by_verdict) verdicts += fmt::format("{}{} {}", verdicts.empty() ? "" : ", ", n, v);
      r.summary = fmt::format("{} pages read ({}): {} observations", extract_total.pages,
                              verdicts.empty() ? "none new" : verdicts, extract_total.observations);
      r.skipped = extract_total.pages == 0;
      r.seconds = extract_s;
    });
  }

  void match_step() {
    step("match", "observations to firms by name (Chinese, English, pinyin)", [&](StepResult& r) {
      matcher::StoreLinkOptions mo;
      mo.review_path = cfg.review_file;
      mo.progress = opt.progress;
      if (cfg.match_accept) mo.thresholds.accept_score = *cfg.match_accept;
      if (cfg.match_margin) mo.thresholds.accept_margin = *cfg.match_margin;
      if (cfg.match_review_below) mo.thresholds.review_score = *cfg.match_review_below;
      if (cfg.match_en_accept) mo.en_accept = *cfg.match_en_accept;
      auto rep = matcher::link_store_observations(c, mo);
      r.summary = matcher::describe(rep, cfg.review_file);
      r.skipped = rep.observations == 0 && rep.domains_via_icp == 0;
    });
  }

  void score_step() {
    step("score", "digitization per firm-year (Table 1: dig_tr = 1 + 4 pit + 2 icp + pdo)", [&](StepResult& r) {
      std::string spec = fmt::format("years={}-{} links={}", cfg.first_year, cfg.last_year, db::links_state(c));
      if (unchanged("score", spec)) {
        r.skipped = true;
        r.summary = "links unchanged";
        return;
      }
      measure::DigitizationOptions o;
      o.first_year = cfg.first_year;
      o.last_year = cfg.last_year;
      int64_t run = db::begin_run(c, "score", fmt::format("years={}-{}", o.first_year, o.last_year));
      auto res = measure::score_digitization(db::load_firm_ids(c), db::load_linked_observations(c), o);
      db::replace_digitization(c, res.rows, run);
      const auto& s = res.summary;
      db::finish_run(c, run, true, fmt::format("{{\"firms\":{},\"firm_years\":{}}}", s.firms, s.firm_years));
      r.summary = fmt::format("{} firms × {} years; adopters by {}: pit {}, pdo {}, icp {}; {} links used, {} without a date",
                              s.firms, cfg.last_year - cfg.first_year + 1, cfg.last_year, s.adopters[0], s.adopters[1],
                              s.adopters[2], s.links_used, s.links_without_date);
      record("score", spec, r.summary);
    });
  }

  void quality_step() {
    step("quality", "KSW export quality and the firm controls", [&](StepResult& r) {
      measure::QualityRunOptions qo;
      qo.variants = cfg.quality_variants;
      qo.intermediaries = cfg.intermediaries;
      qo.normalise = cfg.normalise_quality;
      qo.bw_file = cfg.bw_file.empty()
                       ? opt.measure_data_dir + "/elasticities/BW2006_sigma_hs0_3digit_73countries.csv"
                       : cfg.bw_file;
      qo.sigma_file = cfg.sigma_file;
      qo.wdi_file = cfg.wdi_file;
      std::vector<std::string> lines;
      std::string customs = db::imports_state(c, "customs");
      std::string qspec = fmt::format("customs={} variants={} bw={} sigma={} wdi={} intermediaries={} normalise={}",
                                      customs, fmt::join(qo.variants, ","), qo.bw_file, qo.sigma_file, qo.wdi_file,
                                      qo.intermediaries, qo.normalise);
      bool skipped_q = false, skipped_c = true;
      if (customs.empty()) {
        lines.push_back("no customs data imported: no quality (add [inputs] customs)");
        skipped_q = true;
      } else if (unchanged("quality", qspec)) {
        lines.push_back("quality: customs and options unchanged");
        skipped_q = true;
      } else {
        auto rep = measure::run_quality(c, qo);
        lines.push_back(measure::describe(rep, qo.cap));
        record("quality", qspec, lines.back());
      }
      if (!cfg.survey.empty()) {
        // The survey's trade-mode split reads customs, so a new customs import re-runs it too.
        std::string cspec = fmt::format("survey={} year_col={} customs={}", cfg.survey, cfg.survey_year_col, customs);
        if (unchanged("controls", cspec) && skipped_q) {
          lines.push_back("controls: survey unchanged");
        } else {
          measure::ControlsRunOptions co;
          co.mapping.emplace_back("year", cfg.survey_year_col);
          auto rep = measure::run_controls(c, cfg.survey, co);
          lines.push_back(measure::describe(rep));
          record("controls", cspec, lines.back());
          skipped_c = false;
        }
      }
      r.skipped = skipped_q && skipped_c;
      r.summary = fmt::format("{}", fmt::join(lines, "\n"));
    });
  }

  void estimate_step() {
    step("estimate", "the paper's tables", [&](StepResult& r) {
      auto upstream = [&](const char* cmd) {
        auto id = db::latest_ok_run(c, cmd);
        return id ? std::to_string(*id) : std::string("none");
      };
      std::string spec = fmt::format("score={} quality={} controls={} tables={} depvar={} cluster={} formats={} dir={}",
                                     upstream("run score"), upstream("run quality"), upstream("run controls"),
                                     fmt::join(cfg.tables, ","), cfg.depvar, cfg.cluster, fmt::join(cfg.table_formats, ","),
                                     cfg.tables_dir);
      bool have_files = true;
      for (int n : cfg.tables) have_files = have_files && fs::exists(fs::path(cfg.tables_dir) / fmt::format("table{}.html", n));
      if (unchanged("estimate", spec) && have_files) {
        r.skipped = true;
        result.table2_text = read_file(fs::path(cfg.tables_dir) / "table2.txt");
        r.summary = fmt::format("digitization, quality and controls unchanged; tables in {}", cfg.tables_dir);
        return;
      }
      EstimateStepOptions eo;
      eo.tables = cfg.tables;
      eo.depvar = cfg.depvar;
      eo.cluster = cfg.cluster;
      eo.formats = cfg.table_formats;
      eo.out_dir = cfg.tables_dir;
      auto rep = run_estimate_step(c, eo);
      result.table2_text = rep.table2_text;
      result.table2 = rep.table2;
      r.summary = rep.summary;
      record("estimate", spec, r.summary);
    });
  }

  void report_step() {
    step("report", "one self-contained HTML file", [&](StepResult& r) {
      report::ReportRequest req;
      req.title = cfg.report_title;
      req.store_label = cfg.store;
      req.tool_version = opt.tool_version;
      for (int n : cfg.tables) {
        auto path = fs::path(cfg.tables_dir) / fmt::format("table{}.html", n);
        if (fs::exists(path)) req.paper_tables_html.emplace_back(fmt::format("Table {}", n), read_file(path));
      }
      auto page = report::build_report(c, req);
      fs::path out(cfg.report_out);
      if (out.has_parent_path()) fs::create_directories(out.parent_path());
      write_file_atomically(cfg.report_out, report::render_html(page));
      result.report_path = cfg.report_out;
      r.summary = fmt::format("wrote {} (open it in a browser; no network needed)", cfg.report_out);
    });
  }
};

}  // namespace

const std::vector<std::string>& pipeline_steps() {
  static const std::vector<std::string> kSteps = {"import", "plan",    "crawl",    "extract", "match",
                                                  "score",  "quality", "estimate", "report"};
  return kSteps;
}

RunResult run_pipeline(const RunConfig& config, const RunOptions& opt) {
  if (!opt.stop_after.empty() &&
      std::find(pipeline_steps().begin(), pipeline_steps().end(), opt.stop_after) == pipeline_steps().end())
    throw UserError(fmt::format("--stop-after {}: not a step ({})", opt.stop_after, fmt::join(pipeline_steps(), ", ")));
  auto t0 = Clock::now();
  if (fs::path(config.store).has_parent_path()) fs::create_directories(fs::path(config.store).parent_path());
  db::Connection c = db::open_store(config.store);
  Runner run(config, opt, c);
  auto finish = [&] {
    run.result.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
    return std::move(run.result);
  };
  run.import_step();
  if (run.stop_after("import")) return finish();
  run.crawl_steps();
  if (run.stop_after("plan") || run.stop_after("crawl") || run.stop_after("extract")) return finish();
  run.match_step();
  if (run.stop_after("match")) return finish();
  run.score_step();
  if (run.stop_after("score")) return finish();
  run.quality_step();
  if (run.stop_after("quality")) return finish();
  run.estimate_step();
  if (run.stop_after("estimate")) return finish();
  run.report_step();
  return finish();
}

}  // namespace tradedig::pipeline
