// Olley–Pakes and Levinsohn–Petrin on simulated production panels with known elasticities
// (measure/simulate_production.h): recovery of β_l and β_k, the bootstrap, lntfp and input errors.
#include <cmath>

#include <catch2/catch.hpp>

#include "measure/estimate.h"
#include "measure/production_tfp.h"
#include "measure/simulate_production.h"
#include "util/error.h"

using namespace tradedig::measure;

namespace {

ProductionVariables variables(const char* proxy) {
  ProductionVariables v;
  v.firm = "firm";
  v.year = "year";
  v.output = "y";
  v.labour = "l";
  v.capital = "k";
  v.proxy = proxy;
  return v;
}

double correlation(const std::vector<double>& a, const std::vector<double>& b) {
  double ma = 0, mb = 0, n = 0;
  for (size_t i = 0; i < a.size(); ++i)
    if (std::isfinite(a[i]) && std::isfinite(b[i])) ma += a[i], mb += b[i], n += 1;
  ma /= n;
  mb /= n;
  double sab = 0, saa = 0, sbb = 0;
  for (size_t i = 0; i < a.size(); ++i)
    if (std::isfinite(a[i]) && std::isfinite(b[i]))
      sab += (a[i] - ma) * (b[i] - mb), saa += (a[i] - ma) * (a[i] - ma), sbb += (b[i] - mb) * (b[i] - mb);
  return sab / std::sqrt(saa * sbb);
}

}  // namespace

TEST_CASE("The simulated panel has the endogeneity that OLS gets wrong", "[production_tfp]") {
  // Labour responds to ω, so OLS overstates β_l = 0.6: the test data can tell a right estimator
  // from a naive one.
  ProductionSimOptions so;
  DataFrame d = production_data_frame(simulate_production(so));
  CHECK(d.rows() == so.firms * so.years);
  FitResult ols = feols(parse_formula("y ~ l + k"), d);
  CHECK(ols.coef[1] > 0.6 * 1.10);
}

TEST_CASE("Olley–Pakes recovers β_l and β_k within 5 percent", "[production_tfp]") {
  // 3000 firms × 10 years: the sampling SD of β_k is about 0.005 (firm bootstrap, 60 reps), so 5% of 0.4 is
  // over three SDs.
  ProductionSimOptions so;
  so.firms = 3000;
  DataFrame d = production_data_frame(simulate_production(so));
  TfpOptions o;
  o.bootstrap_reps = 0;
  TfpResult r = estimate_tfp(d, variables("i"), o);
  CHECK(std::fabs(r.beta_l / so.beta_l - 1.0) < 0.05);
  CHECK(std::fabs(r.beta_k / so.beta_k - 1.0) < 0.05);
  CHECK(r.beta_m == 0.0);
  CHECK(r.first_stage_nobs == so.firms * so.years);
  CHECK(r.second_stage_nobs == so.firms * (so.years - 1));
  CHECK(r.firms == so.firms);
  CHECK(r.fit.estimator == "Olley–Pakes");
  // lntfp is the residual y − β_l·l − β_k·k row by row; omega tracks the true productivity.
  const auto& y = d.find("y")->values;
  const auto& l = d.find("l")->values;
  const auto& k = d.find("k")->values;
  CHECK(r.lntfp[17] == Approx(y[17] - r.beta_l * l[17] - r.beta_k * k[17]).epsilon(1e-12));
  CHECK(correlation(r.omega, d.find("omega")->values) > 0.95);
  CHECK(correlation(r.lntfp, d.find("omega")->values) > 0.9);
}

TEST_CASE("Levinsohn–Petrin with the materials proxy recovers β_l and β_k within 5 percent", "[production_tfp]") {
  ProductionSimOptions so;
  so.firms = 3000;
  so.seed = 99;
  DataFrame d = production_data_frame(simulate_production(so));
  TfpOptions o;
  o.method = TfpMethod::kLevinsohnPetrin;
  o.bootstrap_reps = 0;
  TfpResult r = estimate_tfp(d, variables("m"), o);
  CHECK(std::fabs(r.beta_l / so.beta_l - 1.0) < 0.05);
  CHECK(std::fabs(r.beta_k / so.beta_k - 1.0) < 0.05);
  CHECK(r.fit.estimator == "Levinsohn–Petrin");
}

TEST_CASE("Firm bootstrap SEs are reproducible and cover the true elasticities", "[production_tfp]") {
  ProductionSimOptions so;
  so.firms = 400;
  DataFrame d = production_data_frame(simulate_production(so));
  TfpOptions o;
  o.bootstrap_reps = 60;
  o.seed = 4;
  TfpResult r = estimate_tfp(d, variables("i"), o);
  TfpResult again = estimate_tfp(d, variables("i"), o);
  CHECK(r.fit.se[0] == again.fit.se[0]);
  CHECK(r.fit.se[1] == again.fit.se[1]);
  CHECK(r.bootstrap_failed == 0);
  for (Eigen::Index j = 0; j < 2; ++j) {
    CHECK(r.fit.se[j] > 0.001);
    CHECK(r.fit.se[j] < 0.05);
  }
  CHECK(r.fit.ci_low[0] < so.beta_l);
  CHECK(so.beta_l < r.fit.ci_high[0]);
  CHECK(r.fit.ci_low[1] < so.beta_k);
  CHECK(so.beta_k < r.fit.ci_high[1]);
  CHECK(r.fit.vcov_type == "firm bootstrap, 60 reps");
  std::string t = render_table({r.fit}, TableFormat::kText);
  CHECK(t.find("Second-stage obs") != std::string::npos);
}

TEST_CASE("Gross-output Levinsohn–Petrin reports β_m and warns that it may not be identified", "[production_tfp]") {
  // In this DGP materials depend on (k, ω) only, so β_k and β_m are not identified (header of
  // simulate_production.h); the first stage still recovers β_l, and the fit must say so.
  ProductionSimOptions so;
  so.beta_l = 0.3;
  so.beta_k = 0.2;
  so.beta_m = 0.4;
  DataFrame d = production_data_frame(simulate_production(so));
  TfpOptions o;
  o.method = TfpMethod::kLevinsohnPetrin;
  o.gross_output = true;
  o.bootstrap_reps = 0;
  TfpResult r = estimate_tfp(d, variables("m"), o);
  CHECK(std::fabs(r.beta_l / so.beta_l - 1.0) < 0.05);
  REQUIRE(r.fit.names.size() == 3);
  CHECK(r.fit.names[2] == "m");
  CHECK(r.fit.coef[2] == r.beta_m);
  bool warned = false;
  for (const auto& m : r.fit.messages) warned = warned || m.find("Gandhi") != std::string::npos;
  CHECK(warned);
}

TEST_CASE("TFP estimation rejects duplicate firm-years, gross output with OP and unknown variables",
          "[production_tfp]") {
  ProductionSimOptions so;
  so.firms = 50;
  ProductionPanel p = simulate_production(so);
  DataFrame d = production_data_frame(p);
  TfpOptions o;
  o.bootstrap_reps = 0;
  CHECK_THROWS_AS(estimate_tfp(d, variables("nope"), o), tradedig::UserError);
  o.gross_output = true;
  CHECK_THROWS_AS(estimate_tfp(d, variables("i"), o), tradedig::UserError);
  o.gross_output = false;
  o.degree = 9;
  CHECK_THROWS_AS(estimate_tfp(d, variables("i"), o), tradedig::UserError);
  o.degree = 3;
  p.year[1] = p.year[0];
  CHECK_THROWS_AS(estimate_tfp(production_data_frame(p), variables("i"), o), tradedig::UserError);
}
