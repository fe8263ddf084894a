// Frequency weights (Stata fweight): a row with weight w stands for w identical observations, so
// the fweighted fit on the compact data must equal the unweighted fit on the data expanded by the
// weights — estimates, N, iid/HC1/cluster SEs and R².
//
// Data: Grunfeld (plm), 200 firm-years, with the deterministic weight w = 1 + (firm + year) mod 3
// (values 1..3, 401 expanded observations). Reference numbers from R 4.2 + sandwich on the
// expanded data:
//   d <- read.csv("plm_Grunfeld.csv"); d$w <- 1 + (d$firm + d$year) %% 3
//   e <- d[rep(seq_len(nrow(d)), d$w), ]
//   m <- lm(inv ~ value + capital, data = e)
//   coef(m); sqrt(diag(vcov(m))); sqrt(diag(vcovHC(m, type = "HC1")))
//   sqrt(diag(vcovCL(m, cluster = ~firm, type = "HC1"))); summary(m)$adj.r.squared
//   m2 <- lm(inv ~ value + capital + factor(year), data = e)   # same three vcovs, slopes only
// Exact factors: iid RSS/(N-K), HC1 N/(N-K), cluster (N-1)/(N-K)·G/(G-1) with N = Σw = 401,
// K = 3 (m) or 22 (m2: 2 slopes + 20 year levels) and G = 10 firms.
#include <cmath>

#include <catch2/catch.hpp>

#include "measure/estimate.h"
#include "tests/test_support.h"
#include "util/error.h"

using namespace tradedig::measure;

namespace {

DataFrame grunfeld_with_weights() {
  DataFrame d = load_file(tradedig::testing::shared_path("data/reference/plm_Grunfeld.csv"));
  const auto& firm = d.find("firm")->values;
  const auto& year = d.find("year")->values;
  std::vector<double> w(firm.size());
  for (size_t i = 0; i < w.size(); ++i) w[i] = 1.0 + std::fmod(firm[i] + year[i], 3.0);
  d.add_numeric_column("w", std::move(w));
  return d;
}

// Every numeric column repeated row by row w times (R's d[rep(seq_len(nrow(d)), d$w), ]).
DataFrame expand(const DataFrame& d, const std::string& weight) {
  const auto& w = d.find(weight)->values;
  DataFrame e;
  for (const auto& c : d.columns()) {
    std::vector<double> v;
    for (size_t i = 0; i < w.size(); ++i) v.insert(v.end(), static_cast<size_t>(w[i]), c.values[i]);
    e.add_numeric_column(c.name, std::move(v));
  }
  return e;
}

FitResult fit(const std::string& formula, const DataFrame& d, VcovType vcov, std::vector<std::string> cluster,
              bool weighted) {
  FitOptions o;
  o.vcov = vcov;
  o.cluster = std::move(cluster);
  if (weighted) {
    o.weights = "w";
    o.weight_type = WeightType::kFrequency;
  }
  return feols(parse_formula(formula), d, o);
}

}  // namespace

TEST_CASE("Frequency weights give lm's estimates and iid, HC1 and cluster SEs on the expanded data",
          "[frequency_weights]") {
  DataFrame d = grunfeld_with_weights();
  const std::string f = "inv ~ value + capital";
  FitResult iid = fit(f, d, VcovType::kIid, {}, true);
  CHECK(iid.nobs == 401);
  CHECK(iid.coef[0] == Approx(-46.528897879683662).epsilon(1e-10));
  CHECK(iid.coef[1] == Approx(0.114261528902633).epsilon(1e-10));
  CHECK(iid.coef[2] == Approx(0.253979790690308).epsilon(1e-10));
  CHECK(iid.se[0] == Approx(6.69069232956017235).epsilon(1e-10));
  CHECK(iid.se[1] == Approx(0.00418142371615526).epsilon(1e-10));
  CHECK(iid.se[2] == Approx(0.01762264327769375).epsilon(1e-10));
  CHECK(iid.adj_r2 == Approx(0.819178641859337).epsilon(1e-10));
  CHECK(iid.df_resid == Approx(398));

  FitResult hc1 = fit(f, d, VcovType::kHetero, {}, true);
  CHECK(hc1.se[0] == Approx(7.88464075636797102).epsilon(1e-10));
  CHECK(hc1.se[1] == Approx(0.00464317547753736).epsilon(1e-10));
  CHECK(hc1.se[2] == Approx(0.03345511130709199).epsilon(1e-10));

  FitResult cl = fit(f, d, VcovType::kIid, {"firm"}, true);
  CHECK(cl.n_clusters == std::vector<int64_t>{10});
  CHECK(cl.se[0] == Approx(21.0872063855829879).epsilon(1e-10));
  CHECK(cl.se[1] == Approx(0.0165236283626192).epsilon(1e-10));
  CHECK(cl.se[2] == Approx(0.0851080130437636).epsilon(1e-10));

  // Analytic weights on the same column keep N = 200 rows: lm(..., weights = w) gives the iid SE
  // of value 0.00594336771895803 (R, same data), not the expanded data's.
  FitOptions aw;
  aw.weights = "w";
  FitResult a = feols(parse_formula(f), d, aw);
  CHECK(a.nobs == 200);
  CHECK(a.se[1] == Approx(0.00594336771895803).epsilon(1e-10));
}

TEST_CASE("Frequency weights with an absorbed fixed effect match lm with dummies on the expanded data",
          "[frequency_weights]") {
  DataFrame d = grunfeld_with_weights();
  const std::string f = "inv ~ value + capital | year";
  FitResult iid = fit(f, d, VcovType::kIid, {}, true);
  CHECK(iid.coef[0] == Approx(0.115554804862888).epsilon(1e-10));
  CHECK(iid.coef[1] == Approx(0.242253482293137).epsilon(1e-10));
  CHECK(iid.se[0] == Approx(0.00439404974667545).epsilon(1e-10));
  CHECK(iid.se[1] == Approx(0.02160279649803878).epsilon(1e-10));
  FitResult hc1 = fit(f, d, VcovType::kHetero, {}, true);
  CHECK(hc1.se[0] == Approx(0.00445472257025078).epsilon(1e-10));
  CHECK(hc1.se[1] == Approx(0.03641709453976735).epsilon(1e-10));
  FitResult cl = fit(f, d, VcovType::kIid, {"firm"}, true);
  CHECK(cl.se[0] == Approx(0.0182194375944939).epsilon(1e-10));
  CHECK(cl.se[1] == Approx(0.0992399931482666).epsilon(1e-10));
}

TEST_CASE("An fweighted fit equals the unweighted fit on the expanded data, FE nested in clusters included",
          "[frequency_weights]") {
  // The firm FE is nested in the firm clusters (reghdfe's nested adjustment); the comparison is
  // against tradedig's own unweighted fit, whose nested case is checked in reference_panel_test.
  DataFrame d = grunfeld_with_weights();
  DataFrame e = expand(d, "w");
  REQUIRE(e.rows() == 401);
  for (const char* f : {"inv ~ value + capital | firm", "inv ~ value + capital | firm + year"}) {
    FitResult compact = fit(f, d, VcovType::kIid, {"firm"}, true);
    FitResult expanded = fit(f, e, VcovType::kIid, {"firm"}, false);
    CHECK(compact.nobs == expanded.nobs);
    CHECK(compact.df_a == expanded.df_a);
    for (Eigen::Index j = 0; j < compact.coef.size(); ++j) {
      CHECK(compact.coef[j] == Approx(expanded.coef[j]).epsilon(1e-9));
      CHECK(compact.se[j] == Approx(expanded.se[j]).epsilon(1e-9));
    }
    CHECK(compact.within_r2 == Approx(expanded.within_r2).epsilon(1e-9));
    CHECK(compact.adj_r2 == Approx(expanded.adj_r2).epsilon(1e-9));
  }
}

TEST_CASE("A fixed-effect level with one row of frequency weight 2 is not a singleton", "[frequency_weights]") {
  // Level c has a single row; expanded by its weight 2 it has two observations, so reghdfe
  // [fw=w] keeps it while analytic weights drop it as a singleton.
  DataFrame d;
  d.add_text_column("g", {"a", "a", "b", "b", "c", "a"});
  d.add_text_column("x", {"1", "2", "3", "5", "4", "7"});
  d.add_text_column("y", {"1.5", "2.0", "2.5", "4.5", "3.0", "6.0"});
  d.add_text_column("w", {"1", "2", "1", "1", "2", "1"});
  FitOptions o;
  o.weights = "w";
  FitResult analytic = feols(parse_formula("y ~ x | g"), d, o);
  CHECK(analytic.n_singletons == 1);
  CHECK(analytic.nobs == 5);
  o.weight_type = WeightType::kFrequency;
  FitResult freq = feols(parse_formula("y ~ x | g"), d, o);
  CHECK(freq.n_singletons == 0);
  CHECK(freq.nobs == 8);
}

TEST_CASE("Frequency weights that are not whole numbers are rejected", "[frequency_weights]") {
  DataFrame d = grunfeld_with_weights();
  std::vector<double> w = d.find("w")->values;
  w[7] = 1.5;
  d.add_numeric_column("w", std::move(w));
  CHECK_THROWS_AS(fit("inv ~ value", d, VcovType::kIid, {}, true), tradedig::UserError);
  CHECK_THROWS_WITH(fit("inv ~ value", d, VcovType::kIid, {}, true), Catch::Contains("whole numbers"));
}
