// Domain registration look-ups: which registrable domain to ask about, whom to ask (RDAP or WHOIS
// over port 43), and the answer read by the rdap/whois adapters (SOURCES.md §1.5, §1.6).
//
// Planning: the registrable domain comes from the public suffix list (www.sina.com.cn → sina.com.cn:
// a subdomain query 404s on RDAP and "No matching record" on CNNIC). RDAP is used when the IANA
// bootstrap lists a server for the domain's TLD (gTLDs: .com, .net, .org); WHOIS otherwise
// (.cn and .com.cn at whois.cnnic.cn). A WHOIS reply that points to a registrar's server
// ("Registrar WHOIS Server:", the thin .com registry) is followed once.
//
// Outcomes are kept apart: found / not found / rate-limited / error. A rate-limit reply is never
// "not found", and a registry that is down is an error, not a missing domain.
//
//   DomainLookupConfig cfg = DomainLookupConfig::load("profiles/rdap_bootstrap.json");
//   DomainLookupPlan plan = plan_domain_lookup("https://www.sina.com.cn/news", cfg);
//   // plan.domain == "sina.com.cn", plan.method == kWhois, plan.whois_server == "whois.cnnic.cn"
//   DomainLookupResult r = lookup_domain(plan, {});
//   if (r.outcome == DomainOutcome::kFound) use(r.extraction.domains[0]);
#pragma once
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "crawler/observation.h"
#include "crawler/whois_client.h"

namespace tradedig::crawler {

// Where Debian's `publicsuffix` package puts the list.
constexpr const char* kDefaultPublicSuffixPath = "/usr/share/publicsuffix/public_suffix_list.dat";

// The ICANN section of the public suffix list (publicsuffix.org format: rules, "*." wildcards,
// "!" exceptions). The private section (blogspot.com, github.io, ...) is left out on purpose:
// registries answer for the domain registered under the ICANN suffix, not for a private one.
class PublicSuffixList {
 public:
  // Throws UserError naming the path and the Debian package when the file is missing or empty.
  static PublicSuffixList load(const std::string& path = kDefaultPublicSuffixPath);
  static PublicSuffixList parse(std::string_view text);

  // "www.sina.com.cn" → "com.cn"; the prevailing rule per the list's algorithm ("*" by default).
  std::string public_suffix(std::string_view host) const;
  // "www.sina.com.cn" → "sina.com.cn"; nullopt when `host` is itself a public suffix or empty.
  std::optional<std::string> registrable_domain(std::string_view host) const;
  size_t size() const { return plain_.size() + wildcards_.size() + exceptions_.size(); }

 private:
  // Rules by name without their "*." or "!" prefix ("*.kawasaki.jp" -> wildcards_ "kawasaki.jp").
  std::set<std::string> plain_, wildcards_, exceptions_;
};

// IANA's RDAP bootstrap for domains (RFC 9224, data.iana.org/rdap/dns.json): TLD labels → base URLs.
class RdapBootstrap {
 public:
  // Throws UserError naming the file when it is unreadable or not in the bootstrap format.
  static RdapBootstrap load(const std::string& path);
  static RdapBootstrap parse(std::string_view json, const std::string& origin = "bootstrap");

  // The base URLs for `domain`, by the longest matching label suffix; https first; empty when
  // the bootstrap has no entry.
  std::vector<std::string> servers_for(std::string_view domain) const;
  // Points every entry at `base_url` (tests and replay demos serve RDAP on loopback).
  void redirect_all(const std::string& base_url);

 private:
  std::map<std::string, std::vector<std::string>> services_;  // "com" -> {"https://rdap.verisign.com/com/v1/"}
};

struct DomainLookupConfig {
  PublicSuffixList suffixes;
  RdapBootstrap bootstrap;
  // TLD (last label) -> WHOIS server; default_whois_servers() unless replaced.
  std::map<std::string, std::string> whois_servers;

  // The public suffix list at `psl_path` and the bootstrap file at `bootstrap_path`.
  static DomainLookupConfig load(const std::string& bootstrap_path,
                                 const std::string& psl_path = kDefaultPublicSuffixPath);
};

// Port-43 servers for the TLDs this project meets (.cn/.com.cn: CNNIC; .com/.net: Verisign's thin
// registry; .org: PIR; .hk, .tw). Used when RDAP is not listed for the TLD.
std::map<std::string, std::string> default_whois_servers();

struct DomainLookupPlan {
  enum class Method { kRdap, kWhois, kNone };
  std::string input;          // as given (URL, host or domain)
  std::string domain;         // registrable domain, lower-case; "" when none
  std::string suffix;         // its public suffix ("com.cn")
  Method method = Method::kNone;
  std::string rdap_url;       // "<base>/domain/<domain>" when kRdap
  std::string whois_server;   // when kWhois, or the fallback when RDAP fails in transport
  std::string why;            // for kNone: why nothing can be asked
};
const char* lookup_method_name(DomainLookupPlan::Method m);  // "rdap", "whois", "none"

// Never throws for odd input: a URL, host or bare domain gives a plan; an IP address, a public
// suffix alone or a TLD with neither RDAP nor a WHOIS server gives kNone with `why`.
DomainLookupPlan plan_domain_lookup(std::string_view url_or_host, const DomainLookupConfig& cfg);

enum class DomainOutcome { kFound, kNotFound, kRateLimited, kError };
const char* domain_outcome_name(DomainOutcome o);  // "found", "not_found", "rate_limited", "error"

struct DomainLookupOptions {
  WhoisQueryOptions whois;
  std::string user_agent = "tradedig/0.1 (+research crawler)";
  double http_timeout_s = 30;
  bool follow_referral = true;   // thin → thick: ask the registrar's WHOIS server once
  bool whois_fallback = true;    // RDAP transport failure or 5xx → ask WHOIS when a server is known
};

struct DomainLookupResult {
  DomainOutcome outcome = DomainOutcome::kError;
  std::string via;              // "rdap" or "whois": which adapter read `body`
  std::string server;           // the last server asked
  int http_status = 0;          // RDAP only
  std::string body;             // what the adapter read (WHOIS: registry reply, then the registrar's)
  Extraction extraction;        // the adapter's reading; domains[0] when found
  std::vector<std::string> trail;  // one line per request made, and why a step was skipped
  std::string error;            // for kError
};

// Carries out `plan`: one RDAP GET, or a WHOIS query (plus one referral), then extract_rdap /
// extract_whois on the answer. Never throws for network trouble.
DomainLookupResult lookup_domain(const DomainLookupPlan& plan, const DomainLookupOptions& opt);

}  // namespace tradedig::crawler
