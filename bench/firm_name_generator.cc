#include "bench/firm_name_generator.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <map>
#include <opencc/SimpleConverter.hpp>

#include "db/table_reader.h"
#include "matcher/utf8.h"
#include "util/error.h"
#include "util/parse.h"

namespace tradedig::bench {

namespace {

struct WeightedForm {
  const char* zh;
  int weight;
  std::vector<const char*> english;  // spellings, the first ones commonest (MATCHING.md §2.3 counts)
};

// Legal forms with rough shares among small and medium firms: 有限公司 dominates; shop-type forms
// (厂, 商行, 经营部) are the individual businesses of B2B platforms.
const std::vector<WeightedForm>& legal_forms() {
  static const std::vector<WeightedForm> forms = {
      {"有限公司", 50, {"Co., Ltd.", "Co.,Ltd.", "Co.,Ltd", "Co., Ltd", "Company Limited", "Limited"}},
      {"有限责任公司", 12, {"Co., Ltd.", "Co.,Ltd.", "Company Limited", "Limited Liability Company"}},
      {"股份有限公司", 10, {"Co., Ltd.", "Co.,Ltd.", "Corporation Limited", "Corporation", "Inc."}},
      {"集团有限公司", 4, {"Group Co., Ltd.", "Group Co.,Ltd.", "Group Limited"}},
      {"(集团)有限公司", 1, {"(Group) Co., Ltd.", "Group Co., Ltd."}},
      {"集团股份有限公司", 1, {"Group Co., Ltd.", "Group Corporation"}},
      {"厂", 4, {"Factory", "Works"}},
      {"商行", 3, {"Trading Firm", "Trading Co."}},
      {"经营部", 3, {"Business Department", "Trading Department"}},
      {"门市部", 1, {"Store"}},
      {"合作社", 1, {"Cooperative", "Co-operative"}},
  };
  return forms;
}

// Words of a one-word-per-line list that are 2 to 4 Han characters (brand.txt also holds a few
// Latin and one-character entries, which are not 字号 a registered name can have).
std::vector<std::string> read_han_words(const std::string& path, size_t min_chars, size_t max_chars) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw UserError(fmt::format("Cannot open the word list {}.", path));
  std::vector<std::string> out;
  std::string line;
  while (std::getline(in, line)) {
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
    std::vector<std::string> cp = matcher::split_code_points(line);
    if (cp.size() < min_chars || cp.size() > max_chars) continue;
    if (std::all_of(cp.begin(), cp.end(), [](const std::string& c) { return matcher::is_han(c); })) out.push_back(line);
  }
  return out;
}

std::string title_case(std::string word) {
  if (!word.empty()) word[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(word[0])));
  return word;
}

template <class T>
const T& pick(const std::vector<T>& v, std::mt19937_64& rng) {
  return v[std::uniform_int_distribution<size_t>(0, v.size() - 1)(rng)];
}

bool chance(double p, std::mt19937_64& rng) { return std::uniform_real_distribution<double>(0, 1)(rng) < p; }

}  // namespace

const char* noise_name(NameNoise noise) {
  switch (noise) {
    case NameNoise::kNone: return "none";
    case NameNoise::kTraditional: return "traditional";
    case NameNoise::kRegionInBrackets: return "region in brackets";
    case NameNoise::kDropRegion: return "region dropped";
    case NameNoise::kLegalForm: return "legal form";
    case NameNoise::kTypo: break;
  }
  return "typo";
}

FirmNameGenerator::FirmNameGenerator(const std::string& shared_dir, const std::string& data_dir,
                                     const matcher::Lexicons& lex, const matcher::Pinyin& py)
    : py_(py) {
  brands_ = read_han_words(shared_dir + "/data/names/companynameparser/brand.txt", 2, 4);
  if (brands_.size() < 1000)
    throw UserError(fmt::format("{}/data/names/companynameparser/brand.txt: too few 字号 words", shared_dir));

  // Divisions current in 2019 with a short name; province names by code for stacking.
  auto table = db::open_table(data_dir + "/gb2260_all_names_1980_2019.csv");
  const auto& cols = table->columns();
  auto col = [&](const char* name) {
    auto it = std::find(cols.begin(), cols.end(), name);
    if (it == cols.end())
      throw UserError(fmt::format("{}/gb2260_all_names_1980_2019.csv: no column {}", data_dir, name));
    return static_cast<size_t>(it - cols.begin());
  };
  const size_t code = col("code"), name = col("name"), short_name = col("name_short_heuristic"), level = col("level"),
               current = col("current_in_latest");
  std::map<std::string, std::string> province_of;    // two-digit prefix → full province name
  std::vector<std::pair<std::string, Region>> rows;  // (code, region)
  std::vector<std::string_view> f;
  int64_t where = 0;
  while (table->next(f, where)) {
    if (f.size() <= current || f[current] != "1" || f[short_name].empty()) continue;
    Region r{std::string(f[name]), std::string(f[short_name]), "", ""};
    // A district (区) may not stand alone as the region part of a name (实施办法第十一条).
    if (f[level] == "3" && r.full.size() >= 3 && r.full.compare(r.full.size() - 3, 3, "区") == 0) continue;
    if (f[level] == "1") province_of[std::string(f[code].substr(0, 2))] = r.full;
    rows.emplace_back(std::string(f[code]), std::move(r));
  }
  for (auto& [c, r] : rows) {
    auto it = province_of.find(c.substr(0, 2));
    if (it != province_of.end() && it->second != r.full) r.province_full = it->second;
    r.pinyin = pinyin_word(r.short_name, false);
    regions_.push_back(std::move(r));
  }
  if (regions_.empty())
    throw UserError(fmt::format("{}/gb2260_all_names_1980_2019.csv: no current divisions", data_dir));

  // Industry words: trade.txt plus every lexicon concept that is an industry word; the lexicon's
  // English phrases of a concept are its translations.
  industry_words_ = read_han_words(data_dir + "/trade.txt", 2, 4);
  for (const auto& [phrase, concepts] : lex.en_phrase_concepts)
    for (const auto& c : concepts) {
      std::string zh = c.substr(1);  // concept keys are "@" + the Chinese word
      if (lex.industry.contains(zh) && !lex.legal_forms.contains(zh)) english_of_[zh].push_back(phrase);
    }
  for (auto& [zh, phrases] : english_of_) {
    std::sort(phrases.begin(), phrases.end());
    translated_words_.push_back(zh);
    if (std::find(industry_words_.begin(), industry_words_.end(), zh) == industry_words_.end())
      industry_words_.push_back(zh);
  }
  std::sort(translated_words_.begin(), translated_words_.end());  // unordered_map order is not portable

  for (const char* config : {"s2t.json", "/usr/share/opencc/s2t.json"}) {
    try {
      s2t_ = std::make_unique<opencc::SimpleConverter>(config);
      break;
    } catch (const std::exception&) {
    }
  }
  if (!s2t_) throw UserError("OpenCC cannot open s2t.json (install the opencc data package).");
}

FirmNameGenerator::~FirmNameGenerator() = default;

std::string FirmNameGenerator::pinyin_word(const std::string& zh, bool spaced) const {
  std::string out;
  for (const auto& s : py_.syllables(zh)) {
    if (spaced && !out.empty()) out += ' ';
    out += (spaced || out.empty()) ? title_case(s) : s;
  }
  return out;
}

FirmParts FirmNameGenerator::firm(std::mt19937_64& rng) const {
  FirmParts f;
  // 85 % of names carry a region; a tenth of those stack it under the province (广东省深圳市).
  if (chance(0.85, rng)) {
    const Region& r = pick(regions_, rng);
    f.region = chance(0.7, rng) ? r.full : r.short_name;
    if (!r.province_full.empty() && chance(0.1, rng)) f.region = r.province_full + r.full;
    f.region_pinyin = r.pinyin;
  }
  f.brand = pick(brands_, rng);
  // Two thirds of the industry words come from those the lexicon translates, which are the
  // commoner ones (科技, 贸易, 进出口); a second word in a third of the names (电子科技).
  int words = chance(0.33, rng) ? 2 : 1;
  for (int i = 0; i < words; ++i)
    f.industry.push_back(chance(0.67, rng) ? pick(translated_words_, rng) : pick(industry_words_, rng));
  if (f.industry.size() == 2 && f.industry[0] == f.industry[1]) f.industry.pop_back();
  int total = 0;
  for (const auto& w : legal_forms()) total += w.weight;
  int x = std::uniform_int_distribution<int>(0, total - 1)(rng);
  for (const auto& w : legal_forms()) {
    if (x < w.weight) {
      f.legal_form = w.zh;
      break;
    }
    x -= w.weight;
  }
  return f;
}

std::string FirmNameGenerator::chinese(const FirmParts& f) {
  std::string out = f.region + f.brand;
  for (const auto& w : f.industry) out += w;
  return out + f.legal_form;
}

std::string FirmNameGenerator::english(const FirmParts& f, std::mt19937_64& rng) const {
  std::string out = f.region_pinyin;
  auto word = [&](const std::string& w) {
    if (!out.empty()) out += ' ';
    out += w;
  };
  word(pinyin_word(f.brand, chance(0.2, rng)));
  for (const auto& zh : f.industry) {
    auto it = english_of_.find(zh);
    if (it == english_of_.end()) {
      word(pinyin_word(zh, false));
      continue;
    }
    std::string phrase;
    for (const auto& t : split_any(pick(it->second, rng), {" "})) {
      if (!phrase.empty()) phrase += ' ';
      phrase += t == "and" ? "&" : title_case(t);
    }
    word(phrase);
  }
  for (const auto& form : legal_forms())
    if (f.legal_form == form.zh) {
      // The first spelling half of the time, the rest evenly.
      word(chance(0.5, rng) ? form.english[0] : pick(form.english, rng));
      break;
    }
  return out;
}

std::string FirmNameGenerator::noisy_chinese(const FirmParts& f, NameNoise noise, std::mt19937_64& rng) const {
  FirmParts g = f;
  switch (noise) {
    case NameNoise::kNone: break;
    case NameNoise::kTraditional: return s2t_->Convert(chinese(f));
    case NameNoise::kRegionInBrackets: {
      if (f.region.empty()) break;
      std::string out = f.brand;
      for (const auto& w : f.industry) out += w;
      return out + "（" + f.region + "）" + f.legal_form;  // full-width brackets, as many lists write them
    }
    case NameNoise::kDropRegion: g.region.clear(); break;
    case NameNoise::kLegalForm: {
      std::vector<std::string> others;
      for (const auto& form : legal_forms())
        if (form.zh != f.legal_form) others.push_back(form.zh);
      g.legal_form = pick(others, rng);
      break;
    }
    case NameNoise::kTypo: {
      std::vector<std::string> cp = matcher::split_code_points(f.brand);
      std::vector<std::string> other = matcher::split_code_points(pick(brands_, rng));
      cp[std::uniform_int_distribution<size_t>(0, cp.size() - 1)(rng)] = pick(other, rng);
      g.brand = matcher::join(cp, 0, cp.size());
      break;
    }
  }
  return chinese(g);
}

}  // namespace tradedig::bench
