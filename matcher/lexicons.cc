#include "matcher/lexicons.h"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>

#include "matcher/utf8.h"
#include "util/error.h"
#include "util/parse.h"

namespace tradedig::matcher {

void append_char_codes(std::string_view text, std::vector<uint32_t>& out) {
  for (size_t i = 0; i < text.size();) {
    const size_t n = code_point_length(text, i);
    uint32_t code = 0;
    for (size_t k = 0; k < n; ++k) code = (code << 8) | static_cast<unsigned char>(text[i + k]);
    out.push_back(code);
    i += n;
  }
}

std::vector<uint32_t> char_codes(std::string_view text) {
  std::vector<uint32_t> codes;
  codes.reserve(text.size() / 2);
  append_char_codes(text, codes);
  return codes;
}

namespace {
size_t edge_cell(uint64_t key, size_t mask) { return static_cast<size_t>((key * 0x9E3779B97F4A7C15ull) >> 32) & mask; }
}  // namespace

uint32_t WordSet::Trie::child(uint32_t node, uint32_t code) const {
  if (edge_key.empty()) return kNoNode;
  const uint64_t key = (static_cast<uint64_t>(node) << 32) | code;
  const size_t mask = edge_key.size() - 1;
  for (size_t i = edge_cell(key, mask);; i = (i + 1) & mask) {
    if (edge_key[i] == key) return edge_child[i];
    if (edge_key[i] == ~0ull) return kNoNode;
  }
}

uint32_t WordSet::Trie::add(uint32_t node, uint32_t code) {
  if (uint32_t c = child(node, code); c != kNoNode) return c;
  if ((edges + 1) * 2 > edge_key.size()) {  // load at most 1/2
    std::vector<uint64_t> old_key = std::move(edge_key);
    std::vector<uint32_t> old_child = std::move(edge_child);
    edge_key.assign(std::max<size_t>(64, 2 * old_key.size()), ~0ull);
    edge_child.assign(edge_key.size(), 0);
    const size_t mask = edge_key.size() - 1;
    for (size_t j = 0; j < old_key.size(); ++j) {
      if (old_key[j] == ~0ull) continue;
      size_t i = edge_cell(old_key[j], mask);
      while (edge_key[i] != ~0ull) i = (i + 1) & mask;
      edge_key[i] = old_key[j];
      edge_child[i] = old_child[j];
    }
  }
  const uint64_t key = (static_cast<uint64_t>(node) << 32) | code;
  const size_t mask = edge_key.size() - 1;
  size_t i = edge_cell(key, mask);
  while (edge_key[i] != ~0ull) i = (i + 1) & mask;
  const uint32_t c = static_cast<uint32_t>(word_end.size());
  edge_key[i] = key;
  edge_child[i] = c;
  word_end.push_back(0);
  ++edges;
  return c;
}

void WordSet::insert(std::string word) {
  const std::vector<uint32_t> codes = char_codes(word);
  if (codes.empty()) return;
  uint32_t node = 0;
  for (uint32_t c : codes) node = forward_.add(node, c);
  if (forward_.word_end[node]) return;
  forward_.word_end[node] = 1;
  node = 0;
  for (size_t k = codes.size(); k-- > 0;) node = backward_.add(node, codes[k]);
  backward_.word_end[node] = 1;
  max_chars_ = std::max(max_chars_, codes.size());
  ++size_;
}

bool WordSet::contains(std::string_view word) const {
  const std::vector<uint32_t> codes = char_codes(word);
  return contains(codes.data(), codes.size());
}

bool WordSet::contains(const uint32_t* codes, size_t n) const {
  if (n == 0) return false;
  uint32_t node = 0;
  for (size_t k = 0; k < n && node != kNoNode; ++k) node = forward_.child(node, codes[k]);
  return node != kNoNode && forward_.word_end[node];
}

size_t WordSet::longest_prefix(const uint32_t* codes, size_t n) const {
  size_t longest = 0;
  each_prefix(codes, n, [&](size_t k) {
    longest = k;
    return false;
  });
  return longest;
}

size_t WordSet::longest_suffix(const uint32_t* codes, size_t n) const {
  size_t longest = 0;
  uint32_t node = 0;
  for (size_t k = 0; k < n; ++k) {
    node = backward_.child(node, codes[n - 1 - k]);
    if (node == kNoNode) break;
    if (backward_.word_end[node]) longest = k + 1;
  }
  return longest;
}

namespace {

std::vector<std::string> read_lines(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw UserError(fmt::format("Cannot open the matcher lexicon {}.", path));
  std::vector<std::string> lines;
  std::string line;
  while (std::getline(in, line)) {
    std::string_view t = trim(line);
    if (!t.empty() && t.back() == '\r') t.remove_suffix(1);
    if (t.empty() || t.front() == '#') continue;
    lines.emplace_back(t);
  }
  return lines;
}

std::vector<std::string> split_fields(const std::string& line, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  for (size_t i = 0; i <= line.size(); ++i) {
    if (i == line.size() || line[i] == sep) {
      out.emplace_back(trim(std::string_view(line).substr(start, i - start)));
      start = i + 1;
    }
  }
  return out;
}

std::vector<std::string> lower_words(std::string_view s) {
  std::vector<std::string> out;
  for (auto& w : split_any(to_lower_ascii(s), {" "})) out.push_back(w == "&" ? "and" : w);
  return out;
}

void load_places(Lexicons& lex, const std::string& dir) {
  for (auto& w : read_lines(dir + "/china_place.txt"))
    if (count_code_points(w) >= 2) {
      lex.places.insert(w);
      lex.common_places.insert(w);
    }
  // GB/T 2260 names 1980-2019 catch counties renamed or merged since (historic customs years).
  auto rows = read_lines(dir + "/gb2260_all_names_1980_2019.csv");
  for (size_t i = 1; i < rows.size(); ++i) {
    auto f = split_fields(rows[i], ',');
    if (f.size() < 3) throw UserError(fmt::format("{}/gb2260_all_names_1980_2019.csv line {}: expected code,name,short.", dir, i + 1));
    for (size_t k = 1; k <= 2; ++k)
      if (count_code_points(f[k]) >= 2 && f[k] != "市辖区") lex.places.insert(f[k]);
  }
}

void load_pinyin_fixes(Lexicons& lex, const std::string& dir) {
  auto add = [&](const std::string& fragment, const std::string& reading) {
    lex.pinyin_fixes[fragment] = lower_words(reading);
    lex.pinyin_fix_max_chars = std::max(lex.pinyin_fix_max_chars, count_code_points(fragment));
  };
  auto rows = read_lines(dir + "/polyphone_overrides.csv");
  for (size_t i = 1; i < rows.size(); ++i) {
    auto f = split_fields(rows[i], ',');
    if (f.size() >= 3) add(f[0], f[2]);
  }
  for (auto& row : read_lines(dir + "/pinyin_fixes.tsv")) {
    auto f = split_fields(row, '\t');
    if (f.size() != 2) throw UserError(fmt::format("{}/pinyin_fixes.tsv: bad line '{}' (want fragment<TAB>syllables).", dir, row));
    add(f[0], f[1]);
  }
}

void load_bilingual(Lexicons& lex, const std::string& dir) {
  for (auto& row : read_lines(dir + "/bilingual_lexicon.tsv")) {
    auto f = split_fields(row, '\t');
    if (f.size() < 2 || f.size() > 3 || f[0].empty() || f[1].empty() || (f.size() == 3 && f[2] != "not-industry"))
      throw UserError(fmt::format("{}/bilingual_lexicon.tsv: bad line '{}' (want zh<TAB>english[<TAB>not-industry]).", dir, row));
    bool industry_word = f.size() == 2;
    lex.bilingual_zh.insert(f[0]);
    // The lexicon's multi-character words are industry words too (进出口, 新材料 are missing
    // from trade.txt); words marked not-industry (国际, 中国) are not.
    if (industry_word && count_code_points(f[0]) >= 2 && !lex.places.contains(f[0]) && !lex.legal_forms.contains(f[0])) lex.industry.insert(f[0]);
    auto words = lower_words(f[1]);
    lex.en_phrase_max_tokens = std::max(lex.en_phrase_max_tokens, words.size());
    std::string phrase;
    for (auto& w : words) phrase += (phrase.empty() ? "" : " ") + w;
    auto& concepts = lex.en_phrase_concepts[phrase];
    std::string key = "@" + f[0];
    if (std::find(concepts.begin(), concepts.end(), key) == concepts.end()) concepts.push_back(key);
  }
}

void load_han_glosses(Lexicons& lex, const std::string& dir) {
  for (auto& row : read_lines(dir + "/han_glosses.tsv")) {
    auto f = split_fields(row, '\t');
    // A character without a definition ends in its Cantonese column (the line is trimmed).
    if (f.size() < 2 || f.size() > 3 || count_code_points(f[0]) != 1)
      throw UserError(fmt::format("{}/han_glosses.tsv: bad line '{}' (want character<TAB>cantonese<TAB>glosses).", dir, row));
    if (!f[1].empty()) lex.cantonese[f[0]] = lower_words(f[1]);
    if (f.size() == 3 && !f[2].empty()) lex.han_glosses[f[0]] = lower_words(f[2]);
  }
}

// word_glosses.tsv (CC-CEDICT, see matcher/data/README.md): words of 1-4 characters, kept in the
// same map as the characters' Unihan glosses (a character's CC-CEDICT words are added to those);
// gloss_has then answers for a word as for a character.
void load_word_glosses(Lexicons& lex, const std::string& dir) {
  for (auto& row : read_lines(dir + "/word_glosses.tsv")) {
    if (row.empty() || row[0] == '#') continue;
    auto f = split_fields(row, '\t');
    const size_t chars = f.empty() ? 0 : count_code_points(f[0]);
    if (f.size() != 2 || chars < 1 || chars > 4 || f[1].empty())
      throw UserError(fmt::format("{}/word_glosses.tsv: bad line '{}' (want word<TAB>content words).", dir, row));
    auto& glosses = lex.han_glosses[f[0]];  // a character's Unihan words first, then CC-CEDICT's
    for (auto& w : lower_words(f[1]))
      if (std::find(glosses.begin(), glosses.end(), w) == glosses.end()) glosses.push_back(std::move(w));
  }
}

}  // namespace

std::vector<std::string> singular_forms(const std::string& w) {
  std::vector<std::string> out = {w};
  auto ends = [&](std::string_view tail) { return w.size() > tail.size() + 2 && w.compare(w.size() - tail.size(), tail.size(), tail) == 0; };
  if (ends("s") && !ends("ss")) out.push_back(w.substr(0, w.size() - 1));
  if (ends("es")) out.push_back(w.substr(0, w.size() - 2));
  if (ends("ies")) out.push_back(w.substr(0, w.size() - 3) + "y");
  return out;
}

bool Lexicons::gloss_has(const std::string& han, const std::string& word) const {
  auto it = han_glosses.find(han);
  if (it == han_glosses.end()) return false;
  for (const std::string& form : singular_forms(word))
    if (std::find(it->second.begin(), it->second.end(), form) != it->second.end()) return true;
  // The agent or action noun of a defined verb: "smelter", "printing" for "smelt", "print".
  for (std::string_view tail : {"er", "or", "ing", "ers", "ors"})
    if (word.size() >= tail.size() + 4 && word.compare(word.size() - tail.size(), tail.size(), tail) == 0 &&
        std::find(it->second.begin(), it->second.end(), word.substr(0, word.size() - tail.size())) != it->second.end())
      return true;
  return false;
}

Lexicons Lexicons::load(const std::string& dir) {
  Lexicons lex;
  for (auto& w : read_lines(dir + "/suffix.txt")) lex.legal_forms.insert(w);
  for (auto& w : read_lines(dir + "/trade.txt")) lex.industry.insert(w);
  load_places(lex, dir);
  load_pinyin_fixes(lex, dir);
  load_bilingual(lex, dir);
  load_han_glosses(lex, dir);
  load_word_glosses(lex, dir);
  return lex;
}

}  // namespace tradedig::matcher
