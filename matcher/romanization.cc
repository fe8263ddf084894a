#include "matcher/romanization.h"

#include <algorithm>
#include <iterator>
#include <string_view>
#include <utility>

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

namespace {

bool is_vowel(char c) { return std::string_view("aeiouwy").find(c) != std::string_view::npos; }

// Consonant class for the loose comparisons; 0 for vowels and semivowels.
char consonant_class(char c) {
  switch (c) {
    case 'b': case 'p': return 'b';
    case 'd': case 't': return 'd';
    case 'g': case 'k': return 'g';
    case 'l': case 'n': case 'r': return 'n';
    case 'z': case 'c': case 's': return 's';
    case 'f': case 'h': return 'h';
    default: return is_vowel(c) ? 0 : c;
  }
}

double substitution_cost(char a, char b) {
  if (a == b) return 0;
  if (is_vowel(a) && is_vowel(b)) return 0.4;
  if (is_vowel(a) || is_vowel(b)) return 1;
  if (consonant_class(a) == consonant_class(b)) return 0.5;
  if ((a == 'm' && b == 'n') || (a == 'n' && b == 'm')) return 0.5;
  return 1;
}

double indel_cost(char c) { return is_vowel(c) || c == 'h' || c == 'r' ? 0.5 : 1.0; }

}  // namespace

std::string phonetic_spelling(const std::string& w, bool is_pinyin) {
  std::string out;
  auto next = [&](size_t i) { return i + 1 < w.size() ? w[i + 1] : '\0'; };
  for (size_t i = 0; i < w.size(); ++i) {
    char c = w[i], n = next(i);
    if (c < 'a' || c > 'z') continue;
    char put = c;
    if ((c == 'z' || c == 'c' || c == 's') && n == 'h') {
      put = c;
      ++i;
    } else if (c == 'n' && n == 'g') {
      put = 'n';
      ++i;
    } else if (c == 'j') {
      put = 'z';
    } else if (c == 'q') {
      put = 'c';
    } else if (c == 'x') {
      put = 's';
    } else if (c == 'v') {
      put = is_pinyin ? 'u' : 'w';  // pinyin v is ü
    }
    if (!is_pinyin) {
      if (c == 'p' && n == 'h') {
        put = 'f';
        ++i;
      } else if (c == 'c' && n == 'k') {
        put = 'k';
        ++i;
      } else if (c == 'h' && n == 's') {
        put = 's';
        ++i;
      } else if (c == 't' && (n == 's' || n == 'z')) {
        put = 'c';
        ++i;
      } else if (c == 'c' && n != 'h') {
        put = (n == 'e' || n == 'i' || n == 'y') ? 's' : 'k';
      }
    }
    if (!out.empty() && out.back() == put) continue;
    out += put;
  }
  return out;
}

double phonetic_similarity(const std::string& a, const std::string& b) {
  if (a.empty() || b.empty()) return 0;
  if (is_vowel(a[0]) != is_vowel(b[0])) return 0;
  if (!is_vowel(a[0]) && consonant_class(a[0]) != consonant_class(b[0]) && substitution_cost(a[0], b[0]) >= 1) return 0;
  std::vector<double> row(b.size() + 1);
  row[0] = 0;
  for (size_t j = 1; j <= b.size(); ++j) row[j] = row[j - 1] + indel_cost(b[j - 1]);
  for (size_t i = 1; i <= a.size(); ++i) {
    double diag = row[0];
    row[0] += indel_cost(a[i - 1]);
    for (size_t j = 1; j <= b.size(); ++j) {
      double up = row[j];
      row[j] = std::min({row[j] + indel_cost(a[i - 1]), row[j - 1] + indel_cost(b[j - 1]),
                         diag + substitution_cost(a[i - 1], b[j - 1])});
      diag = up;
    }
  }
  double len = static_cast<double>(std::max(a.size(), b.size()));
  return std::max(0.0, 1.0 - row[b.size()] / len);
}

std::string phonetic_outline(const std::string& spelling) {
  std::string out;
  for (char c : spelling) {
    char k = consonant_class(c);
    if (k == 0) k = 'V';
    if (!out.empty() && out.back() == k) continue;
    out += k;
  }
  if (!out.empty() && out.back() == 'V') out.pop_back();
  return out;
}

namespace {

// Where the initial consonant of a pinyin syllable ends.
size_t initial_length(const std::string& syl) {
  for (std::string_view d : {"zh", "ch", "sh"})
    if (syl.compare(0, d.size(), d) == 0) return d.size();
  return !syl.empty() && std::string_view("aeiouv").find(syl[0]) == std::string_view::npos ? 1 : 0;
}

void add_products(const std::vector<std::string>& initials, const std::vector<std::string>& finals,
                  const std::string& self, std::vector<std::string>& out) {
  for (const std::string& i : initials)
    for (const std::string& f : finals) {
      std::string s = i + f;
      if (s != self && !s.empty() && std::find(out.begin(), out.end(), s) == out.end()) out.push_back(s);
    }
}

}  // namespace

std::vector<std::string> older_romanizations(const std::string& py) {
  std::vector<std::string> out;
  if (py.empty()) return out;
  // y- and w- syllables keep their semivowel in the older systems; only the final changes.
  if (py[0] == 'y' || py[0] == 'w') {
    static const std::vector<std::pair<std::string, std::vector<std::string>>> kSemivowel = {
        {"yong", {"yung"}}, {"you", {"yu", "yow"}}, {"ye", {"yeh"}}, {"yan", {"yen"}},
        {"yue", {"yueh"}},  {"yi", {"i"}},          {"yu", {"u"}},   {"wu", {"woo"}}};
    for (const auto& [from, to] : kSemivowel)
      if (py == from) out = to;
    return out;
  }
  const size_t n = initial_length(py);
  const std::string ini = py.substr(0, n), fin = py.substr(n);
  static const std::vector<std::pair<std::string, std::vector<std::string>>> kInitials = {
      {"b", {"b", "p"}},         {"d", {"d", "t"}},        {"g", {"g", "k"}},         {"j", {"j", "ch", "ts", "k"}},
      {"q", {"q", "ch", "ts", "k"}}, {"x", {"x", "hs", "s"}}, {"zh", {"zh", "ch", "j"}}, {"r", {"r", "j"}},
      {"z", {"z", "ts", "tz"}},  {"c", {"c", "ts", "tz"}}};
  std::vector<std::string> initials = {ini};
  for (const auto& [from, to] : kInitials)
    if (ini == from) initials = to;
  std::vector<std::string> finals = {fin};
  const bool velar = ini == "g" || ini == "k" || ini == "h";
  const bool retroflex = ini == "zh" || ini == "ch" || ini == "sh" || ini == "r";
  const bool dental = ini == "z" || ini == "c" || ini == "s";
  if (fin == "i" && retroflex) {
    finals = {"ih"};
  } else if (fin == "i" && dental) {
    // tzu, tz'u, ssu; postal sze (Szechwan)
    initials = ini == "s" ? std::vector<std::string>{"s", "ss", "sz"} : std::vector<std::string>{"tz", "ts"};
    finals = {"u", "e", "ze"};
  } else {
    static const std::vector<std::pair<std::string, std::vector<std::string>>> kFinals = {
        {"ong", {"ung"}},   {"iong", {"iung"}},  {"ian", {"ien"}},       {"ie", {"ieh"}},  {"ue", {"ueh"}},
        {"uo", {"o", "uo"}}, {"ui", {"ui", "uei", "wei"}}, {"ua", {"ua", "wa"}}, {"uang", {"uang", "wang"}},
        {"uai", {"uai", "wai"}}, {"uan", {"uan", "wan"}}, {"ou", {"ou", "ow"}}, {"ao", {"ao", "au"}},
        {"er", {"erh"}}};
    for (const auto& [from, to] : kFinals)
      if (fin == from) finals = to;
    // Postal -oo (Foochow 福州); after j/q/x the u is ü, which keeps its spelling.
    if (fin == "u" && ini != "j" && ini != "q" && ini != "x") finals = {"u", "oo"};
    if (fin == "e" && velar) finals = {"o", "e"};
    if (fin == "e" && !velar) finals = {"e", "eh"};
  }
  add_products(initials, finals, py, out);
  return out;
}

}  // namespace tradedig::matcher
