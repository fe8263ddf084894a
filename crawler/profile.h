// Source profiles: one TOML file per source (profiles/<source>.toml) that users can edit when a
// site changes its block pages or its tolerance for request rates.
//
//   name = "alibaba"                       # crawl_tasks.source
//   url = "https://www.alibaba.com/trade/search?SearchText={query}"
//   obey_robots = true                     # false is logged on every run
//   kind = "membership"                    # membership | icp | domain: the default recrawl_days
//   recrawl_days = 90                      # overrides the kind's default (0: never re-crawl)
//   proxy = ""                             # e.g. "socks5h://127.0.0.1:1080"
//   cookie_file = ""
//   [politeness]  min_delay_s, max_delay_s, max_concurrency, autothrottle, target_concurrency,
//                 max_crawl_delay_s
//   [block]       statuses, not_found_statuses, url_markers, body_markers, not_found_markers,
//                 json_success_false, json_error_fields, json_code_field, json_ok_codes
//
// Every key is optional except name and url; [block] lists REPLACE the defaults of
// default_block_rules() when given, so a profile states its full rule set.
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
SourceSpec load_source_profile(const std::string& path);

}  // namespace tradedig::crawler
