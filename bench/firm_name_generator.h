// Synthetic Chinese firm names and their English forms for the name-linkage benchmark
// (bench/match_bench.cc, issue 5), built from the project's lexicons so that the index sees the
// key frequencies of real lists: a name is 行政区划 + 字号 + 行业 + 组织形式 (MATCHING.md §2.1),
// with
//  * the region from the GB/T 2260 divisions current in 2019 (matcher/data): a province, a
//    prefecture or a county (not a bare 市辖区 district, which the rules forbid), written in full
//    (深圳市) or short (深圳), sometimes stacked under its province (广东省深圳市), sometimes none;
//  * the 字号 from the 284,835 real 字号 words of companynameparser's brand.txt (shared data);
//  * one or two industry words from trade.txt and the bilingual lexicon's industry words;
//  * the legal form from a weighted list led by 有限公司.
// The English form is the one firms write for themselves (MATCHING.md §2.3): region pinyin, 字号
// pinyin (joined or syllable by syllable), industry words translated through the bilingual lexicon
// (pinyin when it has none) and a spelling of "Co., Ltd.".
//
// Everything is drawn from the caller's random engine, so a fixed seed gives the same names.
// Errors: the constructor throws UserError when brand.txt or the division list cannot be read.
#pragma once
#include <memory>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

#include "matcher/matcher.h"

namespace opencc {
class SimpleConverter;
}

namespace tradedig::bench {

// The parts of one generated firm name, as written in its Chinese name.
struct FirmParts {
  std::string region;                 // as written: "深圳市", "深圳", "广东省深圳市" or ""
  std::string region_pinyin;          // the innermost division in pinyin, "Shenzhen" ("" without region)
  std::string brand;                  // 字号
  std::vector<std::string> industry;  // industry words in order
  std::string legal_form;             // 有限公司, 股份有限公司, 集团有限公司, ...
};

// How a query's Chinese name differs from its counterpart among the candidates.
enum class NameNoise { kNone, kTraditional, kRegionInBrackets, kDropRegion, kLegalForm, kTypo };
constexpr int kNameNoiseKinds = 6;
const char* noise_name(NameNoise noise);

class FirmNameGenerator {
 public:
  // shared_dir is the project's ../shared (for data/names/companynameparser/brand.txt); the
  // division list and word lists come from lex's folder, data_dir.
  FirmNameGenerator(const std::string& shared_dir, const std::string& data_dir, const matcher::Lexicons& lex,
                    const matcher::Pinyin& py);
  ~FirmNameGenerator();
  FirmNameGenerator(const FirmNameGenerator&) = delete;
  FirmNameGenerator& operator=(const FirmNameGenerator&) = delete;

  FirmParts firm(std::mt19937_64& rng) const;
  // The registered Chinese name: region + 字号 + industry + legal form.
  static std::string chinese(const FirmParts& f);
  // The English name, e.g. "Shenzhen Haitian Electronic Technology Co., Ltd.".
  std::string english(const FirmParts& f, std::mt19937_64& rng) const;
  // The Chinese name with one kind of noise. Noise that needs a region (kRegionInBrackets,
  // kDropRegion) gives the clean name when the firm has none; the caller picks applicable kinds.
  std::string noisy_chinese(const FirmParts& f, NameNoise noise, std::mt19937_64& rng) const;

 private:
  struct Region {
    std::string full, short_name, pinyin, province_full;  // province_full: "" for provinces
  };
  std::vector<std::string> brands_;
  std::vector<Region> regions_;
  std::vector<std::string> industry_words_;    // trade.txt plus the bilingual lexicon's industry words
  std::vector<std::string> translated_words_;  // those of them the bilingual lexicon translates
  std::unordered_map<std::string, std::vector<std::string>> english_of_;  // industry word → English phrases
  const matcher::Pinyin& py_;
  std::unique_ptr<opencc::SimpleConverter> s2t_;

  std::string pinyin_word(const std::string& zh, bool spaced) const;
};

}  // namespace tradedig::bench
