// Source profiles: one TOML file per source (profiles/<source>.toml) that users can edit when a
// site changes its block pages or its tolerance for request rates.
//
//   name = "alibaba"                       # crawl_tasks.source
//   protocol = "http"                      # "http" (default) or "whois": see below
//   url = "https://www.alibaba.com/trade/search?SearchText={query}"
//   base_url = "https://www.alibaba.com"   # "{base}" in url; overridable (tests, replay demo)
//   obey_robots = true                     # false is logged on every run
//   kind = "membership"                    # membership | icp | domain: the default recrawl_days
//   recrawl_days = 90                      # overrides the kind's default (0: never re-crawl)
//   proxy = ""                             # e.g. "socks5h://127.0.0.1:1080"
//   cookie_file = ""
//   ca_file = ""                           # PEM CA certificates also trusted for HTTPS (a private or
//                                          # intercepting CA), relative to the profile's folder;
//                                          # certificates are always verified
//   [politeness]  min_delay_s, max_delay_s, max_concurrency, autothrottle, target_concurrency,
//                 max_crawl_delay_s
//   [block]       statuses, not_found_statuses, url_markers, body_markers, not_found_markers,
//                 json_success_false, json_error_fields, json_code_field, json_ok_codes
//
// Every key is optional except name and url; [block] lists REPLACE the defaults of
// default_block_rules() when given, so a profile states its full rule set.
//
// protocol = "whois": WHOIS over TCP port 43 (crawler.h). The task's query is a domain; there is no
// url (giving one is an error). Keys of its own:
//   base_url = "whois://127.0.0.1:4343"    # optional: EVERY query connects here (tests, demo, a
//                                          # local relay); pages and politeness keep the server name
//   follow_referral = true                 # ask a thin registry's "Registrar WHOIS Server:" once
//   [whois_servers]    "com.cn" = "whois.cnnic.cn"     # suffix -> server, over default_whois_servers()
//   [whois_addresses]  "whois.cnnic.cn" = "127.0.0.1:4343"   # server -> where to connect
// robots.txt does not apply (obey_robots is ignored); [politeness] is per WHOIS server; [block]
// body_markers are matched on the reply (a match is blocked: retried later, never not_found).
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "crawler/crawler.h"

namespace tradedig::crawler {

// The default re-crawl interval of a kind of source: memberships quarterly (91 days), ICP filings
// and WHOIS/RDAP domain records yearly (365 days); nullopt for an unknown or empty kind.
std::optional<double> default_recrawl_interval_s(std::string_view kind);

// Throws UserError naming the file and the key when the profile is unreadable or malformed.
// A non-empty `base_url_override` replaces the profile's base_url; see pick_base_url_override.
SourceSpec load_source_profile(const std::string& path, const std::string& base_url_override = "");

// The override a profile of `protocol` takes from `overrides`: one base URL, or a comma-separated
// list with one per scheme ("http://127.0.0.1:8089,whois://127.0.0.1:4343"), so a single override
// serves a directory of HTTP and WHOIS profiles. "" when `overrides` is empty. Throws UserError
// naming `path` when no item fits (a whois profile given only http://: never silently ask the real
// registries from a test or demo).
std::string pick_base_url_override(std::string_view protocol, std::string_view overrides, const std::string& path);

}  // namespace tradedig::crawler
