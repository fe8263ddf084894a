// Singleton removal and collinearity on constructed data with answers known by hand.
#include <catch2/catch.hpp>

#include "measure/estimate.h"

using namespace tradedig::measure;

namespace {

// Firms a,a,b,b,c and years 1,2,1,2,3: firm c is a singleton; once dropped, year 3 is empty too.
// A second round appears with firm d observed in year 4 only with a year-4 row for firm e once:
// rows (d,4) (e,4) (e,5): year 5 singleton → drop (e,5) → e singleton → drop (e,4) → d singleton.
DataFrame cascade() {
  DataFrame d;
  d.add_text_column("firm", {"a", "a", "b", "b", "c", "d", "e", "e"});
  d.add_numeric_column("year", {1, 2, 1, 2, 3, 4, 4, 5});
  d.add_numeric_column("y", {1.0, 2.5, 0.5, 3.0, 7.0, 3.0, 1.0, 9.0});
  d.add_numeric_column("x", {0.3, 1.1, -0.4, 0.9, 2.0, 1.0, 0.2, 5.0});
  return d;
}

}  // namespace

TEST_CASE("Singletons are dropped iteratively until none remain, and the count is reported") {
  FitResult r = feols(parse_formula("y ~ x | firm + year"), cascade());
  CHECK(r.n_singletons == 4);  // c, then (e,5) → (e,4) → (d,4)
  CHECK(r.nobs == 4);
}

TEST_CASE("With singletons kept, N counts them and the slope is unchanged") {
  FitOptions keep;
  keep.drop_singletons = false;
  FitResult all = feols(parse_formula("y ~ x | firm + year"), cascade(), keep);
  FitResult dropped = feols(parse_formula("y ~ x | firm + year"), cascade());
  CHECK(all.n_singletons == 0);
  CHECK(all.nobs == 8);
  CHECK(all.coef[0] == Approx(dropped.coef[0]).epsilon(1e-10));
  // On the 2x2 block the two-way within slope is the difference-in-differences ratio.
  const double dy = (2.5 - 1.0) - (3.0 - 0.5), dx = (1.1 - 0.3) - (0.9 - (-0.4));
  CHECK(dropped.coef[0] == Approx(dy / dx).epsilon(1e-10));
}

TEST_CASE("A regressor that is a linear combination of others is dropped with a message") {
  DataFrame d;
  d.add_numeric_column("y", {1, 3, 2, 5, 4, 6});
  d.add_numeric_column("x1", {1, 2, 3, 4, 5, 7});
  d.add_numeric_column("x2", {0, 1, 0, 1, 1, 0});
  d.add_numeric_column("x3", {2, 5, 6, 9, 11, 14});  // = 2*x1 + x2
  FitResult r = feols(parse_formula("y ~ x1 + x2 + x3"), d);
  CHECK(r.names == std::vector<std::string>{"(Intercept)", "x1", "x2"});
  CHECK(r.dropped_collinear == std::vector<std::string>{"x3"});
  REQUIRE_FALSE(r.messages.empty());
  CHECK(r.messages.back().find("x3 omitted because of collinearity") != std::string::npos);
}

TEST_CASE("A regressor constant within the fixed effect is dropped as collinear with it") {
  DataFrame d;
  d.add_text_column("firm", {"a", "a", "b", "b", "c", "c"});
  d.add_numeric_column("size", {3, 3, 5, 5, 1, 1});
  d.add_numeric_column("x", {0.1, 0.7, 0.2, 0.9, 0.4, 0.3});
  d.add_numeric_column("y", {1, 2, 2, 4, 1, 0.5});
  FitResult r = feols(parse_formula("y ~ size + x | firm"), d);
  CHECK(r.names == std::vector<std::string>{"x"});
  CHECK(r.messages.back().find("with the fixed effects") != std::string::npos);
}

TEST_CASE("Without fixed effects OLS has an intercept and matches the closed form") {
  DataFrame d;
  d.add_numeric_column("y", {1, 2, 2, 4});
  d.add_numeric_column("x", {0, 1, 2, 3});
  FitResult r = feols(parse_formula("y ~ x"), d);
  // slope = cov/var = (sum (x-1.5)(y-2.25)) / sum (x-1.5)^2 = 4.5 / 5 = 0.9, intercept 2.25 - 1.35
  CHECK(r.coef[1] == Approx(0.9));
  CHECK(r.coef[0] == Approx(0.9));
  CHECK(r.df_resid == 2);
}

TEST_CASE("Two fixed effects with two disconnected mobility groups count two redundant coefficients") {
  // Firms a,b only meet years 1,2; firms c,d only years 3,4: two connected components.
  DataFrame d;
  d.add_text_column("firm", {"a", "a", "b", "b", "c", "c", "d", "d"});
  d.add_numeric_column("year", {1, 2, 1, 2, 3, 4, 3, 4});
  d.add_numeric_column("x", {0.1, 0.5, 0.3, 0.2, 0.8, 0.1, 0.4, 0.6});
  d.add_numeric_column("y", {1, 2, 0.5, 0.7, 3, 1, 2, 2.5});
  FitResult r = feols(parse_formula("y ~ x | firm + year"), d);
  REQUIRE(r.fixed_effects.size() == 2);
  CHECK(r.fixed_effects[1].redundant == 2);
  CHECK(r.df_a == 4 + 4 - 2);
  CHECK(r.df_resid == 8 - 6 - 1);
}
