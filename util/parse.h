// Strict parsing of the scalar values found in user files. Every function returns nullopt for text
// that is not a value of its kind (never a silent 0); surrounding ASCII spaces are ignored.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tradedig {

std::string_view trim(std::string_view s);
bool iequals(std::string_view a, std::string_view b);  // ASCII case-insensitive
std::string to_lower_ascii(std::string_view s);

std::optional<int64_t> parse_int(std::string_view s);   // "42", "-7", "42.0" (integral reals)
std::optional<double> parse_double(std::string_view s);  // "3.5", "1e-3", "-0"; no "nan"/"inf"

// A calendar year from the shapes firm lists use: "2005", "2005.0", "2005-03-01", "2005/3/1",
// "20050301", "200503", "2005年3月", "2005-03-01 00:00:00". Years outside 1800..2200 are rejected.
std::optional<int> parse_year(std::string_view s);

// A date as ISO "YYYY-MM-DD" from "2005-03-01", "2005/3/1", "20050301", "2005年3月1日" (with an
// optional time after it). Nullopt when not a valid calendar date.
std::optional<std::string> parse_date(std::string_view s);

// Shortest text that reads back as the same double ("0.1", "1e+20", "42").
std::string format_double(double v);

// Splits on any of the given single- or multi-byte separators; empty pieces are dropped, pieces trimmed.
std::vector<std::string> split_any(std::string_view s, const std::vector<std::string_view>& seps);

}  // namespace tradedig
