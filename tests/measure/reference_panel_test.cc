// Reference checks on real panel data against the numbers in ../shared/design/REFERENCES.md §2.
// Each expected value names how it was produced (base R 4.2.2 + sandwich, "[computed]" in
// REFERENCES.md, or the published source it reproduces).
#include <cmath>

#include <catch2/catch.hpp>

#include "measure/estimate.h"
#include "tests/test_support.h"

using namespace tradedig::measure;
using tradedig::testing::shared_path;

namespace {

// Relative agreement to `digits` significant digits.
bool close(double got, double want, double rel = 1e-8) { return std::fabs(got - want) <= rel * std::fabs(want); }

size_t index_of(const FitResult& r, const std::string& name) {
  for (size_t j = 0; j < r.names.size(); ++j)
    if (r.names[j] == name) return j;
  FAIL("no coefficient " << name);
  return 0;
}

const DataFrame& grunfeld() {
  static DataFrame d = load_file(shared_path("data/reference/plm_Grunfeld.csv"));
  return d;
}

}  // namespace

TEST_CASE("Grunfeld firm FE matches plm/xtreg coefficients and iid SEs with df N-n-K = 188") {
  FitResult r = feols(parse_formula("inv ~ value + capital | firm"), grunfeld());
  REQUIRE(r.nobs == 200);
  const auto v = index_of(r, "value"), c = index_of(r, "capital");
  // REFERENCES.md §2.2 [computed]: base R lm with firm dummies.
  CHECK(close(r.coef[static_cast<Eigen::Index>(v)], 0.1101238041));
  CHECK(close(r.coef[static_cast<Eigen::Index>(c)], 0.3100653413));
  CHECK(close(r.se[static_cast<Eigen::Index>(v)], 0.01185669421));
  CHECK(close(r.se[static_cast<Eigen::Index>(c)], 0.01735450278));
  CHECK(r.df_resid == 188);
  // Computed for this test with base R 4.2.2 (Debian r-base-core): summary(lm(inv ~ value + capital
  // + factor(firm))) for R² and adjusted R²; within R² = 1 - RSS / RSS(lm(inv ~ factor(firm))).
  CHECK(close(r.r2, 0.9440725125));
  CHECK(close(r.adj_r2, 0.9408001595));
  CHECK(close(r.within_r2, 0.7667575837));
}

TEST_CASE("Grunfeld firm FE clustered by firm uses q = (N-1)/(N-3) * G/(G-1) like xtreg, reghdfe and fixest") {
  FitOptions o;
  o.cluster = {"firm"};
  FitResult r = feols(parse_formula("inv ~ value + capital | firm"), grunfeld(), o);
  // REFERENCES.md §2.2 [computed] with sandwich::vcovCL scaled by the stated factor.
  CHECK(close(r.se[0], 0.01519449394));
  CHECK(close(r.se[1], 0.05275177176));
  CHECK(r.df_resid == 9);  // t with G-1 df
  REQUIRE(r.fixed_effects.size() == 1);
  CHECK(r.fixed_effects[0].nested_in_cluster);
  CHECK(r.df_a == 0);
}

TEST_CASE("Grunfeld two-way FE (firm + year) matches the two-way coefficients and iid SEs") {
  FitResult r = feols(parse_formula("inv ~ value + capital | firm + year"), grunfeld());
  // REFERENCES.md §2.2 [computed]: lm with firm and year dummies.
  CHECK(close(r.coef[0], 0.1177158551));
  CHECK(close(r.coef[1], 0.3579162731));
  CHECK(close(r.se[0], 0.013751283, 1e-7));
  CHECK(close(r.se[1], 0.02271901088));
  CHECK(r.df_a == 10 + 20 - 1);
}

TEST_CASE("Three FE, one nested in another, run through CG and reproduce the two-way FE slopes") {
  DataFrame d = grunfeld();
  std::vector<double> decade;
  for (double y : d.find("year")->values) decade.push_back(std::floor(y / 10));
  d.add_numeric_column("decade", decade);
  FitResult r = feols(parse_formula("inv ~ value + capital | firm + year + decade"), d);
  CHECK(r.demean_method == "CG-accelerated symmetric Kaczmarz");
  CHECK(r.converged);
  CHECK(close(r.coef[0], 0.1177158551));  // decade is absorbed by year: same model as §2.2 two-way
  CHECK(close(r.coef[1], 0.3579162731));
}

TEST_CASE("Grunfeld two-way FE with explicit dummies through i(year) gives the same slopes") {
  FitResult a = feols(parse_formula("inv ~ value + capital + i(year) | firm"), grunfeld());
  CHECK(close(a.coef[0], 0.1177158551));
  CHECK(close(a.coef[1], 0.3579162731));
  CHECK(a.names.size() == 2 + 19);
  CHECK(a.names[2] == "year::1936");
}

TEST_CASE("Grunfeld firm FE with HC1 SEs equals the LSDV HC1 sandwich, N/(N-12)") {
  FitOptions o;
  o.vcov = VcovType::kHetero;
  FitResult r = feols(parse_formula("inv ~ value + capital | firm"), grunfeld(), o);
  // Computed for this test in base R 4.2.2: lm with factor(firm), B X'diag(e^2)X B · n/(n-k).
  CHECK(close(r.se[0], 0.01937803329));
  CHECK(close(r.se[1], 0.04279500562));
  CHECK(r.vcov_type == "HC1");
}

TEST_CASE("Analytic weights give weighted least squares with the lm() iid SEs") {
  DataFrame d = grunfeld();
  std::vector<double> w;
  for (double c : d.find("capital")->values) w.push_back(std::sqrt(c + 1));
  d.add_numeric_column("w", w);
  FitOptions o;
  o.weights = "w";
  FitResult r = feols(parse_formula("inv ~ value + capital | firm"), d, o);
  // Computed for this test in base R 4.2.2: lm(inv ~ value + capital + factor(firm), weights = sqrt(capital + 1)).
  CHECK(close(r.coef[0], 0.1361480627));
  CHECK(close(r.coef[1], 0.3276623925));
  CHECK(close(r.se[0], 0.01251933273));
  CHECK(close(r.se[1], 0.01756814747));
}

TEST_CASE("Fatalities two-way FE clustered by state matches Stock-Watson Table 10.1 col. 3") {
  DataFrame d = load_file(shared_path("data/reference/AER_Fatalities.csv"));
  std::vector<double> frate(static_cast<size_t>(d.rows()));
  const Column* fatal = d.find("fatal");
  const Column* pop = d.find("pop");
  for (size_t i = 0; i < frate.size(); ++i) frate[i] = fatal->values[i] / pop->values[i] * 1e4;
  d.add_numeric_column("frate", frate);
  FitOptions o;
  o.cluster = {"state"};
  FitResult r = feols(parse_formula("frate ~ beertax | state + year"), d, o);
  // REFERENCES.md §2.9 [computed]: (N-1)/(N-8)·48/47, published −0.64 (0.36).
  CHECK(close(r.coef[0], -0.6399799857));
  CHECK(close(r.se[0], 0.3570783455));
  FitResult iid = feols(parse_formula("I(fatal / pop * 10000) ~ beertax | state + year"), d);
  CHECK(close(iid.se[0], 0.197376786, 1e-7));
}

TEST_CASE("fixest trade gravity with four FE and two-way clustering matches the fixest vignette") {
  DataFrame d = load_file(shared_path("data/reference/fixest_trade.csv"));
  FitOptions o;
  o.cluster = {"Destination", "Origin"};
  o.drop_singletons = false;
  FitResult r = feols(parse_formula("log(Euros) ~ log(dist_km) | Origin + Destination + Product + Year"), d, o);
  // REFERENCES.md §2.1 [computed] = fixest vignette 0.171367 (K = 30, G_min = 15, t df 14).
  CHECK(close(r.coef[0], -2.169875976));
  CHECK(close(r.se[0], 0.1713674528, 1e-7));
  CHECK(r.df_resid == 14);
  CHECK(r.nobs == 38325);
  o.small_sample = false;
  FitResult raw = feols(parse_formula("log(Euros) ~ log(dist_km) | Origin + Destination + Product + Year"), d, o);
  CHECK(close(raw.se[0], 0.1654940374, 1e-7));  // fixest ssc(adj = FALSE, cluster.adj = FALSE)
}

TEST_CASE("Grunfeld firm-clustered SEs without adjustment equal plm's vcovHC arellano (HC0)") {
  FitOptions o;
  o.cluster = {"firm"};
  o.small_sample = false;
  FitResult r = feols(parse_formula("inv ~ value + capital | firm"), grunfeld(), o);
  CHECK(close(r.se[0], 0.01434214371));  // REFERENCES.md §2.2 [computed]
  CHECK(close(r.se[1], 0.04979260872));
}
