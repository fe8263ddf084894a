#include "crawler/adapter_profile.h"

#include <toml++/toml.h>

#include <filesystem>

#include <nlohmann/json.hpp>

#include "crawler/page_charset.h"
#include "crawler/profile.h"
#include "crawler/url_parts.h"
#include "util/charset.h"
#include "util/error.h"

namespace tradedig::crawler {

namespace {

void replace_all(std::string& s, const std::string& key, const std::string& with) {
  for (size_t at = s.find(key); at != std::string::npos; at = s.find(key, at + with.size())) s.replace(at, key.size(), with);
}

std::string json_escape(const std::string& s) {
  std::string quoted = nlohmann::json(s).dump();
  return quoted.substr(1, quoted.size() - 2);
}

std::string string_key(const toml::table& t, const char* key, const std::string& fallback, const std::string& where) {
  const toml::node* n = t.get(key);
  if (!n) return fallback;
  auto v = n->value<std::string>();
  if (!v) throw UserError(where + ": " + key + " must be a string");
  return *v;
}

// The [extract] table into p.extract (the adapter and its overrides); p.spec.rules become its block rules.
AdapterProfile read_extract(const toml::table& t, AdapterProfile p) {
  const std::string& path = p.path;
  const toml::table* ex = t["extract"].as_table();
  if (!ex) throw UserError(path + ": the profile needs an [extract] table with adapter = \"...\"");
  for (const auto& [k, v] : *ex) {
    auto s = v.value<std::string>();
    if (!s) throw UserError(path + " [extract]: " + std::string(k.str()) + " must be a string");
    if (k.str() == "adapter") p.extract.adapter = *s;
    else p.extract.fields[std::string(k.str())] = *s;
  }
  if (p.extract.adapter.empty()) throw UserError(path + " [extract]: adapter = \"...\" is required");
  p.extract.block = p.spec.rules;
  return p;
}

}  // namespace

AdapterProfile load_adapter_profile(const std::string& path, const std::string& base_url_override) {
  AdapterProfile p;
  p.path = path;
  // Validates name, url, politeness, block; a whois profile is complete after this (its requests
  // are whois://server/domain, not a template).
  p.spec = load_source_profile(path, base_url_override);
  toml::table t = toml::parse_file(path);  // parses: load_source_profile succeeded on it
  const std::string override_url = pick_base_url_override(p.spec.protocol, base_url_override, path);
  p.base_url = override_url.empty() ? string_key(t, "base_url", "", path) : override_url;
  while (!p.base_url.empty() && p.base_url.back() == '/') p.base_url.pop_back();
  if (p.spec.protocol == "whois") return read_extract(t, std::move(p));
  std::string url = string_key(t, "url", "", path);
  // A source whose host carries the query (a shop's own subdomain) cannot be moved by {base}; its
  // profile says where a replay server keeps the page instead.
  if (!base_url_override.empty()) url = string_key(t, "replay_url", url, path);
  if (url.find("{base}") != std::string::npos && p.base_url.empty())
    throw UserError(path + ": url uses {base} but no base_url is set");
  std::string encoding = canonical_encoding(string_key(t, "query_encoding", "utf-8", path));
  if (encoding == "auto") encoding = "utf-8";
  std::string method = string_key(t, "method", "GET", path);
  std::string body = string_key(t, "body", "", path);
  std::vector<std::pair<std::string, std::string>> headers;
  if (const toml::table* h = t["headers"].as_table())
    for (const auto& [k, v] : *h) {
      auto s = v.value<std::string>();
      if (!s) throw UserError(path + " [headers]: " + std::string(k.str()) + " must be a string");
      headers.emplace_back(std::string(k.str()), *s);
    }
  p.spec.make_request = [url, base = p.base_url, encoding, method, body, headers](const std::string& query) {
    FetchRequest r;
    r.method = method;
    r.headers = headers;
    // 1688 wants GBK bytes percent-encoded; GB18030 is the superset ICU offers for it.
    std::string bytes = encoding == "utf-8" ? query : utf8_to_gbk(query);
    r.url = url;
    replace_all(r.url, "{base}", base);
    replace_all(r.url, "{query}", url_escape(bytes));
    r.body = body;
    replace_all(r.body, "{base}", base);
    replace_all(r.body, "{query_json}", json_escape(query));
    replace_all(r.body, "{query}", url_escape(bytes));
    return r;
  };
  return read_extract(t, std::move(p));
}

std::map<std::string, AdapterProfile> load_adapter_profiles(const std::string& dir, const std::string& base_url_override) {
  std::map<std::string, AdapterProfile> out;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (entry.path().extension() != ".toml") continue;
    toml::table t;
    try {
      t = toml::parse_file(entry.path().string());
    } catch (const toml::parse_error&) {
      load_source_profile(entry.path().string());  // rethrows with the file and line
    }
    if (!t.contains("extract")) continue;
    AdapterProfile p = load_adapter_profile(entry.path().string(), base_url_override);
    std::string name = p.spec.name;
    out.emplace(std::move(name), std::move(p));
  }
  if (ec) throw UserError("cannot read profile directory " + dir + ": " + ec.message());
  return out;
}

}  // namespace tradedig::crawler
