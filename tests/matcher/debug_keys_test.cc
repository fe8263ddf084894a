// Hidden helper (run with the tag [.keys]): prints the index keys of TRADEDIG_ZH / TRADEDIG_EN,
// and with both the alignment of the English name with each '|'-separated Chinese name.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "tests/matcher/matcher_fixture.h"

using namespace tradedig::matcher;
using namespace tradedig::testing;

namespace {
std::vector<std::string> split_at_bars(const std::string& s) {
  std::vector<std::string> out;
  size_t start = 0;
  for (size_t nl; (nl = s.find('|', start)) != std::string::npos; start = nl + 1)
    out.push_back(s.substr(start, nl - start));
  out.push_back(s.substr(start));
  return out;
}
}  // namespace

TEST_CASE("index keys of a name can be printed for diagnosis", "[.keys]") {
  if (const char* zh = std::getenv("TRADEDIG_ZH")) {
    ZhName z = parse_zh_name(zh, test_normalizer(), test_lexicons());
    std::cout << "region=" << z.region << " brand=" << z.brand << " industry=" << z.industry << " form=" << z.legal_form << "\n";
    for (auto& k : zh_cross_keys(z, test_pinyin(), test_lexicons())) std::cout << k << " ";
    std::cout << "\n";
  }
  if (const char* en = std::getenv("TRADEDIG_EN")) {
    for (auto& k : en_cross_keys(parse_en_name(en, test_normalizer()), test_pinyin(), test_lexicons())) std::cout << k << " ";
    std::cout << "\n";
  }
  // Both given: how far the English name explains the Chinese one (IDF weights left out).
  if (std::getenv("TRADEDIG_ZH") && std::getenv("TRADEDIG_EN")) {
    for (std::string zh : split_at_bars(std::getenv("TRADEDIG_ZH"))) {
      ZhName z = parse_zh_name(zh, test_normalizer(), test_lexicons());
      CrossAlignment a = align_cross_script(parse_en_name(std::getenv("TRADEDIG_EN"), test_normalizer()), z,
                                            test_pinyin(), test_lexicons());
      std::cout << zh << " en_explained=" << a.en_explained << " zh_explained=" << a.zh_explained
                << " score=" << a.score << "\n";
    }
  }
  SUCCEED();
}

// Hidden helper (tag [.endiag]): for each A-share English name that does not link to its own firm,
// prints where the true firm stands in the cross-script index (candidate generation) and after
// re-ranking, and the alignment of the true and the winning Chinese name, tab-separated.
TEST_CASE("English-name linking errors can be listed with their cause", "[.endiag]") {
  const auto& firms = astock_firms();
  NameLinker linker;
  NameIndex index;
  for (size_t i = 0; i < firms.size(); ++i) {
    linker.add(static_cast<uint32_t>(i), firms[i].fullname);
    index.add(static_cast<uint32_t>(i), zh_cross_keys(parse_zh_name(firms[i].fullname, test_normalizer(), test_lexicons()),
                                                      test_pinyin(), test_lexicons()));
  }
  linker.finalize();
  index.finalize();
  auto weight = [](const std::string& key, const void* ctx) { return static_cast<const NameIndex*>(ctx)->idf(key); };
  for (size_t i = 0; i < firms.size(); ++i) {
    auto hits = linker.link_en(firms[i].enname, 200);
    if (!hits.empty() && hits[0].id == i) continue;
    EnName e = split_compound_words(parse_en_name(firms[i].enname, test_normalizer()), test_pinyin(), test_lexicons());
    auto shortlist = index.query(en_cross_keys(e, test_pinyin(), test_lexicons()), 200);
    size_t index_rank = 0, rank = 0;
    for (size_t r = 0; r < shortlist.size(); ++r)
      if (shortlist[r].id == i) index_rank = r + 1;
    for (size_t r = 0; r < hits.size(); ++r)
      if (hits[r].id == i) rank = r + 1;
    auto align = [&](size_t id) {
      return align_cross_script(e, parse_zh_name(firms[id].fullname, test_normalizer(), test_lexicons()), test_pinyin(),
                                test_lexicons(), weight, &index);
    };
    CrossAlignment t = align(i);
    std::string tokens;
    for (auto& w : e.tokens) tokens += w + " ";
    std::cout << "index_rank=" << index_rank << "\trank=" << rank << "\t" << firms[i].enname << "\t" << firms[i].fullname
              << "\ttrue=" << t.en_explained << "/" << t.zh_explained << "/" << t.score << "\ttokens=" << tokens;
    if (!hits.empty()) {
      CrossAlignment w = align(hits[0].id);
      std::cout << "\tgot=" << firms[hits[0].id].fullname << "\t" << w.en_explained << "/" << w.zh_explained << "/"
                << w.score << (decide(hits) == Decision::kMatch ? "\taccepted" : "");
    }
    std::cout << "\n";
  }
  SUCCEED();
}

// Hidden helper (tag [.thresholds]): for a grid of DecisionThresholds, how many English names of
// the A-share file are auto-accepted and how many of those are right, and how many names of
// firms missing from the list (odd firms against the even firms' Chinese names) are accepted.
TEST_CASE("decision thresholds for English names can be compared", "[.thresholds]") {
  const auto& firms = astock_firms();
  NameLinker all, even;
  for (size_t i = 0; i < firms.size(); ++i) {
    all.add(static_cast<uint32_t>(i), firms[i].fullname);
    if (i % 2 == 0) even.add(static_cast<uint32_t>(i), firms[i].fullname);
  }
  all.finalize();
  even.finalize();
  std::vector<std::vector<Candidate>> listed, unlisted;
  for (size_t i = 0; i < firms.size(); ++i) {
    listed.push_back(all.link_en(firms[i].enname, 5));
    if (i % 2 == 1) unlisted.push_back(even.link_en(firms[i].enname, 5));
  }
  for (double score : {0.5, 0.55, 0.6})
    for (double margin : {0.15, 0.2, 0.25, 0.3}) {
      DecisionThresholds t{score, margin, 0.35};
      size_t n = 0, ok = 0, wrong = 0;
      for (size_t i = 0; i < firms.size(); ++i)
        if (decide(listed[i], t) == Decision::kMatch) {
          ++n;
          ok += listed[i][0].id == i;
        }
      for (const auto& hits : unlisted) wrong += decide(hits, t) == Decision::kMatch;
      std::cout << "accept_score " << score << " margin " << margin << ": accepted " << n << ", precision "
                << (n ? static_cast<double>(ok) / n : 0.0) << "; unlisted accepted " << wrong << "/" << unlisted.size()
                << "\n";
    }
  SUCCEED();
}
