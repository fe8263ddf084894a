// WHOIS port-43 replies: registration date, registrar, and the outcome of the query.
//
// A rate-limit reply is never "not found" (SOURCES.md §1.5): the outcome is decided in the order
// rate-limited → registered (a creation date was found) → not found (a registry's not-found
// wording) → unknown.
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "crawler/registration_date.h"

namespace tradedig::crawler {

enum class WhoisOutcome { kRegistered, kNotFound, kRateLimited, kUnknown };
const char* whois_outcome_name(WhoisOutcome o);  // "registered", "not_found", "rate_limited", "unknown"

struct WhoisRecord {
  WhoisOutcome outcome = WhoisOutcome::kUnknown;
  std::string domain;                        // from the reply's Domain Name line, lower-case
  std::string registrar;
  std::string created_label;                 // the key the date came from ("Registration Time")
  std::optional<RegistrationTime> created;   // nullopt when no parsable creation date
};

// `domain` (may be empty) selects the record to read when a reply holds several (old Verisign
// replies list look-alike "Server Name: GOOGLE.COM.ZZZ..." records first). `.cn` and `.com.cn`
// replies (CNNIC) without a zone are read as Beijing time (UTC+8); others without a zone as UTC.
WhoisRecord parse_whois(std::string_view reply, std::string_view domain = {});

// The zone to assume for zone-less times in a reply for `domain` (CNNIC: +480 minutes).
std::optional<int> whois_default_offset(std::string_view domain);

}  // namespace tradedig::crawler
