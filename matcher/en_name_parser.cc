// English names of Chinese firms are translated by the firm itself and never checked by the
// registry (MATCHING.md §2.1), so spelling of legal forms and abbreviations varies widely.
#include <cctype>
#include <unordered_map>
#include <unordered_set>

#include "matcher/matcher.h"

namespace tradedig::matcher {

namespace {

const std::unordered_map<std::string, std::string>& abbreviations() {
  static const std::unordered_map<std::string, std::string> m = {
      {"imp", "import"},        {"exp", "export"},         {"intl", "international"},
      {"int", "international"}, {"mfg", "manufacturing"},  {"mfy", "manufactory"},
      {"tech", "technology"},   {"techn", "technology"},   {"hitech", "high technology"},
      {"sci", "science"},       {"elec", "electric"},      {"pharm", "pharmaceutical"},
      {"pharma", "pharmaceutical"}, {"chem", "chemical"},  {"ind", "industrial"},
      {"inds", "industries"},   {"dev", "development"},    {"eng", "engineering"},
      {"equip", "equipment"},   {"grp", "group"},          {"hldg", "holding"},
      {"hldgs", "holdings"},    {"prod", "products"},      {"mach", "machinery"},
      {"natl", "national"},     {"invest", "investment"},  {"info", "information"},
      {"mgmt", "management"},   {"mgt", "management"},     {"svc", "service"},
      {"svcs", "services"},     {"&", "and"},              {"hi", "high"},
      {"i", "import"},          {"e", "export"},           {"trad", "trading"},
  };
  return m;
}

// Legal-form words, dropped wherever they stand ("Lonkey Industrial Co.,Ltd.Guangzhou").
const std::unordered_set<std::string>& legal_words() {
  static const std::unordered_set<std::string> s = {
      "co", "company", "ltd", "limited", "corp", "corporation", "inc", "incorporated",
      "plc", "llc", "lp", "jsc", "joint", "stock", "share", "shareholding", "liability", "ltda",
  };
  return s;
}

// Words that only say the preceding pinyin is a division ("Guangdong Provincial"). "City" is not
// one of them: it translates 城 as often (城发, 金城), and the division suffix 市 needs no word.
const std::unordered_set<std::string>& place_words() {
  static const std::unordered_set<std::string> s = {
      "province", "provincial", "municipal", "municipality", "county", "district",
      "prefecture", "autonomous", "region", "prc", "p", "r", "the", "of",
  };
  return s;
}

}  // namespace

EnName parse_en_name(std::string_view raw, const TextNormalizer& norm) {
  std::string n = norm.normalize(raw);
  std::string text;
  text.reserve(n.size() + 8);
  for (char ch : n) {
    unsigned char c = static_cast<unsigned char>(ch);
    if (std::isalnum(c)) {
      text += static_cast<char>(std::tolower(c));
    } else if (c == '\'' || c >= 0x80) {
      // Xi'An → xian: the apostrophe only marks a syllable boundary, which pinyin keys recover.
      continue;
    } else if (c == '&') {
      text += " & ";
    } else {
      text += ' ';
    }
  }
  EnName out;
  std::vector<std::string> words;
  for (size_t i = 0; i < text.size();) {
    size_t j = text.find(' ', i);
    if (j == std::string::npos) j = text.size();
    if (j > i) words.push_back(text.substr(i, j - i));
    i = j + 1;
  }
  for (auto& w : words) out.normalized += (out.normalized.empty() ? "" : " ") + w;

  std::vector<std::string> expanded;
  for (size_t k = 0; k < words.size(); ++k) {
    const std::string& w = words[k];
    // "E-Commerce" stays (the lexicon has "e commerce"); a lone "E" elsewhere is "I/E", export.
    if (w == "e" && k + 1 < words.size() && words[k + 1] == "commerce") {
      expanded.push_back(w);
      continue;
    }
    auto it = abbreviations().find(w);
    if (it == abbreviations().end()) { expanded.push_back(w); continue; }
    for (size_t i = 0; i < it->second.size();) {
      size_t j = it->second.find(' ', i);
      if (j == std::string::npos) j = it->second.size();
      expanded.push_back(it->second.substr(i, j - i));
      i = j + 1;
    }
  }
  for (auto& w : expanded)
    if (!legal_words().count(w) && !place_words().count(w)) out.tokens.push_back(w);
  // A name must never reduce to nothing (cleanco issues #57, #90: "AMBA" became "").
  if (out.tokens.empty()) out.tokens = expanded;
  return out;
}

}  // namespace tradedig::matcher
