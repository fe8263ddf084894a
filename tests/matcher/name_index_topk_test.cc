// The index stops walking posting lists once no unseen name can reach the top_k (name_index.cc);
// these tests check that the stopping never changes the answer: the best top_k of a query are the
// first top_k of the ranking of every name that shares a key (asked with a top_k above the index
// size, so that nothing can be skipped), with the same scores to the last bit.
#include <catch2/catch.hpp>
#include <random>
#include <string>
#include <vector>

#include "matcher/matcher.h"

using tradedig::matcher::Candidate;
using tradedig::matcher::NameIndex;
using tradedig::matcher::NameIndexOptions;

namespace {

// Names of 8 to 30 keys over a vocabulary of 3,000 keys with Zipf-like frequencies, so that a few
// keys are in most names (有限, 公司) and most are rare (a 字号 bigram): the shape that lets the
// index stop early, and more frequent keys than the 224 that get a signature bit.
std::vector<std::vector<std::string>> zipf_names(size_t n, std::mt19937& rng) {
  std::vector<double> weight;
  for (int k = 1; k <= 3000; ++k) weight.push_back(1.0 / k);
  std::discrete_distribution<int> key(weight.begin(), weight.end());
  std::uniform_int_distribution<int> length(8, 30);
  std::vector<std::vector<std::string>> names(n);
  for (auto& keys : names)
    for (int i = length(rng); i > 0; --i) keys.push_back("k" + std::to_string(key(rng)));
  return names;
}

void check_top_k_is_head_of_full_ranking(const NameIndexOptions& options) {
  std::mt19937 rng(20260105);
  auto names = zipf_names(20000, rng);
  NameIndex index(options);
  for (uint32_t i = 0; i < names.size(); ++i) index.add(1000 + i, names[i]);
  index.finalize();
  std::uniform_int_distribution<size_t> pick(0, names.size() - 1);
  for (int q = 0; q < 60; ++q) {
    std::vector<std::string> keys = names[pick(rng)];
    if (q % 2 == 1) keys.resize(keys.size() / 2);  // half a name: weaker best scores, later stop
    std::vector<Candidate> full = index.query(keys, names.size() + 1);
    for (size_t k : {1, 5, 20}) {
      std::vector<Candidate> top = index.query(keys, k);
      REQUIRE(top.size() == std::min(k, full.size()));
      for (size_t i = 0; i < top.size(); ++i) {
        CHECK(top[i].id == full[i].id);
        CHECK(top[i].score == full[i].score);
      }
    }
  }
}

}  // namespace

TEST_CASE("stopping early never changes the best top_k of a query", "[matcher][name_index]") {
  check_top_k_is_head_of_full_ranking(NameIndexOptions{});
}

TEST_CASE("stopping early never changes the best top_k when long posting lists are capped", "[matcher][name_index]") {
  NameIndexOptions options;
  options.max_postings = 2000;
  check_top_k_is_head_of_full_ranking(options);
}
