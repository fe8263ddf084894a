// 2SLS with absorbed fixed effects and the ivreg2 identification diagnostics, against AER::ivreg,
// sandwich and the numbers of REFERENCES.md §2.4 on the Stock–Watson cigarette data and Fatalities.
// R code (R 4.2.2, AER 1.2-10, sandwich) is quoted next to each number.
#include "measure/iv.h"

#include <catch2/catch.hpp>
#include <cmath>

#include "tests/test_support.h"
#include "util/error.h"

using namespace tradedig::measure;
using tradedig::testing::shared_path;

namespace {

bool close(double got, double want, double rel = 1e-8) { return std::fabs(got - want) <= rel * std::fabs(want); }

double coef_of(const FitResult& r, const std::string& name, bool se = false) {
  for (size_t j = 0; j < r.names.size(); ++j)
    if (r.names[j] == name) return se ? r.se[static_cast<Eigen::Index>(j)] : r.coef[static_cast<Eigen::Index>(j)];
  FAIL("no coefficient " << name);
  return 0;
}

std::string stat_of(const FitResult& r, const std::string& label) {
  for (const auto& [l, v] : r.extra_stats)
    if (l == label) return v;
  return "";
}

// AER's CigarettesSW with the Stock–Watson deflated variables; `year` = 0 keeps both years.
// R: d$rprice <- d$price/d$cpi; d$rincome <- d$income/d$population/d$cpi; d$tdiff <- (d$taxs-d$tax)/d$cpi
DataFrame cigarettes(double year) {
  DataFrame all = load_file(shared_path("data/reference/AER_CigarettesSW.csv"));
  const Column& yr = *all.find("year");
  std::vector<size_t> rows;
  for (size_t i = 0; i < yr.values.size(); ++i)
    if (year == 0 || yr.values[i] == year) rows.push_back(i);
  DataFrame d;
  for (const auto& c : all.columns()) {
    if (c.numeric) {
      std::vector<double> v;
      for (auto i : rows) v.push_back(c.values[i]);
      d.add_numeric_column(c.name, std::move(v));
    } else {
      std::vector<std::string> v;
      for (auto i : rows) v.push_back(c.levels[static_cast<size_t>(c.codes[i])]);
      d.add_text_column(c.name, v);
    }
  }
  auto col = [&](const char* n) { return d.find(n)->values; };
  std::vector<double> rprice, rincome, tdiff;
  for (size_t i = 0; i < rows.size(); ++i) {
    rprice.push_back(col("price")[i] / col("cpi")[i]);
    rincome.push_back(col("income")[i] / col("population")[i] / col("cpi")[i]);
    tdiff.push_back((col("taxs")[i] - col("tax")[i]) / col("cpi")[i]);
  }
  d.add_numeric_column("rprice", rprice);
  d.add_numeric_column("rincome", rincome);
  d.add_numeric_column("tdiff", tdiff);
  return d;
}

const char* kDemand = "log(packs) ~ log(rincome) | log(rprice) ~ tdiff + I(tax/cpi)";

}  // namespace

TEST_CASE("Cigarette demand 1995 by 2SLS matches AER::ivreg coefficients and iid SEs with SSR/(n-k)", "[iv]") {
  // R: m <- ivreg(log(packs) ~ log(rprice) + log(rincome) | log(rincome) + tdiff + I(tax/cpi), data = d95)
  //    coef(m); sqrt(diag(vcov(m)))   (REFERENCES.md §2.4 gives the first 10/6 digits)
  IvResult iv = feiv(parse_formula(kDemand), cigarettes(1995));
  const FitResult& r = iv.second_stage;
  REQUIRE(r.nobs == 48);
  CHECK(r.estimator == "2SLS");
  CHECK(r.names == std::vector<std::string>{"(Intercept)", "log(rprice)", "log(rincome)"});
  CHECK(close(coef_of(r, "(Intercept)"), 9.89495554115524));
  CHECK(close(coef_of(r, "log(rprice)"), -1.27742413342728));
  CHECK(close(coef_of(r, "log(rincome)"), 0.28040482508342));
  CHECK(close(coef_of(r, "(Intercept)", true), 1.058559947630009));
  CHECK(close(coef_of(r, "log(rprice)", true), 0.263198590279749));
  CHECK(close(coef_of(r, "log(rincome)", true), 0.238565436908244));
  CHECK(r.df_resid == 45);

  // First-stage F = Cragg–Donald F (one endogenous regressor, iid). REFERENCES.md: 244.7337536.
  // R: fs <- lm(log(rprice) ~ log(rincome) + tdiff + I(tax/cpi), d95); anova(lm(log(rprice) ~ log(rincome), d95),
  // fs)$F[2]
  const auto& dg = iv.diagnostics;
  REQUIRE(dg.first_stage_f.size() == 1);
  CHECK(close(dg.first_stage_f[0], 244.733753555918));
  CHECK(close(dg.cragg_donald_f, 244.733753555918));
  CHECK(close(dg.kp_wald_f, 244.733753555918));
  // Anderson canonical-correlation LM = N · partial R² of the instruments.
  // R: 48 * (1 - deviance(fs) / deviance(lm(log(rprice) ~ log(rincome), d95)))
  CHECK(close(dg.kp_lm, 44.0409959897384));
  CHECK(dg.kp_lm_df == 2);
  CHECK(stat_of(r, "First-stage F") == "244.734");
  CHECK(stat_of(r, "Cragg-Donald F") == "244.734");

  REQUIRE(iv.first_stages.size() == 1);
  const FitResult& fs = iv.first_stages[0];
  CHECK(fs.names == std::vector<std::string>{"(Intercept)", "tdiff", "I(tax/cpi)", "log(rincome)"});
  CHECK(fs.nobs == 48);
  CHECK(stat_of(fs, "F (excluded instruments)") == "244.734");
}

TEST_CASE("Cigarette demand 1995 with HC1 SEs matches sandwich and the KP rk statistics", "[iv]") {
  FitOptions o;
  o.vcov = VcovType::kHetero;
  IvResult iv = feiv(parse_formula(kDemand), cigarettes(1995), o);
  const FitResult& r = iv.second_stage;
  // R: sqrt(diag(sandwich::vcovHC(m, type = "HC1")))   (REFERENCES.md: 0.95922, 0.24961, 0.25389)
  CHECK(r.vcov_type == "HC1");
  CHECK(close(coef_of(r, "(Intercept)", true), 0.959216942870531));
  CHECK(close(coef_of(r, "log(rprice)", true), 0.249610000397936));
  CHECK(close(coef_of(r, "log(rincome)", true), 0.253889653418557));
  const auto& dg = iv.diagnostics;
  // KP rk Wald F = HC0 Wald χ² 457.4755 / 48 · (48 − 4) / 2 = HC1 first-stage F (REFERENCES.md: 209.6762694).
  // R: b <- coef(fs)[3:4]; t(b) %*% solve(vcovHC(fs, type = "HC1")[3:4, 3:4]) %*% b / 2
  CHECK(close(dg.kp_wald_f, 209.67626939659));
  CHECK(close(dg.first_stage_f[0], 209.67626939659));
  // Cragg–Donald F does not depend on the VCOV type.
  CHECK(close(dg.cragg_donald_f, 244.733753555918));
  // KP rk LM, robust (ranktest LM: J = N g'S⁻¹g, g = Z̃'ỹ/N, S = Σ z̃ z̃' ỹ²/N, tildes = net of
  // log(rincome) and the intercept). REFERENCES.md gives 18.48874 as an unverified reconstruction;
  // the same definition coded in R:
  // R: yt <- resid(lm(log(rprice) ~ log(rincome), d95)); Zt <- cbind(resid(lm(tdiff ~ log(rincome), d95)),
  //    resid(lm(I(tax/cpi) ~ log(rincome), d95))); g <- t(Zt) %*% yt / 48; S <- t(Zt * yt) %*% (Zt * yt) / 48
  //    48 * t(g) %*% solve(S) %*% g
  CHECK(close(dg.kp_lm, 18.4887414308278));
  CHECK(dg.kp_lm_df == 2);
  // R: pchisq(18.4887414308278, 2, lower.tail = FALSE)
  CHECK(close(dg.kp_lm_p, 9.66542175980224e-05, 1e-6));
}

TEST_CASE("With tdiff as the only instrument the model is just identified and matches Stock-Watson (12.15)", "[iv]") {
  FitOptions o;
  o.vcov = VcovType::kHetero;
  IvResult iv = feiv(parse_formula("log(packs) ~ log(rincome) | log(rprice) ~ tdiff"), cigarettes(1995), o);
  const FitResult& r = iv.second_stage;
  // R: m1 <- ivreg(log(packs) ~ log(rprice) + log(rincome) | log(rincome) + tdiff, data = d95)
  //    coef(m1); sqrt(diag(vcovHC(m1, type = "HC1")))  (REFERENCES.md: (9.4307, −1.1434, 0.2145), (1.2594, 0.3723,
  //    0.3117))
  CHECK(close(coef_of(r, "(Intercept)"), 9.430658282520055));
  CHECK(close(coef_of(r, "log(rprice)"), -1.143375122204656));
  CHECK(close(coef_of(r, "log(rincome)"), 0.214515284892695));
  CHECK(close(coef_of(r, "(Intercept)", true), 1.259392552868889));
  CHECK(close(coef_of(r, "log(rprice)", true), 0.372302687882476));
  CHECK(close(coef_of(r, "log(rincome)", true), 0.311746922348667));
  const auto& dg = iv.diagnostics;
  // R: fs1 <- lm(log(rprice) ~ log(rincome) + tdiff, d95); coef(fs1)[3]^2 / vcovHC(fs1, type = "HC1")[3, 3]
  CHECK(close(dg.first_stage_f[0], 44.7305260975134));
  CHECK(close(dg.kp_wald_f, 44.7305260975134));
  // R: summary(fs1)$coef["tdiff", 3]^2   (REFERENCES.md: first-stage F 45.158)
  CHECK(close(dg.cragg_donald_f, 45.1577686046272));
  // R: as above with Zt1 <- Zt[, 1, drop = FALSE]: 48 * t(g1) %*% solve(S1) %*% g1
  CHECK(close(dg.kp_lm, 14.9850367233141));
  CHECK(dg.kp_lm_df == 1);

  iv = feiv(parse_formula("log(packs) ~ log(rincome) | log(rprice) ~ tdiff"), cigarettes(1995));
  // R: summary(m1) standard errors (iid, SSR/(n − k)).
  CHECK(close(coef_of(iv.second_stage, "log(rprice)", true), 0.359486068124116));
  CHECK(close(iv.diagnostics.first_stage_f[0], 45.1577686046272));
}

TEST_CASE("Cigarette panel 1985/1995 with state FE, a year dummy and state clusters matches ivreg with dummies",
          "[iv]") {
  // Small-sample factor: ours (reghdfe, = ivreghdfe here) q = (N−1)/(N−1−K)·G/(G−1) with N = 96,
  // K = 3 second-stage regressors, G = 48; the state FE is nested in the clusters (df_a = 0, one
  // DoF for the constant). In R: vcovCL(type = "HC0", cadjust = TRUE) supplies G/(G−1) and the
  // rest is multiplied in by hand:
  // R: m <- ivreg(log(packs) ~ log(rprice) + log(rincome) + factor(year) + factor(state) |
  //                 log(rincome) + tdiff + I(tax/cpi) + factor(year) + factor(state), data = d)
  //    V <- vcovCL(m, cluster = ~state, type = "HC0", cadjust = TRUE) * 95 / 92
  FitOptions o;
  o.cluster = {"state"};
  IvResult iv = feiv(parse_formula("log(packs) ~ log(rincome) + i(year) | state | log(rprice) ~ tdiff + I(tax/cpi)"),
                     cigarettes(0), o);
  const FitResult& r = iv.second_stage;
  REQUIRE(r.nobs == 96);
  CHECK(r.names == std::vector<std::string>{"log(rprice)", "log(rincome)", "year::1995"});
  CHECK(r.df_a == 0);
  CHECK(r.df_resid == 47);
  CHECK(close(coef_of(r, "log(rprice)"), -1.20240337295523));
  CHECK(close(coef_of(r, "log(rincome)"), 0.462030108330807));
  CHECK(close(coef_of(r, "year::1995"), -0.0520034209685499));
  CHECK(close(coef_of(r, "log(rprice)", true), 0.195824262320124));
  CHECK(close(coef_of(r, "log(rincome)", true), 0.307582856686937));
  CHECK(close(coef_of(r, "year::1995", true), 0.0621325668782551));

  const auto& dg = iv.diagnostics;
  // First-stage F with the cluster VCOV, q = (N−1)/(N−1−L)·G/(G−1), L = 4:
  // R: f1 <- lm(log(rprice) ~ tdiff + I(tax/cpi) + log(rincome) + factor(year) + factor(state), d)
  //    V1 <- vcovCL(f1, cluster = ~state, type = "HC0", cadjust = TRUE) * 95 / 91; b <- coef(f1)[2:3]
  //    t(b) %*% solve(V1[2:3, 2:3]) %*% b / 2
  CHECK(close(dg.first_stage_f[0], 90.6725850279117));
  // With one endogenous regressor the KP rk Wald F is the same number (ivreg2's cluster scaling
  // χ²/(N−1)·(N−L−1)·(G−1)/G/l2); computed in R from the partialled variables (ỹ, Z̃ = residuals on
  // log(rincome) + factor(year) + factor(state)): w <- N g'S(v̂)⁻¹g with S(v) = Σ_g (Z̃_g'v_g)(·)'/N,
  // then w / 95 * 91 * 47 / 48 / 2
  CHECK(close(dg.kp_wald_f, 90.6725850279116));
  // KP rk LM, clustered: 96 g'S(ỹ)⁻¹g (no further scaling for clusters, as ivreg2).
  CHECK(close(dg.kp_lm, 9.62154255306841));
  // CD F: λ/(1−λ)·91/2, λ = squared canonical correlation of ỹ and Z̃.
  CHECK(close(dg.cragg_donald_f, 156.463296587975));
}

TEST_CASE("Two endogenous regressors with two-way FE and state clusters match ivreg with dummies", "[iv]") {
  // Fatalities (48 states × 7 years): fatality rate on unemployment and log income, instrumented by
  // employment/population, young drivers and miles per driver, beer tax exogenous, state + year FE.
  // Our q = (N−1)/(N−1−K−df_a)·G/(G−1), N = 336, K = 3, df_a = 6 (state nested in the clusters,
  // year FE 7 − 1), the reghdfe convention (ivreghdfe would use N−K−6 here, see measure/iv.h).
  // R: d$frate <- d$fatal / d$pop * 10000
  //    m <- ivreg(frate ~ unemp + log(income) + beertax + factor(state) + factor(year) |
  //                 emppop + youngdrivers + miles + beertax + factor(state) + factor(year), data = d)
  //    V <- vcovCL(m, cluster = ~state, type = "HC0", cadjust = TRUE) * 335 / 326
  DataFrame d = load_file(shared_path("data/reference/AER_Fatalities.csv"));
  std::vector<double> frate;
  for (size_t i = 0; i < static_cast<size_t>(d.rows()); ++i)
    frate.push_back(d.find("fatal")->values[i] / d.find("pop")->values[i] * 10000);
  d.add_numeric_column("frate", frate);
  FitOptions o;
  o.cluster = {"state"};
  IvResult iv =
      feiv(parse_formula("frate ~ beertax | state + year | unemp + log(income) ~ emppop + youngdrivers + miles"), d, o);
  const FitResult& r = iv.second_stage;
  REQUIRE(r.nobs == 336);
  CHECK(r.df_a == 6);
  CHECK(close(coef_of(r, "unemp"), -0.0808229700735699));
  CHECK(close(coef_of(r, "log(income)"), 1.295084308978));
  CHECK(close(coef_of(r, "beertax"), -0.473780865536606));
  CHECK(close(coef_of(r, "unemp", true), 0.0614195912607788));
  CHECK(close(coef_of(r, "log(income)", true), 2.01239451175649));
  CHECK(close(coef_of(r, "beertax", true), 0.31448981190461));

  const auto& dg = iv.diagnostics;
  REQUIRE(dg.endogenous == std::vector<std::string>{"unemp", "log(income)"});
  // R: f1 <- lm(unemp ~ emppop + youngdrivers + miles + beertax + factor(state) + factor(year), d)
  //    V1 <- vcovCL(f1, cluster = ~state, type = "HC0", cadjust = TRUE) * 335 / 325; b <- coef(f1)[2:4]
  //    t(b) %*% solve(V1[2:4, 2:4]) %*% b / 3   (and the same for log(income))
  CHECK(close(dg.first_stage_f[0], 44.761042824934));
  CHECK(close(dg.first_stage_f[1], 16.0390151472594));
  // CD F with d = N − L − df_a − 1 = 325: smallest eigenvalue λ of (Ỹ'Ỹ)⁻¹Ỹ'P_Z̃Ỹ, λ/(1−λ)·325/3.
  CHECK(close(dg.cragg_donald_f, 2.59330872852995));
  // KP rk LM and Wald F for k2 = 2: not available from a reference tool here (no Stata); these are
  // the Kleibergen–Paap SVD formulas as ranktest 2.0.04 codes them (m_svd), re-coded independently
  // in R (/tmp/iv_ref4.R of this change: Θ = Lz'Π Ly⁻ᵀ, Var = (Ly⁻¹⊗Lz⁻¹)S(·)', A, B from svd(Θ)).
  CHECK(close(dg.kp_lm, 3.80542642543061, 1e-7));
  CHECK(dg.kp_lm_df == 2);
  CHECK(close(dg.kp_lm_p, 0.149163357772022, 1e-7));
  CHECK(close(dg.kp_wald_f, 1.57933713639864, 1e-7));
  CHECK(iv.first_stages.size() == 2);
}

TEST_CASE("Analytic weights give weighted 2SLS with AER::ivreg(weights =) SEs and the weighted first-stage F", "[iv]") {
  // R: m <- ivreg(log(packs) ~ log(price/cpi) + log(income/population/cpi) | log(income/population/cpi) +
  //                 I((taxs-tax)/cpi) + I(tax/cpi), data = d95, weights = population); coef(m); sqrt(diag(vcov(m)))
  //    anova(lm(log(price/cpi) ~ log(income/population/cpi), d95, weights = population),
  //          lm(log(price/cpi) ~ log(income/population/cpi) + I((taxs-tax)/cpi) + I(tax/cpi), d95, weights =
  //          population))$F[2]
  FitOptions o;
  o.weights = "population";
  IvResult iv = feiv(parse_formula(kDemand), cigarettes(1995), o);
  const FitResult& r = iv.second_stage;
  CHECK(close(coef_of(r, "(Intercept)"), 10.7246996436182));
  CHECK(close(coef_of(r, "log(rprice)"), -1.2819320738195));
  CHECK(close(coef_of(r, "log(rincome)"), -0.0334727635718, 1e-7));
  CHECK(close(coef_of(r, "(Intercept)", true), 0.915519927509));
  CHECK(close(coef_of(r, "log(rprice)", true), 0.238050763425));
  CHECK(close(coef_of(r, "log(rincome)", true), 0.256700865226));
  CHECK(close(iv.diagnostics.first_stage_f[0], 184.357604579));
  CHECK(close(iv.diagnostics.cragg_donald_f, 184.357604579));
}

TEST_CASE("IV formulas that cannot be estimated are UserErrors that say why", "[iv]") {
  DataFrame d = cigarettes(1995);
  CHECK_THROWS_WITH(feiv(parse_formula("log(packs) ~ log(rincome)"), d), Catch::Contains("no IV part"));
  CHECK_THROWS_WITH(feiv(parse_formula("log(packs) ~ log(rincome) | log(rprice) + tdiff ~ I(tax/cpi)"), d),
                    Catch::Contains("underidentified"));
  // An instrument that is an exogenous regressor is no excluded instrument.
  CHECK_THROWS_WITH(feiv(parse_formula("log(packs) ~ log(rincome) | log(rprice) ~ log(rincome)"), d),
                    Catch::Contains("underidentified"));
  CHECK_THROWS_WITH(feiv(parse_formula("log(packs) ~ log(rincome) | log(rprice) ~ nosuch"), d),
                    Catch::Contains("nosuch is not in the data"));
  CHECK_THROWS_WITH(feols(parse_formula(kDemand), d), Catch::Contains("feiv()"));
}
