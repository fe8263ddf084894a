#include "crawler/profile.h"

#include <toml++/toml.h>

#include <filesystem>

#include "crawler/domain_lookup.h"
#include "crawler/whois_source.h"
#include "util/error.h"
#include "util/toml_values.h"
#include "util/parse.h"

namespace tradedig::crawler {

namespace {

// A [table] of string values, keys and values lower-cased (server names, suffixes).
std::map<std::string, std::string> lower_string_table(const toml::table& t, const char* key, const std::string& where) {
  std::map<std::string, std::string> out;
  const toml::node* n = t.get(key);
  if (!n) return out;
  const toml::table* tab = n->as_table();
  if (!tab) throw UserError(where + ": [" + key + "] must be a table of \"name\" = \"value\"");
  for (const auto& [k, v] : *tab) {
    auto s = v.value<std::string>();
    if (!s || s->empty())
      throw UserError(where + " [" + key + "]: " + std::string(k.str()) + " must be a non-empty string");
    out[to_lower_ascii(trim(k.str()))] = to_lower_ascii(trim(*s));
  }
  return out;
}

// protocol = "whois": servers by suffix, address overrides, and base_url "whois://host:port".
SourceSpec whois_source(const toml::table& t, const std::string& name, const std::string& base_url,
                        const std::string& path) {
  if (t.contains("url"))
    throw UserError(path + ": a protocol = \"whois\" profile takes no url: the server comes from the domain's "
                    "suffix ([whois_servers]) and the page is stored as whois://<server>/<domain>");
  SourceSpec s;
  s.name = name;
  s.protocol = "whois";
  s.rules = default_block_rules();
  s.obey_robots = false;  // robots.txt is an HTTP convention; port 43 has none
  WhoisSourceSettings& w = s.whois;
  w.servers = default_whois_servers();
  for (auto& [suffix, server] : lower_string_table(t, "whois_servers", path)) w.servers[suffix] = server;
  w.addresses = lower_string_table(t, "whois_addresses", path);
  read_toml_value(t, "follow_referral", w.follow_referral, path);
  if (!base_url.empty()) {
    if (!base_url.starts_with("whois://"))
      throw UserError(path + ": base_url of a whois profile must look like whois://127.0.0.1:4343, not '" + base_url +
                      "'");
    w.connect_all = base_url.substr(8);
    while (!w.connect_all.empty() && w.connect_all.back() == '/') w.connect_all.pop_back();
    if (w.connect_all.empty()) throw UserError(path + ": base_url whois:// names no host");
  }
  s.make_request = [w](const std::string& query) { return whois_request(w, query); };
  return s;
}

}  // namespace

std::optional<double> default_recrawl_interval_s(std::string_view kind) {
  constexpr double kDay = 86400;
  if (kind == "membership") return 91 * kDay;  // quarterly
  if (kind == "icp" || kind == "domain") return 365 * kDay;  // yearly
  return std::nullopt;
}

std::string pick_base_url_override(std::string_view protocol, std::string_view overrides, const std::string& path) {
  if (trim(overrides).empty()) return {};
  bool whois = protocol == "whois";
  for (const std::string& item : split_any(overrides, {","})) {
    std::string url(trim(item));
    bool is_whois = url.starts_with("whois://");
    bool is_http = url.starts_with("http://") || url.starts_with("https://");
    if ((whois && is_whois) || (!whois && is_http)) return url;
  }
  throw UserError(path + (whois ? " is a WHOIS (port 43) profile: its base URL override must be whois://host:port "
                                  "(or a list such as \"http://127.0.0.1:8089,whois://127.0.0.1:4343\"), not '"
                                : " is an HTTP profile: its base URL override must be http(s)://host:port, not '") +
                  std::string(overrides) + "'");
}

SourceSpec load_source_profile(const std::string& path, const std::string& base_url_override) {
  toml::table t;
  try {
    t = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    throw UserError(path + ": " + std::string(e.description()) + " (line " +
                    std::to_string(e.source().begin.line) + ")");
  }
  auto name = t["name"].value<std::string>();
  if (!name || name->empty()) throw UserError(path + ": the profile needs name = \"...\"");
  std::string protocol = "http", base_url;
  read_toml_value(t, "protocol", protocol, path);
  read_toml_value(t, "base_url", base_url, path);
  if (std::string o = pick_base_url_override(protocol, base_url_override, path); !o.empty()) base_url = o;
  SourceSpec s;
  if (protocol == "whois") {
    s = whois_source(t, *name, base_url, path);
  } else if (protocol == "http") {
    auto url = t["url"].value<std::string>();
    if (!url || url->find("{query}") == std::string::npos)
      throw UserError(path + ": the profile needs url = \"...{query}...\"");
    while (!base_url.empty() && base_url.back() == '/') base_url.pop_back();
    if (!base_url.empty())
      for (size_t at; (at = url->find("{base}")) != std::string::npos;) url->replace(at, 6, base_url);
    s = source_from_template(*name, *url);
  } else {
    throw UserError(path + ": protocol must be \"http\" or \"whois\", not \"" + protocol + "\"");
  }
  read_toml_value(t, "obey_robots", s.obey_robots, path);
  read_toml_value(t, "proxy", s.proxy, path);
  read_toml_value(t, "cookie_file", s.cookie_file, path);
  read_toml_value(t, "ca_file", s.ca_file, path);
  // Relative files are beside the profile, so a crawl finds them from any working directory.
  const auto beside_profile = [&](std::string& file) {
    if (!file.empty() && std::filesystem::path(file).is_relative())
      file = (std::filesystem::path(path).parent_path() / file).lexically_normal().string();
  };
  beside_profile(s.ca_file);
  beside_profile(s.cookie_file);
  // Caught here, not as a TLS error on every fetch of the run.
  if (!s.ca_file.empty() && !std::filesystem::is_regular_file(s.ca_file))
    throw UserError(path + ": ca_file \"" + s.ca_file + "\" is not a file");
  // The jar may not exist yet (curl writes it), but its directory must.
  if (!s.cookie_file.empty()) {
    const auto dir = std::filesystem::path(s.cookie_file).parent_path();
    const char* why = std::filesystem::is_directory(s.cookie_file)                 ? "it is a directory"
                      : !dir.empty() && !std::filesystem::is_directory(dir) ? "its directory does not exist"
                                                                                 : nullptr;
    if (why) throw UserError(path + ": cookie_file \"" + s.cookie_file + "\" cannot be a cookie jar: " + why);
  }
  read_toml_value(t, "kind", s.kind, path);
  if (!s.kind.empty() && !default_recrawl_interval_s(s.kind))
    throw UserError(path + ": kind must be \"membership\", \"icp\" or \"domain\", not \"" + s.kind + "\"");
  s.recrawl_interval_s = default_recrawl_interval_s(s.kind);
  if (t.contains("recrawl_days")) {
    double days = 0;
    if (auto i = t["recrawl_days"].value<int64_t>()) days = static_cast<double>(*i);
    else read_toml_value(t, "recrawl_days", days, path);
    s.recrawl_interval_s = days > 0 ? std::optional<double>(days * 86400) : std::nullopt;
  }
  if (const toml::table* p = t["politeness"].as_table()) {
    const std::string where = path + " [politeness]";
    read_toml_value(*p, "min_delay_s", s.politeness.min_delay_s, where);
    read_toml_value(*p, "max_delay_s", s.politeness.max_delay_s, where);
    int64_t conc = s.politeness.max_concurrency;
    read_toml_value(*p, "max_concurrency", conc, where);
    s.politeness.max_concurrency = static_cast<int>(conc);
    read_toml_value(*p, "autothrottle", s.politeness.autothrottle, where);
    read_toml_value(*p, "target_concurrency", s.politeness.target_concurrency, where);
    read_toml_value(*p, "max_crawl_delay_s", s.politeness.max_crawl_delay_s, where);
  }
  if (const toml::table* b = t["block"].as_table()) {
    const std::string where = path + " [block]";
    std::vector<int64_t> statuses, nf;
    read_toml_list(*b, "statuses", statuses, where);
    read_toml_list(*b, "not_found_statuses", nf, where);
    if (b->contains("statuses")) s.rules.blocked_statuses.assign(statuses.begin(), statuses.end());
    if (b->contains("not_found_statuses")) s.rules.not_found_statuses.assign(nf.begin(), nf.end());
    read_toml_list(*b, "url_markers", s.rules.blocked_url_markers, where);
    read_toml_list(*b, "body_markers", s.rules.blocked_body_markers, where);
    read_toml_list(*b, "not_found_markers", s.rules.not_found_body_markers, where);
    read_toml_value(*b, "json_success_false", s.rules.json_success_false_is_blocked, where);
    read_toml_list(*b, "json_error_fields", s.rules.json_error_fields, where);
    read_toml_value(*b, "json_code_field", s.rules.json_code_field, where);
    read_toml_list(*b, "json_ok_codes", s.rules.json_ok_codes, where);
  }
  return s;
}

}  // namespace tradedig::crawler
