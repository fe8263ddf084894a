// Entropy-weight composite index on a small hand-made panel (5 firms x 2 years, indicators a and b
// positive, c negative). Expected numbers computed independently with numpy 1.24 (Debian python3):
//   import numpy as np
//   a = np.array([3., 7, 1, 4, 10, 5, 6, 2, 8, 9]); b = np.array([.2, .5, .9, .1, .4, .3, .8, .6, .7, .25])
//   c = np.array([12., 15, 9, 20, 11, 10, 14, 18, 8, 16]); X = np.column_stack([a, b, c])
//   pos = np.array([True, True, False])
//   def ewm(X, pos, shift):
//       lo, hi = X.min(0), X.max(0)
//       N = np.where(pos, (X - lo) / (hi - lo), (hi - X) / (hi - lo)) + shift
//       P = N / N.sum(0); L = np.where(P > 0, P * np.log(np.where(P > 0, P, 1)), 0.0)
//       e = -L.sum(0) / np.log(X.shape[0]); d = 1 - e; w = d / d.sum()
//       return e, w, N @ w
//   ewm(X, pos, 1e-4)               # pooled
//   ewm(X, pos, 0.0)                # no shift (0 ln 0 = 0)
//   ewm(X[:5], pos, 1e-4); ewm(X[5:], pos, 1e-4)   # per year
#include <cmath>

#include <catch2/catch.hpp>

#include "measure/entropy_index.h"
#include "util/error.h"

using namespace tradedig;
using namespace tradedig::measure;

namespace {

// Rows 0-4: 2020, rows 5-9: 2021, row 10: firm F in 2021 with a missing indicator.
DataFrame panel() {
  DataFrame d;
  d.add_text_column("firm_id", {"A", "B", "C", "D", "E", "A", "B", "C", "D", "E", "F"});
  d.add_numeric_column("year", {2020, 2020, 2020, 2020, 2020, 2021, 2021, 2021, 2021, 2021, 2021});
  d.add_numeric_column("a", {3, 7, 1, 4, 10, 5, 6, 2, 8, 9, std::nan("")});
  d.add_numeric_column("b", {0.2, 0.5, 0.9, 0.1, 0.4, 0.3, 0.8, 0.6, 0.7, 0.25, 0.5});
  d.add_numeric_column("c", {12, 15, 9, 20, 11, 10, 14, 18, 8, 16, 13});
  return d;
}

EntropyOptions options() {
  EntropyOptions o;
  o.positive = {"a", "b"};
  o.negative = {"c"};
  o.id = "firm_id";
  o.year = "year";
  return o;
}

}  // namespace

TEST_CASE("pooled entropy weights and scores match a numpy computation", "[entropy_index]") {
  EntropyIndex ix = entropy_index(panel(), options());
  CHECK(ix.incomplete == 1);
  REQUIRE(ix.weights.size() == 3);
  CHECK(ix.weights[0].indicator == "a");
  CHECK_FALSE(ix.weights[2].positive);
  CHECK_FALSE(ix.weights[0].year.has_value());
  CHECK(ix.weights[0].entropy == Approx(0.890345490460244).epsilon(1e-12));
  CHECK(ix.weights[1].entropy == Approx(0.880553483389801).epsilon(1e-12));
  CHECK(ix.weights[2].entropy == Approx(0.909861913991807).epsilon(1e-12));
  CHECK(ix.weights[0].weight == Approx(0.343487077126798).epsilon(1e-12));
  CHECK(ix.weights[1].weight == Approx(0.374160032593458).epsilon(1e-12));
  CHECK(ix.weights[2].weight == Approx(0.282352890279745).epsilon(1e-12));
  REQUIRE(ix.scores.size() == 10);
  CHECK(ix.scores[0].unit == "A");
  CHECK(*ix.scores[0].year == 2020);
  CHECK(ix.scores[0].score == Approx(0.311435725844411).epsilon(1e-12));
  CHECK(ix.scores[3].score == Approx(0.114595692375599).epsilon(1e-12));
  CHECK(ix.scores[8].unit == "D");
  CHECK(*ix.scores[8].year == 2021);
  CHECK(ix.scores[8].score == Approx(0.830229530267903).epsilon(1e-12));
}

TEST_CASE("the shift constant is a parameter and zero shift treats 0 ln 0 as 0", "[entropy_index]") {
  EntropyOptions o = options();
  o.shift = 0;
  EntropyIndex ix = entropy_index(panel(), o);
  CHECK(ix.weights[0].weight == Approx(0.343485407253099).epsilon(1e-12));
  CHECK(ix.weights[2].weight == Approx(0.282355199372217).epsilon(1e-12));
  CHECK(ix.scores[4].score == Approx(0.695561579297768).epsilon(1e-12));
  o.shift = -1;
  CHECK_THROWS_AS(entropy_index(panel(), o), UserError);
}

TEST_CASE("per-year weights normalise and weigh each year separately", "[entropy_index]") {
  EntropyOptions o = options();
  o.per_year = true;
  EntropyIndex ix = entropy_index(panel(), o);
  REQUIRE(ix.weights.size() == 6);
  CHECK(*ix.weights[0].year == 2020);
  CHECK(ix.weights[0].weight == Approx(0.352035019920832).epsilon(1e-12));
  CHECK(ix.weights[1].weight == Approx(0.403825649116019).epsilon(1e-12));
  CHECK(*ix.weights[5].year == 2021);
  CHECK(ix.weights[3].weight == Approx(0.259018926258851).epsilon(1e-12));
  CHECK(ix.weights[5].weight == Approx(0.351945296492361).epsilon(1e-12));
  CHECK(ix.scores[2].score == Approx(0.648064980079168).epsilon(1e-12));
  CHECK(ix.scores[8].score == Approx(0.892363518567138).epsilon(1e-12));
}

TEST_CASE("the entropy index rejects constant indicators, duplicates and unknown columns", "[entropy_index]") {
  DataFrame d = panel();
  d.add_numeric_column("flat", std::vector<double>(11, 2.0));
  EntropyOptions o = options();
  o.positive.push_back("flat");
  CHECK_THROWS_AS(entropy_index(d, o), UserError);
  o = options();
  o.negative = {"nonesuch"};
  CHECK_THROWS_AS(entropy_index(d, o), UserError);
  o = options();
  o.year = "";
  CHECK_THROWS_AS(entropy_index(d, o), UserError);  // firms repeat without the year
  o.per_year = true;
  CHECK_THROWS_AS(entropy_index(d, o), UserError);  // per-year weights need a year
}
