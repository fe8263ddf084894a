// Field comparisons of two Chinese names for the Fellegi–Sunter model, following the regulated
// parts of a name (MATCHING.md §2.1, §4.3): the 字号 carries identity, the industry and region
// words confirm it, and a different legal form is often only a 改制 (有限 → 股份).
#include <algorithm>

#include "matcher/matcher.h"
#include "matcher/utf8.h"

namespace tradedig::matcher {

namespace {

// Dice coefficient of the character bigrams (characters themselves for one-character strings).
double bigram_dice(const std::string& a, const std::string& b) {
  auto grams = [](const std::string& s) {
    std::vector<std::string> cp = split_code_points(s), out;
    if (cp.size() == 1) out.push_back(cp[0]);
    for (size_t i = 0; i + 1 < cp.size(); ++i) out.push_back(cp[i] + cp[i + 1]);
    std::sort(out.begin(), out.end());
    return out;
  };
  std::vector<std::string> ga = grams(a), gb = grams(b), common;
  if (ga.empty() || gb.empty()) return 0.0;
  std::set_intersection(ga.begin(), ga.end(), gb.begin(), gb.end(), std::back_inserter(common));
  return 2.0 * static_cast<double>(common.size()) / static_cast<double>(ga.size() + gb.size());
}

// 深圳市 and 深圳 are the same region; 省/市/县/区 only say which level it is.
std::string region_stem(const std::string& region) {
  std::string out;
  for (const std::string& c : split_code_points(region))
    if (c != "省" && c != "市" && c != "县" && c != "区") out += c;
  return out;
}

}  // namespace

std::vector<int> zh_comparison_levels() { return {4, 3, 3, 2, 4}; }

std::vector<uint8_t> compare_zh_names(const ZhName& a, const ZhName& b) {
  std::vector<uint8_t> g(5);
  // 字号: 0 identical, 1 bigram Dice ≥ 0.5 (a typo in a long 字号), 2 some overlap, 3 none.
  std::string ba = a.brand.empty() ? a.core() : a.brand, bb = b.brand.empty() ? b.core() : b.brand;
  double d = bigram_dice(ba, bb);
  g[0] = ba == bb ? 0 : d >= 0.5 ? 1 : d > 0 ? 2 : 3;
  // industry: 0 identical, 1 one side has none or they overlap, 2 different.
  g[1] = a.industry == b.industry ? 0 : (a.industry.empty() || b.industry.empty() || bigram_dice(a.industry, b.industry) > 0) ? 1 : 2;
  // region: 0 same, 1 one side has none (dropped prefixes are common), 2 conflict.
  std::string ra = region_stem(a.region), rb = region_stem(b.region);
  g[2] = ra == rb ? 0 : (ra.empty() || rb.empty() || ra.find(rb) != std::string::npos || rb.find(ra) != std::string::npos) ? 1 : 2;
  // legal form: 0 same, 1 different.
  g[3] = a.legal_form == b.legal_form ? 0 : 1;
  // whole name without legal form: bigram Dice ≥ 0.8, ≥ 0.5, > 0, none. Catches a 字号 split
  // differently on the two sides (a typo can move the 字号/industry boundary).
  double whole = bigram_dice(a.region + a.core(), b.region + b.core());
  g[4] = whole >= 0.8 ? 0 : whole >= 0.5 ? 1 : whole > 0 ? 2 : 3;
  return g;
}

}  // namespace tradedig::matcher
