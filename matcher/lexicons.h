// The word lists the matcher reads from its data folder (see matcher/data/README.md).
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace tradedig::matcher {

// A set of Chinese words looked up by longest match at a position.
class WordSet {
 public:
  void insert(std::string word);
  bool contains(std::string_view word) const { return words_.count(std::string(word)) > 0; }
  size_t max_chars() const { return max_chars_; }  // longest word, in code points
  size_t size() const { return words_.size(); }

 private:
  std::unordered_set<std::string> words_;
  size_t max_chars_ = 0;
};

// The word and the singulars it may be the plural of: "materials" → {materials, material};
// "batteries" → {batteries, batterie, batteri, battery}. Words of three letters or fewer stay as they are.
std::vector<std::string> singular_forms(const std::string& word);

struct Lexicons {
  WordSet legal_forms;  // suffix.txt: 有限公司, 股份有限公司, 分公司, 集团, ...
  WordSet industry;     // trade.txt plus the bilingual lexicon's words of 2+ characters not marked not-industry
  WordSet places;       // china_place.txt plus every GB/T 2260 name 1980-2019, full and short
  WordSet common_places;  // china_place.txt only: safe to recognise without brackets mid-name
  // polyphone fixes: fragment → its syllables ("厦门" → {"xia","men"})
  std::unordered_map<std::string, std::vector<std::string>> pinyin_fixes;
  size_t pinyin_fix_max_chars = 0;
  // bilingual lexicon: Chinese word → concept key; English phrase (tokens) → concept keys
  WordSet bilingual_zh;
  std::unordered_map<std::string, std::vector<std::string>> en_phrase_concepts;  // "import and export"
  size_t en_phrase_max_tokens = 0;
  // han_glosses.tsv (Unihan, see matcher/data/README.md): Han character → the content words of its
  // English definition ("凤" → male, phoenix, ...) and its Cantonese syllables ("达" → daat); also
  // word_glosses.tsv (CC-CEDICT): word of 2-4 characters → the same ("明珠" → pearl, jewel)
  std::unordered_map<std::string, std::vector<std::string>> han_glosses;
  std::unordered_map<std::string, std::vector<std::string>> cantonese;

  // Whether the English definition of the Han character or word `han` holds the word, or its
  // singular ("phoenixes" for 凤, "pearls" for 明珠): how a translated 字号 is recognised.
  bool gloss_has(const std::string& han, const std::string& word) const;

  // Reads every list from data_dir. Throws UserError naming the file that is missing or the
  // line that is malformed.
  static Lexicons load(const std::string& data_dir);
};

}  // namespace tradedig::matcher
