// Index keys. Keys carry a one-letter namespace so that a character never collides with a
// syllable or a concept: c: character, b: character bigram, z: whole 字号, s: pinyin syllable,
// w: joined run of syllables or an English word, @: bilingual-lexicon concept; loose keys for
// respelled brands: o: consonant outline, i: initials, p: sound pattern (romanization.h).
#include <algorithm>

#include "matcher/matcher.h"
#include "matcher/romanization.h"
#include "matcher/utf8.h"

namespace tradedig::matcher {

namespace {

// Joined syllable runs up to this length: "haitian", "shenzhen", "anhui" (An Hui), and the
// 4-syllable brand+industry runs of ICP-style names ("Bei Jing Jiang Shan ...").
constexpr size_t kMaxJoined = 4;

void add_syllable_keys(const std::vector<std::string>& syl, std::vector<std::string>& keys) {
  for (size_t i = 0; i < syl.size(); ++i) {
    keys.push_back("s:" + syl[i]);
    std::string run = syl[i];
    for (size_t n = 2; n <= kMaxJoined && i + n <= syl.size(); ++n) {
      run += syl[i + n - 1];
      keys.push_back("w:" + run);
    }
  }
}

std::string without_brackets(const std::string& s) {
  std::string out;
  for (char c : s)
    if (c != '(' && c != ')') out += c;
  return out;
}

void dedupe(std::vector<std::string>& keys) {
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
}

}  // namespace

std::vector<std::string> zh_keys(const ZhName& name) {
  // The legal form is kept: its common words (有限公司) weigh almost nothing by IDF, while a
  // rare one (银行, 证券 in suffix.txt) is what tells 上海银行 from 上海汽车.
  std::vector<std::string> cp = split_code_points(without_brackets(name.region + name.core() + name.legal_form));
  std::vector<std::string> keys;
  for (size_t i = 0; i < cp.size(); ++i) {
    keys.push_back("c:" + cp[i]);
    if (i + 1 < cp.size()) keys.push_back("b:" + cp[i] + cp[i + 1]);
  }
  if (!name.brand.empty()) keys.push_back("z:" + name.brand);
  dedupe(keys);
  return keys;
}

std::vector<std::string> zh_cross_keys(const ZhName& name, const Pinyin& py, const Lexicons& lex) {
  std::string core = without_brackets(name.core());
  if (core.empty() && name.region.empty()) core = without_brackets(name.normalized);
  std::vector<std::string> keys;
  const std::string form = name.distinctive_form();
  // Bilingual-lexicon words, longest first from each position.
  const std::string text = name.region + core + form;
  std::vector<std::string> cp = split_code_points(text);
  const std::vector<uint32_t> codes = char_codes(text);
  for (size_t i = 0; i < cp.size();) {
    const size_t k = lex.bilingual_zh.longest_prefix(codes.data() + i, codes.size() - i);
    if (k == 0) { ++i; continue; }
    keys.push_back("@" + join(cp, i, i + k));
    i += k;
  }
  // Translated characters: "g:phoenix" from 凤 (Unihan definitions, see Lexicons::gloss_has).
  for (const std::string& c : split_code_points(name.region + core))
    if (auto it = lex.han_glosses.find(c); it != lex.han_glosses.end())
      for (const std::string& g : it->second) keys.push_back("g:" + g);
  // Region and core are joined into runs separately: English writes "Shenzhen" and the brand as
  // separate words, and 市/省 are rarely translated, so runs across the boundary only add noise.
  std::vector<std::string> region = py.syllables(name.region);
  static const std::vector<std::string> kDivisionSuffix = {"shi", "sheng", "xian", "qu"};
  if (region.size() > 2 && std::find(kDivisionSuffix.begin(), kDivisionSuffix.end(), region.back()) != kDivisionSuffix.end())
    region.pop_back();
  add_syllable_keys(region, keys);
  std::vector<std::string> core_syl = py.syllables(core);
  add_syllable_keys(core_syl, keys);
  // Loose keys for brands spelled in their own way, so that the alignment gets to see them:
  // consonant outline ("o:mgmt", Megmeet = 麦格米特) and initials ("i:zjbc", ZJBC = 中嘉博创).
  for (size_t i = 0; i < core_syl.size(); ++i)
    for (size_t n = 2; n <= 4 && i + n <= core_syl.size(); ++n) {
      std::string joined;
      for (size_t x = i; x < i + n; ++x) joined += core_syl[x];
      keys.push_back("o:" + consonant_outline(joined));
      keys.push_back("i:" + initials(core_syl, i, i + n));
      if (n <= 3) {
        std::string spelled;
        for (size_t x = i; x < i + n; ++x) spelled += phonetic_spelling(core_syl[x], true);
        keys.push_back("p:" + phonetic_outline(spelled));
      }
    }
  // Initials may run from the region into the 字号 (ZYNP = 中原内配, where 中原 reads as a region).
  std::vector<std::string> all_syl = region;
  all_syl.insert(all_syl.end(), core_syl.begin(), core_syl.end());
  for (size_t i = 0; i < region.size(); ++i)
    for (size_t n = 2; n <= 4 && i + n <= all_syl.size(); ++n)
      if (i + n > region.size()) keys.push_back("i:" + initials(all_syl, i, i + n));
  add_syllable_keys(py.syllables(form), keys);
  dedupe(keys);
  return keys;
}

std::vector<std::string> en_cross_keys(const EnName& name, const Pinyin& py, const Lexicons& lex) {
  std::vector<std::string> keys;
  const auto& t = name.tokens;
  // Runs are joined across words only for one-syllable words ("An Hui", "Bei Jing Jiang Shan"):
  // joining "Shanxi Meijin" into "ximei" would invent a syllable pair the firm never wrote.
  std::vector<std::string> run;
  auto flush = [&] {
    add_syllable_keys(run, keys);
    run.clear();
  };
  for (size_t i = 0; i < t.size();) {
    size_t k = std::min(lex.en_phrase_max_tokens, t.size() - i);
    for (; k >= 1; --k) {
      auto it = lex.en_phrase_concepts.find(join(t, i, i + k, " "));
      if (it == lex.en_phrase_concepts.end()) continue;
      for (auto& c : it->second) keys.push_back(c);
      break;
    }
    if (k >= 1) {
      flush();
      i += k;
      continue;
    }
    keys.push_back("w:" + t[i]);
    if (t[i].size() >= 3)
      for (const std::string& form : singular_forms(t[i])) keys.push_back("g:" + form);
    if (t[i].size() >= 3) keys.push_back("o:" + consonant_outline(t[i]));
    if (t[i].size() >= 2 && t[i].size() <= 4) keys.push_back("i:" + t[i]);
    if (t[i].size() >= 4) keys.push_back("p:" + phonetic_outline(phonetic_spelling(t[i], false)));
    std::vector<std::string> syl = py.split_syllables(t[i]);
    if (syl.size() == 1) {
      run.push_back(syl[0]);
    } else {
      flush();
      // Not pinyin ("vanke", "tcl"): kept whole, it can still meet Latin letters in a Chinese name.
      if (syl.empty()) keys.push_back("s:" + t[i]);
      add_syllable_keys(syl, keys);
    }
    ++i;
  }
  flush();
  dedupe(keys);
  return keys;
}

}  // namespace tradedig::matcher
