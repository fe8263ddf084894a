// Explaining an English firm name by a Chinese one, word by word. English names are written by
// the firms (MATCHING.md §2.3): the region stays pinyin, the 字号 is pinyin or a brand, industry
// words are translated. A bag-of-keys score cannot tell "Shanxi Meijin" from 山西煤业 when both
// share syllables; requiring each English word to be one contiguous Chinese run can.
#include <algorithm>
#include <cmath>
#include <string_view>
#include <unordered_map>

#include "matcher/matcher.h"
#include "matcher/romanization.h"
#include "matcher/utf8.h"

namespace tradedig::matcher {

namespace {

// Characters of a region that English drops ("Guangdong Provincial" keeps no 省 either).
bool is_division_suffix(const std::string& c) { return c == "省" || c == "市" || c == "县" || c == "区"; }

struct EnUnit {
  std::string word;                   // for pinyin matching ("" for lexicon phrases)
  std::vector<std::string> concepts;  // "@科技"
  std::string key;                    // for the weight
};

std::vector<EnUnit> english_units(const EnName& en, const Lexicons& lex) {
  std::vector<EnUnit> units;
  const auto& t = en.tokens;
  for (size_t i = 0; i < t.size();) {
    size_t k = std::min(lex.en_phrase_max_tokens, t.size() - i);
    for (; k >= 1; --k) {
      auto it = lex.en_phrase_concepts.find(join(t, i, i + k, " "));
      if (it == lex.en_phrase_concepts.end()) continue;
      units.push_back({"", it->second, it->second.front()});
      break;
    }
    if (k >= 1) {
      i += k;
      continue;
    }
    if (t[i] != "and") units.push_back({t[i], {}, "w:" + t[i]});
    ++i;
  }
  return units;
}

// Partial credit for weaker evidence: "ZJBC" for 中嘉博创 by initials is usually right.
constexpr double kInitialsCredit = 0.8;
constexpr double kOutlineCredit = 0.5;
// A word found in a character's dictionary definition: a translated 字号, but definitions are broad
// (金 "gold, metals, money"), so less than a lexicon concept. Added for issue 5: top-1 3064 → 3078
// on the A-share file, auto-accept precision unchanged (0.980).
constexpr double kGlossCredit = 0.7;
// A word found in a word's CC-CEDICT definition (明珠 "pearl, jewel"): as specific as a lexicon
// concept but unchecked for firm names.
constexpr double kWordGlossCredit = 0.8;
// Part of a lexicon word, as Chinese short forms keep it (交通控制 → 交控): two or more of its
// characters, or one. Measured: 3168 → 3231 top-1 and auto-accept precision 0.981 → 0.985 with
// 0.8 / 0.6; one character at 0 gave 3198, at 0.4 3227; two at 0.7 or 0.9 the same 3231.
constexpr double kLongShortFormCredit = 0.8;
constexpr double kShortFormCredit = 0.6;
// Last resort, a sliding credit for spellings that share letter pairs ("Bobaolon" for 柏堡龙
// baibaolong): mostly a tie-breaker between candidates whose industry words agree equally.
constexpr double kSpellingCreditPerDice = 0.4;
constexpr double kMinSpellingDice = 0.4;
constexpr size_t kMaxRunChars = 5;
// Weight of a region character in zh_explained, squared when English leaves it unexplained.
// Measured on the A-share file (top-1 / auto-accept precision): 1.0 → 3041 / 0.9801, 1.3 → 3053 /
// 0.9803, 1.6 → 3060 / 0.9804; down-weighting the region (0.5) lost 51, and weighting 字号
// characters 1.5 lost 12, so the 字号 gets no extra weight here (its English word already carries
// a high IDF weight on the English side).
constexpr double kRegionCharWeight = 1.6;
// Brands respelled by sound ("Loncin" 隆鑫 longxin, "Hiron" 海容 hairong, "Yoke" 雅克 yake): credit
// rises from kMinPhoneticCredit at similarity kMinPhoneticSimilarity to kMaxPhoneticCredit when
// the spellings agree once folded. This replaced a flat 0.6 for pinyin one edit off; on the A-share
// file it raised top-1 from 3021 to 3026 and the auto-accept precision from 0.9795 to 0.9815
// (0.7 → 0.8 credit from similarity 0.7 gave 3039 but precision 0.975).
constexpr double kMinPhoneticSimilarity = 0.75;
constexpr double kMinPhoneticCredit = 0.3;
// Below kMinPhoneticSimilarity a spelling still hints at the sound ("Topband" 拓邦 tuobang, 0.64):
// credit rises from 0 at kMinSoundHint to kMinPhoneticCredit, and no character counts as explained,
// so the hint mostly breaks ties between candidates whose other words agree equally (before it,
// such ties went to the index score). On the A-share file top-1 went 3078 → 3168 (0.45), 3162
// (0.5), 3165 (0.35); marking the characters explained as well gave 3139 and let more names of
// unlisted firms through.
constexpr double kMinSoundHint = 0.45;
// Three-letter words get the sound comparison too ("Sun" of "Risesun"): 3231 → 3239; runs of one
// character (a syllable against a short word) lost 7.
constexpr size_t kMinSoundWord = 3;
constexpr double kMaxPhoneticCredit = 0.7;

// A word spelled in Wade–Giles or postal romanisation (romanization.h: "Tungkong" 东港, "Peking"
// 北京), as long as kMinOlderWord letters: pinyin syllables may mix in. Credit below a pinyin match
// because the looser spellings let more runs fit ("Tungkong" also spells 通控 tung + kong). Issue 5
// (tuned on the even rows of the A-share file; top-1 even / odd): without 1631 / 1622, credit 0.8
// 1632 / 1625 (0.7 and 0.9 the same top-1); from 3 letters one more name of an unlisted firm is
// accepted, from 5 one fewer odd row is right. Hong Kong spellings of the Unihan Cantonese readings
// as well gave 1632 / 1626 and three more accepted unlisted names, so they are left out.
constexpr double kOlderCredit = 0.8;
constexpr size_t kMinOlderWord = 4;

// A syllable and its older spellings. Cached per thread: a name is aligned with hundreds of candidates.
const std::vector<std::string>& spellings(const std::string& pinyin) {
  thread_local std::unordered_map<std::string, std::vector<std::string>> cache;
  auto [it, fresh] = cache.try_emplace(pinyin);
  if (fresh && !pinyin.empty()) {
    it->second = older_romanizations(pinyin);
    it->second.insert(it->second.begin(), pinyin);
  }
  return it->second;
}

}  // namespace

CrossAlignment align_cross_script(const EnName& en, const ZhName& zh, const Pinyin& py, const Lexicons& lex,
                                  double (*weight)(const std::string&, const void*), const void* ctx) {
  CrossAlignment out;
  std::string text;
  for (char c : zh.region + zh.core())
    if (c != '(' && c != ')') text += c;
  // English names translate 集团 (Group) and 银行 (Bank) but not 股份有限公司.
  text += zh.distinctive_form();
  std::vector<std::string> cp = split_code_points(text);
  std::vector<std::string> reading = py.char_readings(text);
  const size_t region_chars = count_code_points(zh.region);
  std::vector<bool> covered(cp.size(), false);
  std::vector<const std::vector<std::string>*> alt(cp.size());
  for (size_t i = 0; i < cp.size(); ++i) alt[i] = &spellings(reading[i]);
  for (size_t i = 0; i < cp.size(); ++i)
    if (reading[i].empty() || (i < region_chars && is_division_suffix(cp[i]))) covered[i] = true;

  // Marks the first uncovered run [i, j) for which `fits` holds; prefers runs not yet used so
  // that "an" in "Ping An" does not explain the same 安 twice.
  auto cover_first = [&](auto fits) {
    size_t fallback = std::string::npos, fallback_end = 0;
    for (size_t i = 0; i < cp.size(); ++i)
      for (size_t j = i + 1; j <= cp.size(); ++j) {
        int f = fits(i, j);
        if (f < 0) break;
        if (f == 0) continue;
        bool fresh = true;
        for (size_t x = i; x < j; ++x) fresh = fresh && !covered[x];
        if (fresh) {
          for (size_t x = i; x < j; ++x) covered[x] = true;
          return true;
        }
        if (fallback == std::string::npos) { fallback = i; fallback_end = j; }
      }
    (void)fallback_end;
    return fallback != std::string::npos;
  };

  double total = 0, explained = 0;
  for (const EnUnit& u : english_units(en, lex)) {
    double w = weight ? weight(u.key, ctx) : 1.0;
    total += w;
    bool ok = false, older = false;
    if (!u.word.empty()) {
      // fits: 1 when the joined readings of [i, j) equal the word, 0 while still a prefix, -1 past it.
      ok = cover_first([&](size_t i, size_t j) {
        std::string joined;
        for (size_t x = i; x < j; ++x) joined += reading[x];
        if (joined == u.word) return 1;
        return u.word.compare(0, joined.size(), joined) == 0 && joined.size() < u.word.size() ? 0 : -1;
      });
    }
    // Covers the first run of Chinese characters equal to wcp[from, from + len).
    auto cover_chars = [&](const std::vector<std::string>& wcp, size_t from, size_t len) {
      return cover_first([&](size_t i, size_t j) {
        size_t n = j - i;
        // Past the run's length (cover_first goes on after a match it cannot use): no fit.
        if (n > len || cp[j - 1] != wcp[from + n - 1]) return -1;
        return n < len ? 0 : 1;
      });
    };
    std::vector<std::vector<std::string>> concept_chars;
    for (const std::string& concept_key : u.concepts) concept_chars.push_back(split_code_points(concept_key.substr(1)));
    for (const auto& wcp : concept_chars) {
      if (ok) break;
      ok = cover_chars(wcp, 0, wcp.size());
    }
    // The word spelled in Wade–Giles or postal romanisation, syllable by syllable (Peking = 北京
    // pei + king, Tunghai = 东海 tung + hai); pinyin syllables may mix in.
    if (!ok && u.word.size() >= kMinOlderWord) {
      ok = cover_first([&](size_t i, size_t j) {
        std::vector<size_t> at = {0};
        for (size_t x = i; x < j && !at.empty(); ++x) {
          std::vector<size_t> next;
          for (size_t p : at)
            for (const std::string& s : *alt[x])
              if (u.word.compare(p, s.size(), s) == 0) next.push_back(p + s.size());
          at = std::move(next);
        }
        if (at.empty()) return -1;
        return std::find(at.begin(), at.end(), u.word.size()) != at.end() ? 1 : 0;
      });
      if (ok) older = true;
    }
    double credit = ok ? (older ? kOlderCredit : 1.0) : 0.0;
    // Short forms keep part of a word (交通控制 → 交控, 中国铁路 → 中铁, 生物科技 → 生物): any run
    // of a concept's characters, longest first, for partial credit.
    for (const auto& wcp : concept_chars)
      for (size_t len = wcp.size() - 1; !ok && len >= 1; --len)
        for (size_t from = 0; !ok && from + len <= wcp.size(); ++from)
          if (cover_chars(wcp, from, len)) {
            ok = true;
            credit = len >= 2 ? kLongShortFormCredit : kShortFormCredit;
          }
    // A translated 字号 word: a run of 2-4 characters whose CC-CEDICT definition holds the word
    // ("Pacific" for 太平洋, "Pearl" for 明珠, "Family" for 家族).
    if (!ok && u.word.size() >= 3) {
      ok = cover_first([&](size_t i, size_t j) {
        if (j - i > 4) return -1;
        if (j - i < 2) return 0;
        std::string run;
        for (size_t x = i; x < j; ++x) run += cp[x];
        return lex.gloss_has(run, u.word) ? 1 : 0;
      });
      if (ok) credit = kWordGlossCredit;
    }
    // A translated 字号 character: the longest run whose characters all have the word in their
    // Unihan definition ("Phoenix" for 凤凰, "Spring" for 春).
    if (!ok && u.word.size() >= 3) {
      ok = cover_first([&](size_t, size_t j) {
        if (!lex.gloss_has(cp[j - 1], u.word)) return -1;
        return j < cp.size() && lex.gloss_has(cp[j], u.word) ? 0 : 1;
      });
      if (ok) credit = kGlossCredit;
    }
    if (!ok && u.word.size() >= 2 && u.word.size() <= 5) {
      ok = cover_first([&](size_t i, size_t j) {
        if (j - i > u.word.size()) return -1;
        for (size_t x = i; x < j; ++x)
          if (reading[x].empty() || reading[x][0] != u.word[x - i]) return -1;
        return j - i == u.word.size() ? 1 : 0;
      });
      if (ok) credit = kInitialsCredit;
    }
    if (!ok && u.word.size() >= kMinSoundWord) {
      const std::string spelled = phonetic_spelling(u.word, false);
      double best = 0;
      size_t best_i = 0, best_j = 0;
      for (size_t i = 0; i < cp.size(); ++i) {
        std::string joined;
        for (size_t j = i; j < cp.size() && j < i + 4 && !covered[j] && !reading[j].empty(); ++j) {
          joined += phonetic_spelling(reading[j], true);
          if (j == i) continue;
          double sim = phonetic_similarity(spelled, joined);
          if (sim > best) {
            best = sim;
            best_i = i;
            best_j = j + 1;
          }
        }
      }
      if (best >= kMinPhoneticSimilarity) {
        for (size_t x = best_i; x < best_j; ++x) covered[x] = true;
        credit = kMinPhoneticCredit + (kMaxPhoneticCredit - kMinPhoneticCredit) * (best - kMinPhoneticSimilarity) /
                                          (1 - kMinPhoneticSimilarity);
        ok = true;
      } else if (best >= kMinSoundHint) {
        credit = kMinPhoneticCredit * (best - kMinSoundHint) / (kMinPhoneticSimilarity - kMinSoundHint);
        ok = true;
      }
    }
    if (!ok && u.word.size() >= 3) {
      double best = 0;
      for (size_t i = 0; i < cp.size(); ++i) {
        std::string joined;
        for (size_t j = i; j < cp.size() && j < i + 4 && !covered[j] && !reading[j].empty(); ++j) {
          joined += reading[j];
          if (j > i) best = std::max(best, letter_bigram_dice(joined, u.word));
        }
      }
      if (best >= kMinSpellingDice) credit = kSpellingCreditPerDice * best;
    }
    explained += w * credit;
  }
  // A region the English name leaves out counts against the pair more than another word would:
  // firms that translate their name keep the region when it is part of it (see kRegionCharWeight).
  double zh_total = 0, zh_covered = 0;
  for (size_t i = 0; i < cp.size(); ++i) {
    if (reading[i].empty() || (i < region_chars && is_division_suffix(cp[i]))) continue;
    double w = i < region_chars ? kRegionCharWeight : 1.0;
    if (i < region_chars && !covered[i]) w *= kRegionCharWeight;
    zh_total += w;
    zh_covered += covered[i] ? w : 0.0;
  }
  out.en_explained = total > 0 ? explained / total : 0;
  out.zh_explained = zh_total > 0 ? zh_covered / zh_total : 0;
  out.score = out.en_explained * std::sqrt(out.zh_explained);
  return out;
}

}  // namespace tradedig::matcher
