// Field comparisons of two Chinese names for the Fellegi–Sunter model, following the regulated
// parts of a name (MATCHING.md §2.1, §4.3): the 字号 carries identity, the industry and region
// words confirm it, and a different legal form is often only a 改制 (有限 → 股份).
#include <algorithm>
#include <array>
#include <string_view>

#include "matcher/matcher.h"
#include "matcher/utf8.h"

namespace tradedig::matcher {

namespace {

// Sorted character bigrams of a code sequence, each as the two codes packed.
void sorted_bigrams(const std::vector<uint32_t>& codes, std::vector<uint64_t>& out) {
  out.clear();
  for (size_t i = 0; i + 1 < codes.size(); ++i) out.push_back((static_cast<uint64_t>(codes[i]) << 32) | codes[i + 1]);
  std::sort(out.begin(), out.end());
}

// Dice coefficient of the character bigrams (characters themselves for one-character strings)
// of the concatenation of each side's parts; bigrams that repeat count as often as they repeat.
template <size_t A, size_t B>
double bigram_dice(const std::array<std::string_view, A>& a, const std::array<std::string_view, B>& b) {
  thread_local std::vector<uint32_t> ca, cb;
  thread_local std::vector<uint64_t> ga, gb;
  ca.clear();
  cb.clear();
  for (std::string_view part : a) append_char_codes(part, ca);
  for (std::string_view part : b) append_char_codes(part, cb);
  if (ca.empty() || cb.empty()) return 0.0;
  // A single character is its own gram; it can equal only another single character.
  if (ca.size() == 1 || cb.size() == 1) return ca.size() == cb.size() && ca[0] == cb[0] ? 1.0 : 0.0;
  sorted_bigrams(ca, ga);
  sorted_bigrams(cb, gb);
  size_t common = 0;
  for (size_t i = 0, j = 0; i < ga.size() && j < gb.size();) {
    if (ga[i] < gb[j]) {
      ++i;
    } else if (gb[j] < ga[i]) {
      ++j;
    } else {
      ++common, ++i, ++j;
    }
  }
  return 2.0 * static_cast<double>(common) / static_cast<double>(ga.size() + gb.size());
}

double bigram_dice(std::string_view a, std::string_view b) {
  return bigram_dice(std::array<std::string_view, 1>{a}, std::array<std::string_view, 1>{b});
}

// Whether the two concatenations of two parts are the same text.
bool same_text(const std::array<std::string_view, 2>& a, const std::array<std::string_view, 2>& b) {
  if (a[0].size() + a[1].size() != b[0].size() + b[1].size()) return false;
  auto at = [](const std::array<std::string_view, 2>& p, size_t i) { return i < p[0].size() ? p[0][i] : p[1][i - p[0].size()]; };
  for (size_t i = 0; i < a[0].size() + a[1].size(); ++i)
    if (at(a, i) != at(b, i)) return false;
  return true;
}

// 深圳市 and 深圳 are the same region; 省/市/县/区 only say which level it is.
std::string region_stem(std::string_view region) {
  std::string out;
  for (size_t i = 0; i < region.size();) {
    const size_t n = code_point_length(region, i);
    std::string_view c = region.substr(i, n);
    if (c != "省" && c != "市" && c != "县" && c != "区") out += c;
    i += n;
  }
  return out;
}

}  // namespace

std::vector<int> zh_comparison_levels() { return {4, 3, 3, 2, 4}; }

std::vector<uint8_t> compare_zh_names(const ZhName& a, const ZhName& b) {
  std::vector<uint8_t> g(5);
  // 字号: 0 identical, 1 bigram Dice ≥ 0.5 (a typo in a long 字号), 2 some overlap, 3 none.
  // An empty 字号 stands for the core (brand + industry).
  auto brand_parts = [](const ZhName& n) {
    return n.brand.empty() ? std::array<std::string_view, 2>{n.brand, n.industry}
                           : std::array<std::string_view, 2>{n.brand, std::string_view()};
  };
  const auto ba = brand_parts(a), bb = brand_parts(b);
  double d = bigram_dice(ba, bb);
  g[0] = same_text(ba, bb) ? 0 : d >= 0.5 ? 1 : d > 0 ? 2 : 3;
  // industry: 0 identical, 1 one side has none or they overlap, 2 different.
  g[1] = a.industry == b.industry ? 0 : (a.industry.empty() || b.industry.empty() || bigram_dice(a.industry, b.industry) > 0) ? 1 : 2;
  // region: 0 same, 1 one side has none (dropped prefixes are common), 2 conflict.
  std::string ra = region_stem(a.region), rb = region_stem(b.region);
  g[2] = ra == rb ? 0 : (ra.empty() || rb.empty() || ra.find(rb) != std::string::npos || rb.find(ra) != std::string::npos) ? 1 : 2;
  // legal form: 0 same, 1 different.
  g[3] = a.legal_form == b.legal_form ? 0 : 1;
  // whole name without legal form: bigram Dice ≥ 0.8, ≥ 0.5, > 0, none. Catches a 字号 split
  // differently on the two sides (a typo can move the 字号/industry boundary).
  double whole = bigram_dice(std::array<std::string_view, 3>{a.region, a.brand, a.industry},
                             std::array<std::string_view, 3>{b.region, b.brand, b.industry});
  g[4] = whole >= 0.8 ? 0 : whole >= 0.5 ? 1 : whole > 0 ? 2 : 3;
  return g;
}

}  // namespace tradedig::matcher
