#include "util/parse.h"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace tradedig {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

static char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (lower(a[i]) != lower(b[i])) return false;
  return true;
}

std::string to_lower_ascii(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = lower(c);
  return out;
}

std::optional<double> parse_double(std::string_view s) {
  s = trim(s);
  if (s.empty()) return std::nullopt;
  if (s.front() == '+') s.remove_prefix(1);
  double v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

std::optional<int64_t> parse_int(std::string_view s) {
  s = trim(s);
  if (s.empty()) return std::nullopt;
  if (s.front() == '+') s.remove_prefix(1);
  int64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec == std::errc() && p == s.data() + s.size()) return v;
  auto d = parse_double(s);
  if (d && std::floor(*d) == *d && std::fabs(*d) < 9.007199254740992e15) return static_cast<int64_t>(*d);
  return std::nullopt;
}

namespace {
// Reads up to `max` ASCII digits at s[i...]; returns count read.
size_t read_digits(std::string_view s, size_t i, size_t max, int& out) {
  size_t k = 0;
  out = 0;
  while (i + k < s.size() && k < max && s[i + k] >= '0' && s[i + k] <= '9') out = out * 10 + (s[i + k++] - '0');
  return k;
}

bool is_sep(std::string_view s, size_t& i) {
  if (i < s.size() && (s[i] == '-' || s[i] == '/' || s[i] == '.')) { ++i; return true; }
  // 年 (E5 B9 B4) and 月 (E6 9C 88) as separators.
  if (s.substr(i).starts_with("\xE5\xB9\xB4") || s.substr(i).starts_with("\xE6\x9C\x88")) { i += 3; return true; }
  return false;
}

bool valid_ymd(int y, int m, int d) {
  if (y < 1800 || y > 2200 || m < 1 || m > 12 || d < 1) return false;
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int dim = kDays[m - 1] + (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0) ? 1 : 0);
  return d <= dim;
}

// Parses y, m, d; m and d are 0 when absent. Returns false on malformed text.
bool parse_ymd(std::string_view s, int& y, int& m, int& d) {
  s = trim(s);
  y = m = d = 0;
  size_t i = 0;
  size_t n = read_digits(s, 0, 8, y);
  if (n == 8) { d = y % 100; m = (y / 100) % 100; y /= 10000; i = 8; }
  else if (n == 6) { m = y % 100; y /= 100; i = 6; }
  else if (n == 4) {
    i = 4;
    if (s.size() > i + 1 && s[i] == '.' && s[i + 1] == '0' && trim(s.substr(i + 1)).find_first_not_of('0') == std::string_view::npos)
      return true;  // "2005.0" from a numeric column
    size_t before = i;
    if (is_sep(s, i)) {
      const bool nian = i - before == 3;  // 年: "2005年", "2005年3月", "2005年3月1日"
      size_t k = read_digits(s, i, 2, m);
      if (k == 0 && !nian) return false;
      i += k;
      before = i;
      if (k > 0 && is_sep(s, i)) {
        const bool yue = i - before == 3;  // 月 may end the text: "1984年12月"
        k = read_digits(s, i, 2, d);
        if (k == 0 && !yue) return false;
        i += k;
        if (s.substr(i).starts_with("\xE6\x97\xA5")) i += 3;  // 日
      }
    }
  } else {
    return false;
  }
  std::string_view rest = trim(s.substr(i));
  // Allow a trailing time ("00:00:00", "T12:00:00Z") after a full date.
  if (!rest.empty() && !(d > 0 && (rest.front() == 'T' || (rest.front() >= '0' && rest.front() <= '9'))))
    return false;
  if (y < 1800 || y > 2200) return false;
  if (m != 0 && (m < 1 || m > 12)) return false;
  if (d != 0 && !valid_ymd(y, m, d)) return false;
  return true;
}
}  // namespace

std::optional<int> parse_year(std::string_view s) {
  int y, m, d;
  if (!parse_ymd(s, y, m, d)) return std::nullopt;
  return y;
}

std::optional<std::string> parse_date(std::string_view s) {
  int y, m, d;
  if (!parse_ymd(s, y, m, d) || m == 0 || d == 0) return std::nullopt;
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  return std::string(buf);
}

std::string format_double(double v) {
  char buf[32];
  auto [p, ec] = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, p);
}

std::vector<std::string> split_any(std::string_view s, const std::vector<std::string_view>& seps) {
  std::vector<std::string> out;
  size_t start = 0, i = 0;
  auto push = [&](size_t end) {
    auto piece = trim(s.substr(start, end - start));
    if (!piece.empty()) out.emplace_back(piece);
  };
  while (i < s.size()) {
    bool hit = false;
    for (auto sep : seps) {
      if (!sep.empty() && s.substr(i).starts_with(sep)) {
        push(i);
        i += sep.size();
        start = i;
        hit = true;
        break;
      }
    }
    if (!hit) ++i;
  }
  push(s.size());
  return out;
}

}  // namespace tradedig
