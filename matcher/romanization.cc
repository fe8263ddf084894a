#include "matcher/romanization.h"

#include <algorithm>
#include <iterator>
#include <string_view>

namespace tradedig::matcher {
// See the header for why vowels are dropped.
std::string consonant_outline(const std::string& w) {
  std::string out;
  for (size_t i = 0; i < w.size(); ++i) {
    char c = w[i];
    if (std::string_view("aeiouvy").find(c) != std::string_view::npos) continue;
    if (c == 'h' && i > 0 && (w[i - 1] == 'z' || w[i - 1] == 'c' || w[i - 1] == 's')) continue;
    if (c == 'g' && i > 0 && w[i - 1] == 'n') continue;
    if (!out.empty() && out.back() == c) continue;
    out += c;
  }
  return out;
}

double letter_bigram_dice(const std::string& a, const std::string& b) {
  if (a.size() < 2 || b.size() < 2) return a == b ? 1.0 : 0.0;
  std::vector<std::string> ga, gb;
  for (size_t i = 0; i + 1 < a.size(); ++i) ga.push_back(a.substr(i, 2));
  for (size_t i = 0; i + 1 < b.size(); ++i) gb.push_back(b.substr(i, 2));
  std::sort(ga.begin(), ga.end());
  std::sort(gb.begin(), gb.end());
  std::vector<std::string> common;
  std::set_intersection(ga.begin(), ga.end(), gb.begin(), gb.end(), std::back_inserter(common));
  return 2.0 * static_cast<double>(common.size()) / static_cast<double>(ga.size() + gb.size());
}

std::string initials(const std::vector<std::string>& syllables, size_t begin, size_t end) {
  std::string out;
  for (size_t i = begin; i < end && i < syllables.size(); ++i)
    if (!syllables[i].empty()) out += syllables[i][0];
  return out;
}

}  // namespace tradedig::matcher
