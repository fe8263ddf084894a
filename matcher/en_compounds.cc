// English names often write a translated 字号 as one word ("Doublestar" 双星, "Giantstar" 巨星,
// "Kutesmart" 酷特智能): splitting it lets each half meet its Chinese characters. Digits are
// read out in pinyin ("Net263" → net erliusan, 二六三).
#include "matcher/matcher.h"

namespace tradedig::matcher {

namespace {
// Chinese registered names may not hold Arabic numerals (MATCHING.md §2.1), so "360" in an English
// name stands for 三六零: read digit by digit in pinyin.
std::vector<std::string> read_digits(const std::string& t) {
  static const char* kDigit[] = {"ling", "yi", "er", "san", "si", "wu", "liu", "qi", "ba", "jiu"};
  std::vector<std::string> out;
  for (size_t i = 0; i < t.size();) {
    bool digit = t[i] >= '0' && t[i] <= '9';
    std::string run;
    for (; i < t.size() && (t[i] >= '0' && t[i] <= '9') == digit; ++i)
      run += digit ? kDigit[t[i] - '0'] : std::string(1, t[i]);
    out.push_back(run);
  }
  return out;
}

constexpr size_t kMinCompound = 6;  // both halves at least 3 letters
constexpr size_t kMinPart = 3;
}  // namespace

EnName split_compound_words(EnName name, const Pinyin& py, const Lexicons& lex) {
  auto is_word = [&](const std::string& w) { return lex.en_phrase_concepts.count(w) > 0; };
  auto is_pinyin = [&](const std::string& w) { return !py.split_syllables(w).empty(); };
  std::vector<std::string> words;
  for (const std::string& t : name.tokens)
    for (std::string& w : read_digits(t)) words.push_back(std::move(w));
  std::vector<std::string> out;
  for (const std::string& t : words) {
    if (t.size() < kMinCompound || is_word(t)) {
      out.push_back(t);
      continue;
    }
    // Both halves lexicon words wins; else one lexicon word and one pinyin run. Two pinyin halves
    // are not enough: that would cut English-looking brands ("vanke") into invented syllables.
    const bool whole_pinyin = is_pinyin(t);
    size_t best = 0;
    int best_rank = 0;
    for (size_t k = kMinPart; k + kMinPart <= t.size(); ++k) {
      std::string left = t.substr(0, k), right = t.substr(k);
      bool lw = is_word(left), rw = is_word(right);
      if (!lw && !rw) continue;
      // A word that reads as pinyin ("sunsea": sun se a) is only cut into two lexicon words.
      int rank = lw && rw ? 2 : (!whole_pinyin && (lw || is_pinyin(left)) && (rw || is_pinyin(right)) ? 1 : 0);
      if (rank > best_rank) {
        best_rank = rank;
        best = k;
      }
    }
    if (best_rank == 0) {
      out.push_back(t);
      continue;
    }
    out.push_back(t.substr(0, best));
    out.push_back(t.substr(best));
  }
  name.tokens = std::move(out);
  return name;
}

}  // namespace tradedig::matcher
