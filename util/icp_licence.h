// ICP licence numbers: "浙ICP备12345678号-1", "京ICP证030173号", "粤B2-20090059".
//
// The year encoded in the number is a HEURISTIC (SOURCES.md §0.1, unverified): 备/证 numbers
// start with a two-digit year (030173 → 2003, 10046444 → 2010) or, for newer 10-digit numbers,
// a four-digit year; B2 value-added licences carry a four-digit year (20090059 → 2009).
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tradedig {

struct IcpLicence {
  std::string text;            // as found, normalised spacing: "浙ICP备12345678号-1"
  std::string main_licence;    // without the site suffix: "浙ICP备12345678号"
  std::string province;        // "浙"
  std::string kind;            // "备" (filing), "证" (ICP licence), "B2" (value-added telecom)
  std::string digits;          // "12345678"
  std::optional<int> site;     // the "-1" suffix
  std::optional<int> year;     // heuristic year, nullopt when implausible
};

// Every licence number in `text` (a footer, an API field), in order of appearance.
std::vector<IcpLicence> find_icp_licences(std::string_view text);

// The heuristic year of a licence string, or nullopt.
std::optional<int> icp_licence_year(std::string_view licence);

}  // namespace tradedig
