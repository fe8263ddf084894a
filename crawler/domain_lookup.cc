#include "crawler/domain_lookup.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "crawler/extract.h"
#include "crawler/fetcher.h"
#include "util/error.h"
#include "util/parse.h"

namespace tradedig::crawler {

namespace {

std::string read_whole(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return {};
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Lower-case host of a URL, host:port or bare domain, without a trailing dot or "www"-style
// handling (that is the suffix list's job).
std::string host_of(std::string_view input) {
  std::string s(trim(input));
  if (size_t scheme = s.find("://"); scheme != std::string::npos) s = s.substr(scheme + 3);
  s = s.substr(0, s.find_first_of("/?#"));
  if (size_t at = s.rfind('@'); at != std::string::npos) s = s.substr(at + 1);
  if (!s.empty() && s[0] == '[') return to_lower_ascii(s);  // IPv6 literal: no domain
  if (size_t colon = s.find(':'); colon != std::string::npos) s = s.substr(0, colon);
  while (!s.empty() && s.back() == '.') s.pop_back();
  return to_lower_ascii(s);
}

bool is_ip_literal(const std::string& host) {
  unsigned char buf[16];
  return (!host.empty() && host[0] == '[') || ::inet_pton(AF_INET, host.c_str(), buf) == 1;
}

std::vector<std::string> labels_of(std::string_view host) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i <= host.size()) {
    size_t dot = host.find('.', i);
    if (dot == std::string_view::npos) dot = host.size();
    out.emplace_back(host.substr(i, dot - i));
    i = dot + 1;
  }
  return out;
}

// labels[from..] joined with dots.
std::string join_from(const std::vector<std::string>& labels, size_t from) {
  std::string out;
  for (size_t i = from; i < labels.size(); ++i) out += (out.empty() ? "" : ".") + labels[i];
  return out;
}

// An absolute http(s) URL without spaces, controls or broken percent-escapes ("http://x/%%").
bool url_is_well_formed(const std::string& url) {
  if (!url.starts_with("https://") && !url.starts_with("http://")) return false;
  for (size_t i = 0; i < url.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(url[i]);
    if (c <= 0x20 || c == 0x7f) return false;
    if (c == '%' && (i + 2 >= url.size() || !std::isxdigit(static_cast<unsigned char>(url[i + 1])) ||
                     !std::isxdigit(static_cast<unsigned char>(url[i + 2]))))
      return false;
  }
  return true;
}

}  // namespace

PublicSuffixList PublicSuffixList::load(const std::string& path) {
  std::string text = read_whole(path);
  if (text.empty())
    throw UserError("cannot read the public suffix list at " + path +
                    ": install the Debian package 'publicsuffix' (scripts/install-deps.sh) or give another path");
  PublicSuffixList psl = parse(text);
  if (psl.size() == 0) throw UserError(path + " holds no public suffix rules");
  return psl;
}

PublicSuffixList PublicSuffixList::parse(std::string_view text) {
  PublicSuffixList psl;
  // Files without the section markers (tests, hand-made lists) are read whole.
  const bool has_sections = text.find("===BEGIN ICANN DOMAINS===") != std::string_view::npos;
  bool icann = !has_sections;
  for (const std::string& text_line : split_any(text, {"\n"})) {
    std::string_view line = text_line;
    if (line.find("===BEGIN ICANN DOMAINS===") != std::string_view::npos) icann = true;
    if (line.find("===END ICANN DOMAINS===") != std::string_view::npos) icann = false;
    if (!icann || line.starts_with("//")) continue;
    line = line.substr(0, line.find_first_of(" \t"));  // a rule ends at the first whitespace
    char kind = ' ';
    if (line.starts_with("!")) {
      kind = '!';
      line.remove_prefix(1);
    } else if (line.starts_with("*.")) {
      kind = '*';
      line.remove_prefix(2);
    }
    std::string key = to_lower_ascii(line);
    (kind == '!' ? psl.exceptions_ : kind == '*' ? psl.wildcards_ : psl.plain_).insert(std::move(key));
  }
  return psl;
}

std::string PublicSuffixList::public_suffix(std::string_view host) const {
  const std::vector<std::string> labels = labels_of(host);
  // The prevailing rule: an exception if one matches, else the matching rule with the most labels
  // (a wildcard counts its "*"), else the implicit "*" (the last label).
  size_t suffix_labels = 1;
  for (size_t from = 0; from < labels.size(); ++from) {
    const std::string name = join_from(labels, from);
    const size_t n = labels.size() - from;
    if (exceptions_.count(name)) return join_from(labels, from + 1);
    if (plain_.count(name)) suffix_labels = std::max(suffix_labels, n);
    if (wildcards_.count(name) && from > 0) suffix_labels = std::max(suffix_labels, n + 1);
  }
  return join_from(labels, labels.size() - std::min(suffix_labels, labels.size()));
}

std::optional<std::string> PublicSuffixList::registrable_domain(std::string_view host) const {
  std::string h = host_of(host);
  if (h.empty() || is_ip_literal(h)) return std::nullopt;
  const std::vector<std::string> labels = labels_of(h);
  for (const auto& l : labels)
    if (l.empty()) return std::nullopt;
  std::string suffix = public_suffix(h);
  size_t suffix_labels = labels_of(suffix).size();
  if (labels.size() <= suffix_labels) return std::nullopt;
  return join_from(labels, labels.size() - suffix_labels - 1);
}

RdapBootstrap RdapBootstrap::load(const std::string& path) {
  std::string text = read_whole(path);
  if (text.empty()) throw UserError("cannot read the RDAP bootstrap file " + path);
  return parse(text, path);
}

RdapBootstrap RdapBootstrap::parse(std::string_view json, const std::string& origin) {
  auto j = nlohmann::json::parse(json, nullptr, false);
  auto bad = [&](const std::string& why) {
    return UserError(origin + " is not an RDAP bootstrap file (IANA dns.json format): " + why);
  };
  if (j.is_discarded() || !j.is_object()) throw bad("not a JSON object");
  auto services = j.find("services");
  if (services == j.end() || !services->is_array()) throw bad("no \"services\" array");
  RdapBootstrap b;
  for (const auto& entry : *services) {
    // [[labels...], [urls...]]
    if (!entry.is_array() || entry.size() < 2 || !entry[0].is_array() || !entry[1].is_array())
      throw bad("a service is not [[TLDs], [URLs]]");
    std::vector<std::string> urls;
    for (const auto& u : entry[1]) {
      if (!u.is_string()) throw bad("a service URL is not a string");
      std::string url = u.get<std::string>();
      if (!url_is_well_formed(url)) throw bad("service URL '" + url + "'");
      urls.push_back(url);
    }
    // RFC 9224 §3: prefer HTTPS when a service lists both.
    std::stable_partition(urls.begin(), urls.end(), [](const std::string& u) { return u.starts_with("https://"); });
    for (const auto& label : entry[0]) {
      if (!label.is_string()) throw bad("a TLD entry is not a string");
      b.services_[to_lower_ascii(label.get<std::string>())] = urls;
    }
  }
  return b;
}

std::vector<std::string> RdapBootstrap::servers_for(std::string_view domain) const {
  const std::vector<std::string> labels = labels_of(to_lower_ascii(domain));
  for (size_t from = 0; from < labels.size(); ++from)
    if (auto it = services_.find(join_from(labels, from)); it != services_.end()) return it->second;
  return {};
}

void RdapBootstrap::redirect_all(const std::string& base_url) {
  for (auto& [tld, urls] : services_) urls = {base_url};
}

DomainLookupConfig DomainLookupConfig::load(const std::string& bootstrap_path, const std::string& psl_path) {
  return {PublicSuffixList::load(psl_path), RdapBootstrap::load(bootstrap_path), default_whois_servers()};
}

std::map<std::string, std::string> default_whois_servers() {
  // From the registries' own documentation as recalled, not checked from here (unverified);
  // .cn is CNNIC's server as SOURCES.md §1.5 records it.
  return {{"cn", "whois.cnnic.cn"},           {"com", "whois.verisign-grs.com"}, {"net", "whois.verisign-grs.com"},
          {"org", "whois.publicinterestregistry.org"}, {"hk", "whois.hkirc.hk"}, {"tw", "whois.twnic.net.tw"}};
}

const char* lookup_method_name(DomainLookupPlan::Method m) {
  switch (m) {
    case DomainLookupPlan::Method::kRdap: return "rdap";
    case DomainLookupPlan::Method::kWhois: return "whois";
    case DomainLookupPlan::Method::kNone: return "none";
  }
  return "none";
}

const char* domain_outcome_name(DomainOutcome o) {
  switch (o) {
    case DomainOutcome::kFound: return "found";
    case DomainOutcome::kNotFound: return "not_found";
    case DomainOutcome::kRateLimited: return "rate_limited";
    case DomainOutcome::kError: return "error";
  }
  return "error";
}

DomainLookupPlan plan_domain_lookup(std::string_view url_or_host, const DomainLookupConfig& cfg) {
  DomainLookupPlan plan;
  plan.input = std::string(trim(url_or_host));
  std::string host = host_of(url_or_host);
  if (host.empty()) {
    plan.why = "no host in '" + plan.input + "'";
    return plan;
  }
  if (is_ip_literal(host)) {
    plan.why = host + " is an IP address, not a domain";
    return plan;
  }
  auto domain = cfg.suffixes.registrable_domain(host);
  if (!domain) {
    plan.why = host + " is a public suffix, not a registrable domain";
    return plan;
  }
  plan.domain = *domain;
  plan.suffix = cfg.suffixes.public_suffix(host);
  const std::string tld = plan.domain.substr(plan.domain.rfind('.') + 1);
  if (auto it = cfg.whois_servers.find(tld); it != cfg.whois_servers.end()) plan.whois_server = it->second;
  if (auto urls = cfg.bootstrap.servers_for(plan.domain); !urls.empty()) {
    std::string base = urls.front();
    if (!base.ends_with("/")) base += '/';
    plan.method = DomainLookupPlan::Method::kRdap;
    plan.rdap_url = base + "domain/" + plan.domain;
  } else if (!plan.whois_server.empty()) {
    plan.method = DomainLookupPlan::Method::kWhois;
  } else {
    plan.why = "no RDAP service in the bootstrap and no WHOIS server known for ." + tld;
  }
  return plan;
}

namespace {

DomainOutcome outcome_of(const Extraction& ex) {
  switch (ex.verdict) {
    case PageVerdict::kFound: return DomainOutcome::kFound;
    case PageVerdict::kNotFound: return DomainOutcome::kNotFound;
    case PageVerdict::kBlocked: return DomainOutcome::kRateLimited;
    case PageVerdict::kUnparsed: return DomainOutcome::kError;
  }
  return DomainOutcome::kError;
}

// One GET on the libcurl fetcher, waited for.
FetchResult http_get(const std::string& url, const DomainLookupOptions& opt) {
  FetcherOptions fo;
  fo.user_agent = opt.user_agent;
  fo.total_timeout_s = opt.http_timeout_s;
  fo.connect_timeout_s = std::min(15.0, opt.http_timeout_s);
  Fetcher fetcher(fo);
  FetchRequest req;
  req.url = url;
  req.headers = {{"Accept", "application/rdap+json, application/json"}};
  fetcher.start(1, req);
  for (;;)
    for (auto& [id, result] : fetcher.poll(200))
      if (id == 1) return std::move(result);
}

void lookup_rdap(const DomainLookupPlan& plan, const DomainLookupOptions& opt, DomainLookupResult& r) {
  FetchResult f = http_get(plan.rdap_url, opt);
  r.via = "rdap";
  r.server = plan.rdap_url;
  r.http_status = f.status;
  r.trail.push_back("rdap GET " + plan.rdap_url + " -> " +
                    (f.curl_code ? "transport error: " + f.error : "HTTP " + std::to_string(f.status)));
  if (f.curl_code != 0 || f.status == 0) {
    r.error = "RDAP request failed: " + f.error;
    return;
  }
  if (f.status >= 500) {
    r.error = "RDAP server answered HTTP " + std::to_string(f.status);
    return;
  }
  StoredPage page;
  page.source = "rdap";
  page.query = plan.domain;
  page.url = plan.rdap_url;
  page.final_url = f.final_url;
  page.status = f.status;
  page.headers = f.headers;
  page.body = f.body;
  r.body = std::move(f.body);
  r.extraction = extract_rdap({}, page);
  r.outcome = outcome_of(r.extraction);
  if (r.outcome == DomainOutcome::kError && !r.extraction.notes.empty()) r.error = r.extraction.notes.front();
}

void lookup_whois(const DomainLookupPlan& plan, const DomainLookupOptions& opt, DomainLookupResult& r) {
  r.via = "whois";
  r.server = plan.whois_server;
  WhoisReply reply = whois_query(plan.whois_server, plan.domain, opt.whois);
  r.trail.push_back("whois " + plan.whois_server + " " + plan.domain + " -> " +
                    (reply.ok() ? std::to_string(reply.text.size()) + " bytes" : reply.error));
  if (!reply.ok()) {
    r.error = "WHOIS " + plan.whois_server + ": " + reply.error;
    return;
  }
  r.body = reply.text;
  // Thin registry → registrar, once. The registry's record stays first in the body, so its
  // creation date wins in parse_whois; a registrar that fails or rate-limits costs nothing.
  std::string referral = opt.follow_referral ? whois_referral(reply.text, plan.domain) : std::string();
  if (!referral.empty() && referral != to_lower_ascii(plan.whois_server)) {
    WhoisReply second = whois_query(referral, plan.domain, opt.whois);
    r.trail.push_back("whois " + referral + " " + plan.domain + " (referral) -> " +
                      (second.ok() ? std::to_string(second.text.size()) + " bytes" : second.error));
    if (second.ok()) {
      r.body += "\n";
      r.body += second.text;
      r.server = referral;
    }
  }
  StoredPage page;
  page.source = "whois";
  page.query = plan.domain;
  page.url = "whois://" + plan.whois_server + "/" + plan.domain;
  page.status = 200;
  page.headers = {{"content-type", "text/plain; charset=utf-8"}};
  page.body = r.body;
  r.extraction = extract_whois({}, page);
  r.outcome = outcome_of(r.extraction);
  if (r.outcome == DomainOutcome::kError && !r.extraction.notes.empty()) r.error = r.extraction.notes.front();
}

}  // namespace

DomainLookupResult lookup_domain(const DomainLookupPlan& plan, const DomainLookupOptions& opt) {
  DomainLookupResult r;
  switch (plan.method) {
    case DomainLookupPlan::Method::kNone:
      r.error = plan.why.empty() ? "nothing to look up" : plan.why;
      return r;
    case DomainLookupPlan::Method::kWhois: lookup_whois(plan, opt, r); return r;
    case DomainLookupPlan::Method::kRdap: break;
  }
  lookup_rdap(plan, opt, r);
  // Only a failed exchange falls back: an RDAP "not found" or rate limit is an answer.
  if (r.outcome == DomainOutcome::kError && r.extraction.verdict == PageVerdict::kUnparsed && r.body.empty() &&
      opt.whois_fallback && !plan.whois_server.empty()) {
    r.trail.push_back("rdap failed; asking WHOIS instead");
    std::vector<std::string> trail = std::move(r.trail);
    r = DomainLookupResult{};
    r.trail = std::move(trail);
    lookup_whois(plan, opt, r);
  }
  return r;
}

}  // namespace tradedig::crawler
