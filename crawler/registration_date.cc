#include "crawler/registration_date.h"

#include <cstdio>
#include <regex>

#include "util/parse.h"

namespace tradedig::crawler {

namespace {

int month_from_name(const std::string& m) {
  static const char* kNames[] = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
  for (int i = 0; i < 12; ++i)
    if (m.compare(0, 3, kNames[i]) == 0) return i + 1;
  return 0;
}

bool valid_date(int y, int m, int d) {
  static const int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return y >= 1980 && y <= 2200 && m >= 1 && m <= 12 && d >= 1 && d <= kDays[m - 1] &&
         !(m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
}

// Days since 1970-01-01 (Howard Hinnant's civil-from-days inverse).
long days_from_civil(int y, int m, int d) {
  y -= m <= 2;
  const long era = (y >= 0 ? y : y - 399) / 400;
  const long yoe = y - era * 400;
  const long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

void civil_from_days(long z, int& y, int& m, int& d) {
  z += 719468;
  const long era = (z >= 0 ? z : z - 146096) / 146097;
  const long doe = z - era * 146097;
  const long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const long mp = (5 * doy + 2) / 153;
  d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  y = static_cast<int>(yoe + era * 400 + (m <= 2));
}

struct DatePart {
  int y = 0, m = 0, d = 0;
  size_t end = 0;  // where the date ended in the lower-cased text
};

std::optional<DatePart> find_date(const std::string& s) {
  using std::regex;
  static const regex kYmd(R"((\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})(?!\d))");
  static const regex kDmy(R"((?:^|[^\d])(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}))");
  static const regex kYMonD(R"((\d{4})-([a-z]{3})-(\d{1,2})(?!\d))");
  static const regex kDMonY(R"((\d{1,2})(?:st|nd|rd|th)?[-\s]+([a-z]{3})[a-z]*\.?[-\s,]+(\d{4}))");
  static const regex kMonDY(R"(([a-z]{3})[a-z]*\.?\s+(\d{1,2}),?\s+(?:[\d:]+\s+(?:[a-z]+\s+)?)?(\d{4}))");
  static const regex kCompact(R"((?:^|[^\d])((?:19|20)\d{2})(\d{2})(\d{2})(?!\d))");
  std::smatch m;
  DatePart p;
  auto take = [&](int y, int mo, int d) -> std::optional<DatePart> {
    if (!valid_date(y, mo, d)) return std::nullopt;
    p.y = y;
    p.m = mo;
    p.d = d;
    p.end = static_cast<size_t>(m.position(0) + m.length(0));
    return p;
  };
  if (std::regex_search(s, m, kYmd)) return take(std::stoi(m[1]), std::stoi(m[2]), std::stoi(m[3]));
  if (std::regex_search(s, m, kYMonD)) {
    if (int mo = month_from_name(m[2])) return take(std::stoi(m[1]), mo, std::stoi(m[3]));
  }
  if (std::regex_search(s, m, kDMonY)) {
    if (int mo = month_from_name(m[2])) return take(std::stoi(m[3]), mo, std::stoi(m[1]));
  }
  if (std::regex_search(s, m, kMonDY)) {
    if (int mo = month_from_name(m[1])) return take(std::stoi(m[3]), mo, std::stoi(m[2]));
  }
  if (std::regex_search(s, m, kDmy)) {
    int a = std::stoi(m[1]), b = std::stoi(m[2]);
    // Day first, as European and Asian registries write it, unless that is impossible.
    if (b > 12 && a <= 12) return take(std::stoi(m[3]), a, b);
    return take(std::stoi(m[3]), b, a);
  }
  if (std::regex_search(s, m, kCompact)) return take(std::stoi(m[1]), std::stoi(m[2]), std::stoi(m[3]));
  return std::nullopt;
}

}  // namespace

std::optional<RegistrationTime> parse_registration_time(std::string_view raw_in,
                                                        std::optional<int> default_offset_minutes) {
  RegistrationTime out;
  out.raw = std::string(trim(raw_in));
  std::string s = to_lower_ascii(out.raw);
  if (s.find("before") != std::string::npos) return std::nullopt;  // "before 1996": not a date
  auto date = find_date(s);
  if (!date) return std::nullopt;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", date->y, date->m, date->d);
  out.local_date = buf;

  std::string rest = s.substr(date->end);
  static const std::regex kTime(R"(^[\s,]*-?t?\s*(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?)");
  static const std::regex kZone(
      R"(^\s*(?:(z)|\(?\s*(?:utc|gmt)?\s*([+-])(\d{1,2})(?::?(\d{2}))?\s*\)?|\(?\s*(utc|gmt)\s*\)?))");
  std::smatch m;
  int hh = 0, mi = 0, ss = 0;
  if (std::regex_search(rest, m, kTime)) {
    hh = std::stoi(m[1]);
    mi = std::stoi(m[2]);
    ss = m[3].matched ? std::stoi(m[3]) : 0;
    if (hh > 23 || mi > 59 || ss > 60) return std::nullopt;
    out.has_time = true;
    rest = m.suffix();
  }
  if (std::regex_search(rest, m, kZone)) {
    if (m[1].matched || m[5].matched) {
      out.offset_minutes = 0;
    } else if (m[2].matched) {
      int h = std::stoi(m[3]), mm = m[4].matched ? std::stoi(m[4]) : 0;
      if (h <= 14 && mm < 60) out.offset_minutes = (m[2] == "-" ? -1 : 1) * (h * 60 + mm);
    }
  }
  if (!out.offset_minutes) out.offset_minutes = default_offset_minutes;
  if (out.offset_minutes) {
    long secs = days_from_civil(date->y, date->m, date->d) * 86400L + hh * 3600L + mi * 60L + ss -
                *out.offset_minutes * 60L;
    long days = secs >= 0 ? secs / 86400 : (secs - 86399) / 86400;
    long tod = secs - days * 86400;
    int y, mo, d;
    civil_from_days(days, y, mo, d);
    char ubuf[40];
    std::snprintf(ubuf, sizeof ubuf, "%04d-%02d-%02dT%02ld:%02ld:%02ldZ", y, mo, d, tod / 3600, (tod / 60) % 60,
                  tod % 60);
    out.utc = ubuf;
  }
  return out;
}

}  // namespace tradedig::crawler
