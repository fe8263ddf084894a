#include "matcher/utf8.h"

namespace tradedig::matcher {

size_t code_point_length(std::string_view s, size_t i) {
  const unsigned char lead = static_cast<unsigned char>(s[i]);
  const size_t n = lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xE ? 3 : (lead >> 3) == 0x1E ? 4 : 1;
  return i + n > s.size() ? 1 : n;
}

std::vector<std::string> split_code_points(std::string_view s) {
  std::vector<std::string> out;
  out.reserve(s.size() / 2);
  for (size_t i = 0; i < s.size();) {
    const size_t n = code_point_length(s, i);
    out.emplace_back(s.substr(i, n));
    i += n;
  }
  return out;
}

std::string join(const std::vector<std::string>& parts, size_t begin, size_t end, std::string_view sep) {
  std::string out;
  for (size_t i = begin; i < end && i < parts.size(); ++i) {
    if (i > begin) out += sep;
    out += parts[i];
  }
  return out;
}

size_t count_code_points(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

bool is_han(std::string_view cp) {
  if (cp.size() != 3) return false;
  auto b = [&](size_t i) { return static_cast<unsigned>(static_cast<unsigned char>(cp[i])); };
  unsigned v = ((b(0) & 0x0F) << 12) | ((b(1) & 0x3F) << 6) | (b(2) & 0x3F);
  return (v >= 0x4E00 && v <= 0x9FFF) || (v >= 0x3400 && v <= 0x4DBF);
}

}  // namespace tradedig::matcher
