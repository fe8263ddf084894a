#include <catch2/catch.hpp>

#include "matcher/matcher.h"

using tradedig::matcher::NameIndex;
using tradedig::matcher::NameIndexOptions;

TEST_CASE("the index ranks the name sharing the rarest keys first", "[matcher]") {
  NameIndex idx({0, 1.0});
  idx.add(1, {"common", "rare1"});
  idx.add(2, {"common", "rare2"});
  idx.add(3, {"common", "other"});
  idx.finalize();
  auto hits = idx.query({"common", "rare2"}, 2);
  REQUIRE(hits.size() == 2);
  CHECK(hits[0].id == 2);
  CHECK(hits[0].score == Approx(1.0));
  CHECK(hits[1].score < hits[0].score);
}

TEST_CASE("a query sharing no key with the index returns no candidates", "[matcher]") {
  NameIndex idx;
  idx.add(7, {"a", "b"});
  idx.finalize();
  CHECK(idx.query({"x", "y"}, 5).empty());
  CHECK(idx.pair_estimate({"x"}) == 0);
}

TEST_CASE("keys over the posting cap generate no candidates but the estimate counts only usable keys", "[matcher]") {
  NameIndex idx({2, 1.0});
  for (uint32_t i = 0; i < 5; ++i) idx.add(i, {"everywhere", "k" + std::to_string(i)});
  idx.finalize();
  CHECK(idx.pair_estimate({"everywhere", "k3"}) == 1);
  auto hits = idx.query({"everywhere", "k3"}, 10);
  REQUIRE(hits.size() == 1);
  CHECK(hits[0].id == 3);
}

TEST_CASE("an index queried before finalize returns nothing rather than stale scores", "[matcher]") {
  NameIndex idx;
  idx.add(1, {"a"});
  CHECK(idx.query({"a"}, 1).empty());
}
