// Random effects (Swamy–Arora) and the FE-vs-RE Hausman test on plm's Grunfeld data.
// Balanced numbers: REFERENCES.md §2.3 (plm 2.6-2; H equals the plm test transcript
// test_phtest_Hausman_regression.Rout.save: chisq = 2.3303669, df = 2, p-value = 0.3118654).
// Unbalanced numbers: computed here with R 4.2.2 + plm 2.6-2:
//   library(plm); g <- read.csv("plm_Grunfeld.csv")
//   u <- g[-seq(7, 200, by = 7), ]; u <- u[!(u$firm == 10 & u$year > 1949), ]      # N = 168
//   p <- pdata.frame(u, index = c("firm", "year"))
//   fe <- plm(inv ~ value + capital, p, model = "within"); re <- plm(inv ~ value + capital, p, model = "random")
//   cat(sprintf("%.10g ", c(coef(re), sqrt(diag(vcov(re))), re$ercomp$sigma2, range(re$ercomp$theta))))
//   h <- phtest(fe, re); cat(sprintf("%.10g %.10g", h$statistic, h$p.value))
#include <cmath>

#include <catch2/catch.hpp>

#include "measure/hausman.h"
#include "tests/test_support.h"
#include "util/error.h"

using namespace tradedig;
using namespace tradedig::measure;

namespace {

DataFrame grunfeld() { return load_file(testing::shared_path("data/reference/plm_Grunfeld.csv")); }

// Grunfeld without R's rows 7, 14, ..., 196 and without firm 10 after 1949 (inv set missing).
DataFrame unbalanced_grunfeld() {
  DataFrame g = grunfeld(), u;
  const auto& firm = g.find("firm")->values;
  const auto& year = g.find("year")->values;
  for (const auto& c : g.columns()) {
    std::vector<double> v = c.values;
    if (c.name == "inv")
      for (size_t i = 0; i < v.size(); ++i)
        if ((i + 1) % 7 == 0 || (firm[i] == 10 && year[i] > 1949)) v[i] = std::nan("");
    u.add_numeric_column(c.name, v);
  }
  return u;
}

const Formula kInv = parse_formula("inv ~ value + capital");

}  // namespace

TEST_CASE("random effects on the balanced Grunfeld panel match plm's Swamy-Arora estimates", "[hausman]") {
  RandomEffectsFit re = random_effects(kInv, grunfeld(), {"firm", "year"});
  CHECK(re.balanced);
  CHECK(re.units == 10);
  CHECK(re.theta_min == Approx(0.8612236207).epsilon(1e-9));
  CHECK(re.theta_max == Approx(0.8612236207).epsilon(1e-9));
  REQUIRE(re.fit.names == std::vector<std::string>{"(Intercept)", "value", "capital"});
  CHECK(re.fit.coef[0] == Approx(-57.83441491).epsilon(1e-9));
  CHECK(re.fit.coef[1] == Approx(0.1097811522).epsilon(1e-9));
  CHECK(re.fit.coef[2] == Approx(0.3081129828).epsilon(1e-9));
  CHECK(re.fit.se[0] == Approx(28.89893526).epsilon(1e-9));
  CHECK(re.fit.se[1] == Approx(0.01049266355).epsilon(1e-9));
  CHECK(re.fit.se[2] == Approx(0.01718046909).epsilon(1e-9));
  CHECK(re.fit.df_resid == 197);
  CHECK(re.fit.estimator == "RE (Swamy-Arora)");
  CHECK(std::isnan(re.fit.adj_r2));
}

TEST_CASE("the Hausman test of FE against RE on Grunfeld reproduces plm's phtest", "[hausman]") {
  FeReComparison c = compare_fe_re(kInv, grunfeld(), {"firm", "year"});
  // FE side: REFERENCES.md §2.2 (iid SE with N - n - K = 188 df).
  REQUIRE(c.fe.names == std::vector<std::string>{"value", "capital"});
  CHECK(c.fe.coef[0] == Approx(0.1101238041).epsilon(1e-9));
  CHECK(c.fe.se[0] == Approx(0.01185669421).epsilon(1e-9));
  CHECK(c.fe.se[1] == Approx(0.01735450278).epsilon(1e-9));
  CHECK(c.test.names == std::vector<std::string>{"value", "capital"});
  CHECK(c.test.statistic == Approx(2.330366894).epsilon(1e-9));
  CHECK(c.test.df == 2);
  CHECK(c.test.p == Approx(0.3118654).epsilon(1e-6));
}

TEST_CASE("random effects and the Hausman test on an unbalanced panel match plm", "[hausman]") {
  FeReComparison c = compare_fe_re(kInv, unbalanced_grunfeld(), {"firm", "year"});
  const RandomEffectsFit& re = c.re;
  CHECK_FALSE(re.balanced);
  CHECK(re.fit.nobs == 168);
  CHECK(re.sigma2_idios == Approx(3200.384404).epsilon(1e-9));
  CHECK(re.sigma2_id == Approx(7247.357435).epsilon(1e-9));
  CHECK(re.theta_min == Approx(0.8187467273).epsilon(1e-9));
  CHECK(re.theta_max == Approx(0.8452566437).epsilon(1e-9));
  CHECK(re.fit.coef[0] == Approx(-54.40733843).epsilon(1e-9));
  CHECK(re.fit.coef[1] == Approx(0.1047011126).epsilon(1e-9));
  CHECK(re.fit.coef[2] == Approx(0.3168245352).epsilon(1e-9));
  CHECK(re.fit.se[0] == Approx(29.68276281).epsilon(1e-9));
  CHECK(re.fit.se[1] == Approx(0.01171393674).epsilon(1e-9));
  CHECK(re.fit.se[2] == Approx(0.01932443823).epsilon(1e-9));
  CHECK(c.test.statistic == Approx(2.239203409).epsilon(1e-9));
  CHECK(c.test.p == Approx(0.3264097762).epsilon(1e-9));
}

TEST_CASE("random effects refuse a fixed-effects part and duplicate unit-periods", "[hausman]") {
  CHECK_THROWS_AS(random_effects(parse_formula("inv ~ value | firm"), grunfeld(), {"firm", "year"}), UserError);
  // Every firm's rows under one year: (firm, year) repeats.
  DataFrame g = grunfeld(), dup;
  for (const auto& c : g.columns())
    dup.add_numeric_column(c.name, c.name == "year" ? std::vector<double>(c.values.size(), 1950.0) : c.values);
  CHECK_THROWS_AS(random_effects(kInv, dup, {"firm", "year"}), UserError);
  CHECK_NOTHROW(random_effects(kInv, dup, {"firm", ""}));
}

TEST_CASE("the Hausman statistic needs coefficients common to both models", "[hausman]") {
  FitResult a, b;
  a.names = {"x"};
  b.names = {"(Intercept)", "z"};
  a.coef = Eigen::VectorXd::Ones(1);
  b.coef = Eigen::VectorXd::Ones(2);
  a.vcov = Eigen::MatrixXd::Identity(1, 1);
  b.vcov = Eigen::MatrixXd::Identity(2, 2);
  CHECK_THROWS_AS(hausman_test(a, b), UserError);
}
