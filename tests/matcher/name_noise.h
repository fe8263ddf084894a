// Noise between Chinese firm lists, for the linking tests (issue 5): traditional characters,
// full-width brackets, region dropped, added or moved into brackets, legal-form variants
// (集团 / 股份 / 有限责任), one-character typos.
#pragma once
#include <opencc/SimpleConverter.hpp>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "matcher/utf8.h"
#include "tests/matcher/matcher_fixture.h"

namespace tradedig::testing {

// Every Han character of the A-share full names, as often as it occurs: the typos' alphabet.
inline std::vector<std::string> astock_han_alphabet() {
  std::vector<std::string> alphabet;
  for (const auto& f : astock_firms())
    for (auto& c : matcher::split_code_points(f.fullname))
      if (matcher::is_han(c)) alphabet.push_back(c);
  return alphabet;
}

inline std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  for (size_t p = s.find(from); p != std::string::npos; p = s.find(from, p + to.size())) s.replace(p, from.size(), to);
  return s;
}

enum class Noise { kTraditional, kFullWidth, kDropRegion, kRegionInBrackets, kLegalForm, kTypo, kAddRegion };
constexpr int kNoiseKinds = 7;

// Applies the given kinds of noise to a name; rng picks the legal form, the typo and the form of
// an added region. kAddRegion puts `area` (the province or city the firm is listed under, 浙江)
// in front, as 浙江 or 浙江省/浙江市, or 中国 when the name already starts with it.
inline std::string perturb(const std::string& name, const std::vector<Noise>& noise, std::mt19937& rng,
                           const opencc::SimpleConverter& s2t, const std::vector<std::string>& alphabet,
                           const std::string& area = "") {
  matcher::ZhName z = matcher::parse_zh_name(name, test_normalizer(), test_lexicons());
  std::string region = z.region, core = z.core(), form = z.legal_form;
  auto has = [&](Noise n) { return std::find(noise.begin(), noise.end(), n) != noise.end(); };
  if (has(Noise::kDropRegion)) region.clear();
  if (has(Noise::kAddRegion)) {
    if (area.empty() || region.rfind(area, 0) == 0) {
      region = "中国" + region;
    } else {
      static const std::vector<std::string> suffixes = {"", "省", "市"};
      region = area + suffixes[std::uniform_int_distribution<size_t>(0, suffixes.size() - 1)(rng)] + region;
    }
  }
  if (has(Noise::kLegalForm)) {
    static const std::vector<std::string> forms = {"有限公司",  "有限责任公司",   "集团股份有限公司", "股份公司",
                                                   "集团有限公司", "(集团)有限公司", "(集团)股份有限公司"};
    form = forms[std::uniform_int_distribution<size_t>(0, forms.size() - 1)(rng)];
  }
  std::vector<std::string> cp = matcher::split_code_points(core);
  if (has(Noise::kTypo) && !cp.empty()) {
    size_t at = std::uniform_int_distribution<size_t>(0, cp.size() - 1)(rng);
    cp[at] = alphabet[std::uniform_int_distribution<size_t>(0, alphabet.size() - 1)(rng)];
    core = matcher::join(cp, 0, cp.size());
  }
  std::string out = has(Noise::kRegionInBrackets) && !region.empty() ? core + "(" + region + ")" + form : region + core + form;
  if (has(Noise::kTraditional)) out = s2t.Convert(out);
  if (has(Noise::kFullWidth)) out = replace_all(replace_all(out, "(", "（"), ")", "）");
  return out;
}

}  // namespace tradedig::testing
