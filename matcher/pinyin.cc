// Pinyin from ICU's Han-Latin transliterator. ICU reads each character on its own, so readings
// are the commonest ones; place-name polyphones (长沙 = Changsha, not Zhangsha) are fixed from
// the lexicons before the per-character table is consulted.
#include <unicode/translit.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <cctype>
#include <climits>
#include <unordered_map>
#include <unordered_set>

#include "matcher/matcher.h"
#include "matcher/utf8.h"
#include "util/error.h"

namespace tradedig::matcher {

struct Pinyin::Impl {
  const Lexicons* lex = nullptr;
  std::unordered_map<std::string, std::string> reading;  // one Han character → toneless syllable
  std::unordered_set<std::string> valid;                 // every syllable seen, for splitting words
  size_t longest_syllable = 0;
};

namespace {

void append_code_point(icu::UnicodeString& s, UChar32 c) { s.append(c).append(static_cast<UChar>('\n')); }

std::string lower_ascii_letters(const std::string& s) {
  std::string out;
  for (char ch : s)
    if (std::isalpha(static_cast<unsigned char>(ch))) out += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return out;
}

bool has_vowel(const std::string& s) { return s.find_first_of("aeiouv") != std::string::npos; }

}  // namespace

Pinyin::Pinyin(const Lexicons& lex) : impl_(std::make_unique<Impl>()) {
  impl_->lex = &lex;
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::Transliterator> tr(
      icu::Transliterator::createInstance("Han-Latin; Latin-ASCII", UTRANS_FORWARD, status));
  if (U_FAILURE(status) || !tr) throw UserError("ICU has no Han-Latin transliterator (libicu data missing).");
  // One transliteration of the whole Han block, one character per line, is far faster than one
  // call per character; the table then makes lookups lock-free for concurrent callers.
  std::vector<UChar32> chars;
  for (UChar32 c = 0x3400; c <= 0x4DBF; ++c) chars.push_back(c);
  for (UChar32 c = 0x4E00; c <= 0x9FFF; ++c) chars.push_back(c);
  icu::UnicodeString block;
  for (UChar32 c : chars) append_code_point(block, c);
  tr->transliterate(block);
  std::string all;
  block.toUTF8String(all);
  size_t pos = 0;
  for (UChar32 c : chars) {
    size_t nl = all.find('\n', pos);
    if (nl == std::string::npos) break;
    std::string syl = lower_ascii_letters(all.substr(pos, nl - pos));
    pos = nl + 1;
    if (syl.empty()) continue;
    std::string key;
    icu::UnicodeString(c).toUTF8String(key);
    impl_->reading[key] = syl;
    if (has_vowel(syl)) {
      impl_->valid.insert(syl);
      impl_->longest_syllable = std::max(impl_->longest_syllable, syl.size());
    }
  }
  for (auto& [fragment, syls] : lex.pinyin_fixes)
    for (auto& s : syls) impl_->valid.insert(s);
}

Pinyin::~Pinyin() = default;

std::vector<std::string> Pinyin::syllables(std::string_view zh) const {
  std::vector<std::string> cp = split_code_points(zh);
  std::vector<std::string> reading = char_readings(zh);
  std::vector<std::string> out;
  std::string ascii;  // a run of Latin letters and digits stays one element ("TCL")
  for (size_t i = 0; i < cp.size(); ++i) {
    if (cp[i].size() == 1 && std::isalnum(static_cast<unsigned char>(cp[i][0]))) {
      ascii += reading[i];
      continue;
    }
    if (!ascii.empty()) out.push_back(std::move(ascii));
    ascii.clear();
    if (!reading[i].empty()) out.push_back(reading[i]);
  }
  if (!ascii.empty()) out.push_back(std::move(ascii));
  return out;
}

std::vector<std::string> Pinyin::char_readings(std::string_view zh) const {
  std::vector<std::string> cp = split_code_points(zh);
  std::vector<std::string> out(cp.size());
  const auto& fixes = impl_->lex->pinyin_fixes;
  for (size_t i = 0; i < cp.size();) {
    bool fixed = false;
    for (size_t k = std::min(impl_->lex->pinyin_fix_max_chars, cp.size() - i); k >= 1 && !fixed; --k) {
      auto it = fixes.find(join(cp, i, i + k));
      if (it == fixes.end() || it->second.size() != k) continue;
      for (size_t j = 0; j < k; ++j) out[i + j] = it->second[j];
      i += k;
      fixed = true;
    }
    if (fixed) continue;
    const std::string& c = cp[i];
    if (c.size() == 1 && std::isalnum(static_cast<unsigned char>(c[0]))) {
      out[i] = std::string(1, static_cast<char>(std::tolower(static_cast<unsigned char>(c[0]))));
    } else if (auto it = impl_->reading.find(c); it != impl_->reading.end()) {
      out[i] = it->second;
    }
    ++i;
  }
  return out;
}

std::vector<std::string> Pinyin::split_syllables(std::string_view word) const {
  // Fewest syllables wins: "xian" stays one syllable rather than xi+an (Xi'an loses its
  // apostrophe upstream, and the joined-bigram keys still match 西安).
  const size_t n = word.size();
  std::vector<int> best(n + 1, INT_MAX);
  std::vector<size_t> from(n + 1, 0);
  best[0] = 0;
  for (size_t i = 0; i < n; ++i) {
    if (best[i] == INT_MAX) continue;
    for (size_t k = 1; k <= impl_->longest_syllable && i + k <= n; ++k) {
      if (!impl_->valid.count(std::string(word.substr(i, k)))) continue;
      if (best[i] + 1 < best[i + k]) {
        best[i + k] = best[i] + 1;
        from[i + k] = i;
      }
    }
  }
  if (n == 0 || best[n] == INT_MAX) return {};
  std::vector<std::string> out;
  for (size_t j = n; j > 0; j = from[j]) out.emplace_back(word.substr(from[j], j - from[j]));
  std::reverse(out.begin(), out.end());
  return out;
}

}  // namespace tradedig::matcher
