// RDAP domain responses (RFC 9083): the registration event, the registrar, and the outcome.
//
// A 200 that wraps {"errorCode":429} is a rate limit, never "registered" nor "not found".
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "crawler/registration_date.h"

namespace tradedig::crawler {

enum class RdapOutcome { kRegistered, kNotFound, kRateLimited, kError };
const char* rdap_outcome_name(RdapOutcome o);  // "registered", "not_found", "rate_limited", "error"

struct RdapRecord {
  RdapOutcome outcome = RdapOutcome::kError;
  std::string domain;                        // ldhName, lower-case
  std::string registrar;                     // fn of the entity with role "registrar"
  std::optional<RegistrationTime> created;   // events[eventAction == "registration"].eventDate
  std::string error;                         // why the outcome is kError
};

// `http_status` is the response status (404 → not found even with an empty body).
RdapRecord parse_rdap(std::string_view body, int http_status = 200);

}  // namespace tradedig::crawler
