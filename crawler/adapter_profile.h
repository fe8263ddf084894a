// A source adapter's profile: the engine's SourceSpec (request, block rules, politeness) plus the
// extraction rules, from one TOML file (profiles/alibaba.toml, ...). Keys beyond profile.h's:
//
//   base_url = "https://www.alibaba.com"   # "{base}" in url/body; overridable (tests, replay demo)
//   url = "{base}/search/api/supplierTextSearch?supplierQpKeywords={query}"
//   replay_url = "{base}/showroom/{query}"  # used instead of url when base_url is overridden (for a
//                                          # url whose host holds the query, e.g. a shop subdomain)
//   query_encoding = "gbk"                 # bytes of {query} before percent-encoding (default utf-8)
//   method = "POST"                        # default GET
//   body = "{\"unitName\":\"{query_json}\",\"serviceType\":1}"   # {query_json}: JSON-escaped query
//   [headers]  Name = "value"              # extra request headers
//   [extract]  adapter = "alibaba", then any selector / JSON path / pattern key the adapter reads
//
// A protocol = "whois" profile (profile.h) has no url, method, body or headers: its requests are
// whois://<server>/<domain>, and its base_url override has the form "whois://127.0.0.1:PORT"
// (every query connects there; stored URLs keep the registry's name, whois://whois.cnnic.cn/x.cn).
#pragma once
#include <map>
#include <string>

#include "crawler/crawler.h"
#include "crawler/extract.h"

namespace tradedig::crawler {

struct AdapterProfile {
  SourceSpec spec;
  ExtractRules extract;     // extract.block == spec.rules
  std::string base_url;     // after the override (whois profiles: "whois://host:port" or "")
  std::string path;         // the file it came from
};

// Throws UserError naming the file and key when the profile is unreadable, malformed or has no
// [extract] adapter. A non-empty `base_url_override` replaces the profile's base_url: one URL, or
// one per scheme, comma-separated ("http://127.0.0.1:8089,whois://127.0.0.1:4343"; see
// pick_base_url_override in profile.h — a whois profile refuses an http-only override).
AdapterProfile load_adapter_profile(const std::string& path, const std::string& base_url_override = "");

// Every *.toml in `dir` that has an [extract] table, by source name.
std::map<std::string, AdapterProfile> load_adapter_profiles(const std::string& dir,
                                                            const std::string& base_url_override = "");

}  // namespace tradedig::crawler
