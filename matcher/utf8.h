// Code-point level helpers for UTF-8 text (the matcher works on Han characters, not bytes).
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace tradedig::matcher {

// Bytes of the code point that starts at s[i]: 1 to 4, and 1 for an invalid or cut-off sequence
// (the byte then stands alone, as split_code_points cuts it).
size_t code_point_length(std::string_view s, size_t i);
// Splits into one string per code point; invalid bytes become single-byte pieces.
std::vector<std::string> split_code_points(std::string_view s);
std::string join(const std::vector<std::string>& parts, size_t begin, size_t end, std::string_view sep = "");
size_t count_code_points(std::string_view s);
bool is_han(std::string_view code_point);  // CJK Unified Ideographs (basic block and extension A)

}  // namespace tradedig::matcher
