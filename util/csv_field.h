// Writing CSV text (RFC 4180), for every command and export that writes CSV by hand.
#pragma once
#include <string>
#include <string_view>

namespace tradedig {

// The field as CSV: unchanged unless it holds a comma, a double quote or a line break; then in
// double quotes with each double quote doubled ("a,b" → "\"a,b\"").
std::string csv_field(std::string_view s);

}  // namespace tradedig
