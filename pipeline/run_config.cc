#include "pipeline/run_config.h"

#include <toml++/toml.h>

#include <filesystem>
#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "util/error.h"
#include "util/toml_values.h"

namespace tradedig::pipeline {

namespace {

const std::pair<const char*, QuerySource> kQuerySources[] = {
    {"name_en", QuerySource::kNameEn},   {"name_zh", QuerySource::kNameZh},
    {"showroom", QuerySource::kShowroom}, {"domain_whois", QuerySource::kDomainWhois},
    {"domain_rdap", QuerySource::kDomainRdap}};

std::string resolve_path(const std::filesystem::path& base, const std::string& p) {
  if (p.empty()) return p;
  std::filesystem::path path(p);
  return path.is_absolute() ? p : (base / path).lexically_normal().string();
}

void check_keys(const toml::table& t, const std::set<std::string>& known, const std::string& where) {
  for (const auto& [k, v] : t) {
    std::string key(k.str());
    if (!known.count(key)) {
      std::string list;
      for (const auto& n : known) list += (list.empty() ? "" : ", ") + n;
      throw UserError(fmt::format("{}: unknown key '{}' (known: {})", where, key, list));
    }
  }
}

// Files are resolved against `base`, the config's directory, like every other path in it.
SourceSettings read_source(const std::string& name, const toml::table& t, const std::filesystem::path& base,
                           const std::string& where) {
  check_keys(t, {"plan", "base_url", "proxy", "cookie_file", "ca_file", "obey_robots", "autothrottle", "min_delay_s",
                 "max_delay_s", "max_concurrency"},
             where);
  SourceSettings s;
  s.name = name;
  std::string plan;
  read_toml_value(t, "plan", plan, where);
  if (!plan.empty()) {
    for (const auto& [n, q] : kQuerySources)
      if (plan == n) s.plan = q;
    if (!s.plan)
      throw UserError(fmt::format("{}: plan = \"{}\" is not one of name_en, name_zh, showroom, domain_whois, domain_rdap",
                                  where, plan));
  }
  read_toml_value(t, "base_url", s.base_url, where);
  read_toml_value(t, "proxy", s.proxy, where);
  read_toml_value(t, "cookie_file", s.cookie_file, where);
  read_toml_value(t, "ca_file", s.ca_file, where);
  s.cookie_file = resolve_path(base, s.cookie_file);
  s.ca_file = resolve_path(base, s.ca_file);
  read_toml_value(t, "obey_robots", s.obey_robots, where);
  read_toml_value(t, "autothrottle", s.autothrottle, where);
  read_toml_value(t, "min_delay_s", s.min_delay_s, where);
  read_toml_value(t, "max_delay_s", s.max_delay_s, where);
  std::optional<int64_t> conc;
  read_toml_value(t, "max_concurrency", conc, where);
  if (conc) {
    if (*conc < 1) throw UserError(where + ": max_concurrency must be at least 1");
    s.max_concurrency = static_cast<int>(*conc);
  }
  if (s.min_delay_s && *s.min_delay_s < 0) throw UserError(where + ": min_delay_s must not be negative");
  return s;
}

}  // namespace

const char* query_source_name(QuerySource q) {
  for (const auto& [n, v] : kQuerySources)
    if (v == q) return n;
  return "?";
}

std::optional<QuerySource> default_query_source(const std::string& source) {
  if (source == "alibaba" || source == "made-in-china") return QuerySource::kNameEn;
  if (source == "1688" || source == "icp") return QuerySource::kNameZh;
  if (source == "made-in-china-showroom") return QuerySource::kShowroom;
  if (source == "whois") return QuerySource::kDomainWhois;
  if (source == "rdap") return QuerySource::kDomainRdap;
  return std::nullopt;
}

std::vector<SourceSettings> default_sources() {
  std::vector<SourceSettings> out;
  for (const char* n : {"alibaba", "made-in-china", "1688", "icp", "made-in-china-showroom", "whois", "rdap"}) {
    SourceSettings s;
    s.name = n;
    out.push_back(s);
  }
  return out;
}

RunConfig load_run_config(const std::string& path) {
  toml::table t;
  try {
    t = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    throw UserError(fmt::format("{}:{}: {}", path, e.source().begin.line, e.description()));
  }
  namespace fs = std::filesystem;
  const fs::path base = fs::absolute(fs::path(path)).parent_path();
  RunConfig c;
  c.path = path;
  check_keys(t, {"store", "contact", "inputs", "panel", "crawl", "match", "quality", "tables", "report"}, path);
  read_toml_value(t, "store", c.store, path);
  read_toml_value(t, "contact", c.contact, path);
  c.store = resolve_path(base, c.store);

  const toml::table* in = t["inputs"].as_table();
  if (!in) throw UserError(path + ": [inputs] with firms = \"FILE\" is required");
  const std::string win = path + " [inputs]";
  check_keys(*in, {"firms", "customs", "survey", "survey_year_col", "observations"}, win);
  read_toml_value(*in, "firms", c.firms, win);
  if (c.firms.empty()) throw UserError(win + ": firms = \"FILE\" is required");
  c.firms = resolve_path(base, c.firms);
  read_toml_list(*in, "customs", c.customs, win, /*single_ok=*/true);
  for (auto& p : c.customs) p = resolve_path(base, p);
  read_toml_value(*in, "survey", c.survey, win);
  c.survey = resolve_path(base, c.survey);
  read_toml_value(*in, "survey_year_col", c.survey_year_col, win);
  if (const toml::node* obs = in->get("observations")) {
    const toml::array* arr = obs->as_array();
    if (!arr) throw UserError(win + ": observations must be an array of tables ([[inputs.observations]])");
    for (const auto& item : *arr) {
      const toml::table* o = item.as_table();
      if (!o) throw UserError(win + ": each observations entry must be a table with path, kind and source");
      const std::string wo = path + " [[inputs.observations]]";
      check_keys(*o, {"path", "kind", "source"}, wo);
      ObservationInput oi;
      read_toml_value(*o, "path", oi.path, wo);
      read_toml_value(*o, "kind", oi.kind, wo);
      read_toml_value(*o, "source", oi.source, wo);
      if (oi.path.empty() || oi.kind.empty()) throw UserError(wo + ": path and kind are required");
      if (oi.kind != "membership" && oi.kind != "icp" && oi.kind != "domain")
        throw UserError(wo + ": kind must be membership, icp or domain, not \"" + oi.kind + "\"");
      oi.path = resolve_path(base, oi.path);
      c.observations.push_back(oi);
    }
  }

  if (const toml::table* p = t["panel"].as_table()) {
    const std::string w = path + " [panel]";
    check_keys(*p, {"first_year", "last_year"}, w);
    int64_t a = c.first_year, b = c.last_year;
    read_toml_value(*p, "first_year", a, w);
    read_toml_value(*p, "last_year", b, w);
    if (a > b || a < 1900 || b > 2100) throw UserError(fmt::format("{}: the years {}-{} are not a panel", w, a, b));
    c.first_year = static_cast<int>(a);
    c.last_year = static_cast<int>(b);
  }

  c.sources = default_sources();
  if (const toml::table* cr = t["crawl"].as_table()) {
    const std::string w = path + " [crawl]";
    check_keys(*cr, {"enabled", "profiles", "sources", "base_url", "max_in_flight", "resolve", "max_wait_for_due_s",
                     "max_attempts", "backoff_s", "retry_after_cap_s", "breaker_cooldown_s", "source"},
               w);
    read_toml_value(*cr, "enabled", c.crawl, w);
    read_toml_value(*cr, "profiles", c.profiles_dir, w);
    if (cr->contains("profiles")) c.profiles_dir = resolve_path(base, c.profiles_dir);
    std::vector<std::string> names;
    read_toml_list(*cr, "sources", names, w, /*single_ok=*/true);
    if (cr->contains("sources")) {
      c.sources.clear();
      for (const auto& n : names) {
        SourceSettings s;
        s.name = n;
        c.sources.push_back(s);
      }
    }
    read_toml_value(*cr, "base_url", c.base_url, w);
    int64_t mif = c.max_in_flight;
    read_toml_value(*cr, "max_in_flight", mif, w);
    if (mif < 1) throw UserError(w + ": max_in_flight must be at least 1");
    c.max_in_flight = static_cast<int>(mif);
    read_toml_list(*cr, "resolve", c.resolve, w, /*single_ok=*/true);
    read_toml_value(*cr, "max_wait_for_due_s", c.max_wait_for_due_s, w);
    int64_t attempts = c.max_attempts;
    read_toml_value(*cr, "max_attempts", attempts, w);
    if (attempts < 1) throw UserError(w + ": max_attempts must be at least 1");
    c.max_attempts = static_cast<int>(attempts);
    read_toml_value(*cr, "backoff_s", c.backoff_s, w);
    read_toml_value(*cr, "retry_after_cap_s", c.retry_after_cap_s, w);
    read_toml_value(*cr, "breaker_cooldown_s", c.breaker_cooldown_s, w);
    if (c.breaker_cooldown_s < 0) throw UserError(w + ": breaker_cooldown_s must not be negative");
    if (c.backoff_s < 0 || c.retry_after_cap_s < 0) throw UserError(w + ": backoff_s and retry_after_cap_s must not be negative");
    if (const toml::table* per = (*cr)["source"].as_table()) {
      for (const auto& [k, v] : *per) {
        std::string name(k.str());
        const toml::table* st = v.as_table();
        const std::string ws = fmt::format("{} [crawl.source.{}]", path, name);
        if (!st) throw UserError(ws + ": must be a table");
        SourceSettings s = read_source(name, *st, base, ws);
        if (!s.ca_file.empty() && !fs::is_regular_file(s.ca_file))
          throw UserError(fmt::format("{}: ca_file \"{}\" is not a file", ws, s.ca_file));
        auto it = std::find_if(c.sources.begin(), c.sources.end(), [&](const SourceSettings& x) { return x.name == name; });
        if (it == c.sources.end())
          throw UserError(ws + ": \"" + name + "\" is not in [crawl] sources");
        *it = s;
      }
    }
  }
  for (const auto& s : c.sources)
    if (!s.plan && !default_query_source(s.name))
      throw UserError(fmt::format("{}: source \"{}\" needs plan = \"name_en\" (or name_zh, showroom, domain_whois, "
                                  "domain_rdap) in [crawl.source.{}]",
                                  path, s.name, s.name));

  if (const toml::table* m = t["match"].as_table()) {
    const std::string w = path + " [match]";
    check_keys(*m, {"review", "accept", "margin", "review_below", "en_accept"}, w);
    read_toml_value(*m, "review", c.review_file, w);
    read_toml_value(*m, "accept", c.match_accept, w);
    read_toml_value(*m, "margin", c.match_margin, w);
    read_toml_value(*m, "review_below", c.match_review_below, w);
    read_toml_value(*m, "en_accept", c.match_en_accept, w);
    for (const auto* v : {&c.match_accept, &c.match_margin, &c.match_review_below, &c.match_en_accept})
      if (*v && !(**v >= 0 && **v <= 1)) throw UserError(w + ": thresholds are probabilities in [0, 1]");
    c.review_file = resolve_path(base, c.review_file);
  }
  if (const toml::table* q = t["quality"].as_table()) {
    const std::string w = path + " [quality]";
    check_keys(*q, {"variants", "bw_file", "sigma_file", "wdi_file", "intermediaries", "normalise"}, w);
    read_toml_value(*q, "normalise", c.normalise_quality, w);
    read_toml_list(*q, "variants", c.quality_variants, w, /*single_ok=*/true);
    read_toml_value(*q, "bw_file", c.bw_file, w);
    read_toml_value(*q, "sigma_file", c.sigma_file, w);
    read_toml_value(*q, "wdi_file", c.wdi_file, w);
    read_toml_value(*q, "intermediaries", c.intermediaries, w);
    for (auto* p : {&c.bw_file, &c.sigma_file, &c.wdi_file}) *p = resolve_path(base, *p);
  }
  if (const toml::table* tb = t["tables"].as_table()) {
    const std::string w = path + " [tables]";
    check_keys(*tb, {"tables", "depvar", "cluster", "formats", "out_dir"}, w);
    std::vector<int64_t> nums;
    read_toml_list(*tb, "tables", nums, w, /*single_ok=*/true);
    if (tb->contains("tables")) {
      c.tables.clear();
      for (int64_t n : nums) {
        if (n < 1 || n > 7) throw UserError(fmt::format("{}: tables are numbered 1-7, not {}", w, n));
        c.tables.push_back(static_cast<int>(n));
      }
    }
    read_toml_value(*tb, "depvar", c.depvar, w);
    read_toml_value(*tb, "cluster", c.cluster, w);
    read_toml_list(*tb, "formats", c.table_formats, w, /*single_ok=*/true);
    for (const auto& f : c.table_formats)
      if (f != "text" && f != "latex" && f != "html" && f != "md")
        throw UserError(fmt::format("{}: formats are text, latex, html or md, not \"{}\"", w, f));
    read_toml_value(*tb, "out_dir", c.tables_dir, w);
  }
  c.tables_dir = resolve_path(base, c.tables_dir);
  if (const toml::table* r = t["report"].as_table()) {
    const std::string w = path + " [report]";
    check_keys(*r, {"out", "title"}, w);
    read_toml_value(*r, "out", c.report_out, w);
    read_toml_value(*r, "title", c.report_title, w);
  }
  c.report_out = resolve_path(base, c.report_out);
  return c;
}

}  // namespace tradedig::pipeline
