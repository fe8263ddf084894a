// Response classification: ok / not_found / blocked / error, by rules a source profile supplies.
//
// A blocked page (slider, punish, login wall, rate-limit page) is stored for audit but never
// extracted; that is why "200 with a block marker" must come out blocked, not ok.
#pragma once
#include <string>
#include <vector>

#include "crawler/fetch_types.h"

namespace tradedig::crawler {

enum class Outcome { kOk, kNotFound, kBlocked, kError };
const char* outcome_name(Outcome o);  // "ok", "not_found", "blocked", "error"

struct ClassificationRules {
  std::vector<int> blocked_statuses;         // e.g. 403, 429
  std::vector<int> not_found_statuses;       // e.g. 404, 410
  std::vector<std::string> blocked_url_markers;   // substrings of the final URL
  std::vector<std::string> blocked_body_markers;  // substrings of the body (any status)
  std::vector<std::string> not_found_body_markers;
  // JSON bodies (content-type json, or a body starting with '{'):
  bool json_success_false_is_blocked = true;     // {"success": false}
  std::vector<std::string> json_error_fields;    // present and non-empty: blocked (e.g. "errorCode")
  std::string json_code_field;                   // e.g. "code": anything but json_ok_codes is blocked
  std::vector<std::string> json_ok_codes;        // e.g. "200", "0"
  // 521 with this response header (Jiasule's JS challenge) is blocked, not an outage.
  std::string challenge_header = "x-via-jsl";
};

// The detector checklist of SOURCES.md §3: statuses 403/429, punish/login redirects, slider and
// rate-limit markers, JSON success:false / errorCode.
ClassificationRules default_block_rules();

// Transport failures (no response) and 5xx are errors; a 304 is ok (not modified).
Outcome classify(const ClassificationRules& rules, const FetchResult& r);

}  // namespace tradedig::crawler
