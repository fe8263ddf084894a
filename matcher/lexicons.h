// The word lists the matcher reads from its data folder (see matcher/data/README.md).
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace tradedig::matcher {

// A text as WordSet reads it: one number per code point, its UTF-8 bytes packed into it (an
// invalid byte stands alone, as split_code_points() cuts it), so equal numbers are equal pieces.
std::vector<uint32_t> char_codes(std::string_view text);
// The same, appended to `out` (no allocation once it has grown).
void append_char_codes(std::string_view text, std::vector<uint32_t>& out);

// A set of Chinese words looked up by longest match at a position. The words sit in a trie of
// char_codes(), read forwards and backwards, so every word that starts (or ends) at a position is
// found in one walk, with no string built per candidate length (names are parsed by the million).
class WordSet {
 public:
  void insert(std::string word);
  bool contains(std::string_view word) const;
  // Whether the code points codes[0, n) (char_codes() numbers) are a word.
  bool contains(const uint32_t* codes, size_t n) const;
  // The length, in code points, of the longest word that codes[0, n) starts with; 0 when none.
  size_t longest_prefix(const uint32_t* codes, size_t n) const;
  // The length of the longest word that codes[0, n) ends with; 0 when none.
  size_t longest_suffix(const uint32_t* codes, size_t n) const;
  // Calls found(k) for each word that codes[0, n) starts with, k code points long, shortest
  // first, until found returns true.
  template <class Found>
  void each_prefix(const uint32_t* codes, size_t n, Found&& found) const {
    uint32_t node = 0;
    for (size_t k = 0; k < n; ++k) {
      node = forward_.child(node, codes[k]);
      if (node == kNoNode) return;
      if (forward_.word_end[node] && found(k + 1)) return;
    }
  }
  size_t max_chars() const { return max_chars_; }  // longest word, in code points
  size_t size() const { return size_; }

 private:
  static constexpr uint32_t kNoNode = 0xffffffffu;
  // Nodes are numbered from the root, 0; edges (parent, code) → child sit in one open-addressing table.
  struct Trie {
    std::vector<uint64_t> edge_key;  // parent << 32 | code, ~0 when the cell is free
    std::vector<uint32_t> edge_child;
    std::vector<char> word_end = std::vector<char>(1, 0);  // node → a word ends there
    size_t edges = 0;
    uint32_t child(uint32_t node, uint32_t code) const;
    uint32_t add(uint32_t node, uint32_t code);
  };
  Trie forward_, backward_;
  size_t max_chars_ = 0;
  size_t size_ = 0;
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
  // word_glosses.tsv (CC-CEDICT): word of 1-4 characters → the same ("明珠" → pearl, jewel)
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
