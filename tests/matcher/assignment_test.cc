#include <catch2/catch.hpp>

#include "matcher/matcher.h"

using namespace tradedig::matcher;

TEST_CASE("one-to-one assignment gives a contested right name to the stronger left name", "[matcher]") {
  std::vector<std::vector<Candidate>> c = {
      {{10, 0.9}, {11, 0.5}},
      {{10, 0.95}, {12, 0.2}},
  };
  auto links = assign_one_to_one(c);
  REQUIRE(links.size() == 2);
  CHECK(links[0].left == 0);
  CHECK(links[0].right == 11);
  CHECK(links[1].left == 1);
  CHECK(links[1].right == 10);
}

TEST_CASE("a left name whose candidates are all taken stays unlinked", "[matcher]") {
  std::vector<std::vector<Candidate>> c = {{{1, 0.9}}, {{1, 0.8}}, {}};
  auto links = assign_one_to_one(c);
  REQUIRE(links.size() == 1);
  CHECK(links[0].left == 0);
}

TEST_CASE("a clear high-scoring winner is a match, a close call goes to review", "[matcher]") {
  CHECK(decide({{1, 0.9}, {2, 0.3}}) == Decision::kMatch);
  CHECK(decide({{1, 0.9}, {2, 0.85}}) == Decision::kReview);
  CHECK(decide({{1, 0.4}}) == Decision::kReview);
  CHECK(decide({{1, 0.1}}) == Decision::kNonMatch);
  CHECK(decide({}) == Decision::kNonMatch);
}
