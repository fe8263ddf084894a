#include "util/icp_licence.h"

#include <ctime>
#include <regex>

namespace tradedig {

namespace {

// The 31 provincial abbreviations that prefix licence numbers. Alternation, not a character
// class: std::regex works on UTF-8 bytes.
const char* kProvinces = "京|津|沪|渝|冀|豫|云|辽|黑|湘|皖|鲁|新|苏|浙|赣|鄂|桂|甘|晋|蒙|陕|吉|闽|贵|粤|青|藏|川|宁|琼";

int current_year() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  return tm.tm_year + 1900;
}

std::optional<int> year_from_digits(const std::string& kind, const std::string& d) {
  const int now = current_year();
  auto plausible = [&](int y) -> std::optional<int> {
    if (y >= 1996 && y <= now) return y;  // ICP filing began in 2000; licences a little earlier
    return std::nullopt;
  };
  if (kind == "B2" || d.size() >= 10) {
    if (d.size() < 4) return std::nullopt;
    return plausible(std::stoi(d.substr(0, 4)));
  }
  if (d.size() < 6) return std::nullopt;
  int yy = std::stoi(d.substr(0, 2));
  return plausible(yy <= now % 100 ? 2000 + yy : 1900 + yy);
}

}  // namespace

std::vector<IcpLicence> find_icp_licences(std::string_view text) {
  static const std::regex re(std::string("(") + kProvinces +
                             R"()\s*(?:ICP\s*(备|证)\s*(\d{6,10})\s*号(?:\s*-\s*(\d+))?|(B2)\s*-\s*(\d{8})(?:\s*-\s*(\d+))?))");
  std::vector<IcpLicence> out;
  std::string s(text);
  for (auto it = std::sregex_iterator(s.begin(), s.end(), re); it != std::sregex_iterator(); ++it) {
    const auto& m = *it;
    IcpLicence l;
    l.province = m[1].str();
    if (m[2].matched) {
      l.kind = m[2].str();
      l.digits = m[3].str();
      l.main_licence = l.province + "ICP" + l.kind + l.digits + "号";
      if (m[4].matched) l.site = std::stoi(m[4].str());
    } else {
      l.kind = "B2";
      l.digits = m[6].str();
      l.main_licence = l.province + "B2-" + l.digits;
      if (m[7].matched) l.site = std::stoi(m[7].str());
    }
    l.text = l.main_licence + (l.site ? "-" + std::to_string(*l.site) : "");
    l.year = year_from_digits(l.kind, l.digits);
    out.push_back(std::move(l));
  }
  return out;
}

std::optional<int> icp_licence_year(std::string_view licence) {
  auto all = find_icp_licences(licence);
  if (all.empty()) return std::nullopt;
  return all.front().year;
}

}  // namespace tradedig
