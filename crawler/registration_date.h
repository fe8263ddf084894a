// Registration dates as WHOIS and RDAP print them, with explicit zone rules (SOURCES.md §0.2, §4.5).
//
// The raw string is always kept. The local calendar date is the date as the registry wrote it
// (CNNIC: Beijing time) and is what a day-level start date should use; the UTC instant is derived
// from the written zone, or from `default_offset_minutes` when the text has none (CNNIC: +480).
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace tradedig::crawler {

struct RegistrationTime {
  std::string raw;                     // as given, trimmed
  std::string local_date;              // "YYYY-MM-DD" as written
  std::string utc;                     // "YYYY-MM-DDTHH:MM:SSZ"; "" when no zone is written or assumed
  std::optional<int> offset_minutes;   // the zone used for `utc`
  bool has_time = false;
};

// Shapes understood: 2003-03-17 12:20:05, 1997-09-15T00:00:00-0700, 2004-08-30T22:55:00+00:00,
// 2019-08-04T11:35:07.5Z, 2001-06-14-T10:32:43Z, 2000-08-29 10:22:50 (UTC+8), 2003/03/17,
// 2003.03.17, 2003. 03. 17., 17.03.2003, 17-03-2003, 15-Sep-1997, 15 May 2001, May 15 2001,
// 20030317, "1999-12-15 (YYYY-MM-DD)". Nullopt for anything else ("before 1996" included).
std::optional<RegistrationTime> parse_registration_time(std::string_view raw,
                                                        std::optional<int> default_offset_minutes = std::nullopt);

}  // namespace tradedig::crawler
