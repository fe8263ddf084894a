#include "crawler/profile.h"

#include <toml++/toml.h>

#include "util/error.h"

namespace tradedig::crawler {

namespace {

template <class T>
void read_list(const toml::table& t, const char* key, std::vector<T>& out, const std::string& where) {
  const toml::node* n = t.get(key);
  if (!n) return;
  const toml::array* arr = n->as_array();
  if (!arr) throw UserError(where + ": " + key + " must be a list");
  out.clear();
  for (const auto& item : *arr) {
    auto v = item.value<T>();
    if (!v) throw UserError(where + ": " + key + " has an element of the wrong type");
    out.push_back(*v);
  }
}

template <class T>
void read_value(const toml::table& t, const char* key, T& out, const std::string& where) {
  const toml::node* n = t.get(key);
  if (!n) return;
  auto v = n->value<T>();
  if (!v) throw UserError(where + ": " + key + " has the wrong type");
  out = *v;
}

}  // namespace

std::optional<double> default_recrawl_interval_s(std::string_view kind) {
  constexpr double kDay = 86400;
  if (kind == "membership") return 91 * kDay;  // quarterly
  if (kind == "icp" || kind == "domain") return 365 * kDay;  // yearly
  return std::nullopt;
}

SourceSpec load_source_profile(const std::string& path) {
  toml::table t;
  try {
    t = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    throw UserError(path + ": " + std::string(e.description()) + " (line " +
                    std::to_string(e.source().begin.line) + ")");
  }
  auto name = t["name"].value<std::string>();
  auto url = t["url"].value<std::string>();
  if (!name || name->empty()) throw UserError(path + ": the profile needs name = \"...\"");
  if (!url || url->find("{query}") == std::string::npos)
    throw UserError(path + ": the profile needs url = \"...{query}...\"");
  SourceSpec s = source_from_template(*name, *url);
  read_value(t, "obey_robots", s.obey_robots, path);
  read_value(t, "proxy", s.proxy, path);
  read_value(t, "cookie_file", s.cookie_file, path);
  read_value(t, "kind", s.kind, path);
  if (!s.kind.empty() && !default_recrawl_interval_s(s.kind))
    throw UserError(path + ": kind must be \"membership\", \"icp\" or \"domain\", not \"" + s.kind + "\"");
  s.recrawl_interval_s = default_recrawl_interval_s(s.kind);
  if (t.contains("recrawl_days")) {
    double days = 0;
    if (auto i = t["recrawl_days"].value<int64_t>()) days = static_cast<double>(*i);
    else read_value(t, "recrawl_days", days, path);
    s.recrawl_interval_s = days > 0 ? std::optional<double>(days * 86400) : std::nullopt;
  }
  if (const toml::table* p = t["politeness"].as_table()) {
    const std::string where = path + " [politeness]";
    read_value(*p, "min_delay_s", s.politeness.min_delay_s, where);
    read_value(*p, "max_delay_s", s.politeness.max_delay_s, where);
    int64_t conc = s.politeness.max_concurrency;
    read_value(*p, "max_concurrency", conc, where);
    s.politeness.max_concurrency = static_cast<int>(conc);
    read_value(*p, "autothrottle", s.politeness.autothrottle, where);
    read_value(*p, "target_concurrency", s.politeness.target_concurrency, where);
    read_value(*p, "max_crawl_delay_s", s.politeness.max_crawl_delay_s, where);
  }
  if (const toml::table* b = t["block"].as_table()) {
    const std::string where = path + " [block]";
    std::vector<int64_t> statuses, nf;
    read_list(*b, "statuses", statuses, where);
    read_list(*b, "not_found_statuses", nf, where);
    if (b->contains("statuses")) s.rules.blocked_statuses.assign(statuses.begin(), statuses.end());
    if (b->contains("not_found_statuses")) s.rules.not_found_statuses.assign(nf.begin(), nf.end());
    read_list(*b, "url_markers", s.rules.blocked_url_markers, where);
    read_list(*b, "body_markers", s.rules.blocked_body_markers, where);
    read_list(*b, "not_found_markers", s.rules.not_found_body_markers, where);
    read_value(*b, "json_success_false", s.rules.json_success_false_is_blocked, where);
    read_list(*b, "json_error_fields", s.rules.json_error_fields, where);
    read_value(*b, "json_code_field", s.rules.json_code_field, where);
    read_list(*b, "json_ok_codes", s.rules.json_ok_codes, where);
  }
  return s;
}

}  // namespace tradedig::crawler
