// Shared, lazily built matcher objects for the matcher tests (loading the lexicons and the pinyin
// table takes a moment, so every test case uses the same ones).
#pragma once
#include <string>
#include <vector>

#include "db/table_reader.h"
#include "matcher/matcher.h"
#include "tests/test_support.h"

namespace tradedig::testing {

inline const matcher::Lexicons& test_lexicons() {
  static const matcher::Lexicons lex = matcher::Lexicons::load(matcher::default_data_dir());
  return lex;
}
inline const matcher::TextNormalizer& test_normalizer() {
  static const matcher::TextNormalizer norm;
  return norm;
}
inline const matcher::Pinyin& test_pinyin() {
  static const matcher::Pinyin py(test_lexicons());
  return py;
}

// One listed firm of the A-share file: short name, Chinese full name, English name, and the
// province or city it is listed under (深圳, 浙江).
struct AstockFirm {
  std::string short_name, fullname, enname, area;
};

inline const std::vector<AstockFirm>& astock_firms() {
  static const std::vector<AstockFirm> firms = [] {
    std::vector<AstockFirm> out;
    auto reader = db::open_table(shared_path("data/names/astock_fullname_enname_2021.csv"));
    const auto& cols = reader->columns();
    auto col = [&](const std::string& name) {
      for (size_t i = 0; i < cols.size(); ++i)
        if (cols[i] == name) return i;
      return cols.size();
    };
    size_t name = col("name"), full = col("fullname"), en = col("enname"), area = col("area");
    std::vector<std::string_view> f;
    int64_t where = 0;
    while (reader->next(f, where)) out.push_back({std::string(f[name]), std::string(f[full]), std::string(f[en]), std::string(f[area])});
    return out;
  }();
  return firms;
}

}  // namespace tradedig::testing
