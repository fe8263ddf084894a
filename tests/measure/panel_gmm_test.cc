// Dynamic panel GMM against plm::pgmm on EmplUK (Arellano–Bond 1991). Expected numbers come from
// REFERENCES.md §2.8 / ../shared/data/reference/test_pgmm.Rout.save (plm's own test transcript,
// printed digits), or from R 4.2 + plm 2.6-2 run here with the code given next to them:
//   library(plm); data(EmplUK)
//   f <- log(emp) ~ lag(log(emp), 1:2) + lag(log(wage), 0:1) + log(capital) + lag(log(output), 0:1) |
//        lag(log(emp), 2:99)
//   s <- summary(pgmm(f, data = EmplUK, effect = "twoways", model = "twosteps"), robust = TRUE)
//   print(s$coefficients, digits = 10); s$sargan; s$m1; s$m2; s$wald.coef; s$wald.td
#include <cmath>

#include <catch2/catch.hpp>

#include "measure/panel_gmm.h"
#include "tests/test_support.h"
#include "util/error.h"

using namespace tradedig::measure;
using tradedig::testing::shared_path;

namespace {

const char* kAbFormula =
    "log(emp) ~ lag(log(emp), 1:2) + lag(log(wage), 0:1) + log(capital) + lag(log(output), 0:1) | lag(log(emp), 2:99)";

const DataFrame& empl_uk() {
  static DataFrame d = load_file(shared_path("data/reference/plm_EmplUK.csv"));
  return d;
}

GmmOptions options(GmmTransformation tr, GmmEffect effect, GmmSteps steps) {
  GmmOptions o;
  o.id = "firm";
  o.time = "year";
  o.transformation = tr;
  o.effect = effect;
  o.steps = steps;
  return o;
}

// True when `got` rounds to `printed`, which R printed with `decimals` decimals.
bool printed_as(double got, double printed, int decimals) {
  return std::fabs(got - printed) <= 0.5 * std::pow(10.0, -decimals) * (1 + 1e-9);
}

bool close(double got, double want, double rel = 1e-7) { return std::fabs(got - want) <= rel * std::fabs(want); }

void check_vector(const Eigen::VectorXd& got, const std::vector<double>& printed, int decimals) {
  REQUIRE(got.size() == static_cast<Eigen::Index>(printed.size()));
  for (size_t j = 0; j < printed.size(); ++j) {
    INFO("element " << j << ": got " << got[static_cast<Eigen::Index>(j)] << ", printed " << printed[j]);
    CHECK(printed_as(got[static_cast<Eigen::Index>(j)], printed[j], decimals));
  }
}

}  // namespace

TEST_CASE("Two-step difference GMM reproduces Arellano-Bond col (b) as plm::pgmm prints it", "[panel_gmm]") {
  GmmResult r = panel_gmm(kAbFormula, empl_uk(),
                          options(GmmTransformation::kDifference, GmmEffect::kTwoWays, GmmSteps::kTwoStep));
  // REFERENCES.md §2.8 / test_pgmm.Rout.save summary(z1, robust = TRUE).
  check_vector(r.fit.coef, {0.474151, -0.052967, -0.513205, 0.224640, 0.292723, 0.609775, -0.446373}, 6);
  check_vector(r.fit.se, {0.185398, 0.051749, 0.145565, 0.141950, 0.062627, 0.156263, 0.217302}, 6);
  CHECK(printed_as(r.sargan.statistic, 30.11247, 5));
  CHECK(r.sargan.df == 25);
  CHECK(printed_as(r.sargan.p, 0.22011, 5));
  CHECK(printed_as(r.ar1.statistic, -1.53845, 5));
  CHECK(printed_as(r.ar1.p, 0.12394, 5));
  CHECK(printed_as(r.ar2.statistic, -0.2796829, 7));
  CHECK(printed_as(r.wald_coef.statistic, 142.0353, 4));
  CHECK(printed_as(r.wald_time.statistic, 16.97046, 5));
  CHECK(r.wald_time.df == 6);
  CHECK(r.fit.nobs == 611);
  CHECK(r.groups == 140);
  // R: ncol(z1$W[[1]]) = 38; print(z1$coefficients[[2]], digits = 10) for the full-precision check.
  CHECK(r.instruments == 38);
  CHECK(close(r.fit.coef[0], 0.47415060148));
  CHECK(close(r.fit.se[0], 0.18539845430));
  CHECK(r.fit.estimator == "Difference GMM");
  CHECK(r.fit.vcov_type == "Windmeijer");
  CHECK(r.fit.names[0] == "lag(log(emp), 1)");
  CHECK(r.fit.names[2] == "log(wage)");
  CHECK(r.all_names.size() == 13);  // 7 regressors + dummies for 1979..1984
  CHECK(r.all_names.back() == "year::1984");
}

TEST_CASE("Uncorrected two-step SEs and their AR tests match plm summary(robust = FALSE)", "[panel_gmm]") {
  GmmOptions o = options(GmmTransformation::kDifference, GmmEffect::kTwoWays, GmmSteps::kTwoStep);
  o.vcov = GmmVcov::kClassical;
  GmmResult r = panel_gmm(kAbFormula, empl_uk(), o);
  // REFERENCES.md §2.8 / test_pgmm.Rout.save summary(z1, robust = FALSE).
  check_vector(r.fit.se, {0.085303, 0.027284, 0.049345, 0.080063, 0.039463, 0.108524, 0.124815}, 6);
  CHECK(printed_as(r.ar1.statistic, -2.427829, 6));
  CHECK(printed_as(r.ar2.statistic, -0.3325401, 7));
  CHECK(printed_as(r.wald_coef.statistic, 371.9877, 4));
  CHECK(printed_as(r.sargan.statistic, 30.11247, 5));
  CHECK(r.fit.vcov_type == "classical");
}

TEST_CASE("One-step difference GMM reproduces Arellano-Bond col (a1) with robust SEs", "[panel_gmm]") {
  // R: a1 <- pgmm(log(emp) ~ lag(log(emp), 1:2) + lag(log(wage), 0:1) + lag(log(capital), 0:2) +
  //      lag(log(output), 0:2) | lag(log(emp), 2:99), data = EmplUK, effect = "twoways", model = "onestep")
  //    s <- summary(a1, robust = TRUE); print(s$coefficients, digits = 10); s$sargan; s$m1; s$m2
  GmmResult r = panel_gmm(
      "log(emp) ~ lag(log(emp), 1:2) + lag(log(wage), 0:1) + lag(log(capital), 0:2) + lag(log(output), 0:2) | "
      "lag(log(emp), 2:99)",
      empl_uk(), options(GmmTransformation::kDifference, GmmEffect::kTwoWays, GmmSteps::kOneStep));
  // REFERENCES.md §2.8: lag1 0.6862259 (robust SE 0.144594), Sargan χ²(25) = 48.74983.
  CHECK(printed_as(r.fit.coef[0], 0.6862259, 7));
  CHECK(printed_as(r.fit.se[0], 0.144594, 6));
  CHECK(printed_as(r.sargan.statistic, 48.74983, 5));
  CHECK(r.sargan.df == 25);
  // R (above): the rest of the column at full precision; AR(1) -3.60 and AR(2) -0.52 are also the
  // Stata xtabond manual's numbers for this model.
  CHECK(close(r.fit.coef[9], 0.10579757442));
  CHECK(close(r.fit.se[9], 0.14120178469));
  CHECK(close(r.ar1.statistic, -3.59959309));
  CHECK(close(r.ar2.statistic, -0.5160282393));
  CHECK(close(r.wald_coef.statistic, 408.2859148));
  CHECK(close(r.wald_time.statistic, 11.57903851));
  CHECK(r.fit.nobs == 611);
  CHECK(r.fit.vcov_type == "robust");
  CHECK(close(r.one_step_coef[0], r.all_coef[0], 1e-15));
}

TEST_CASE("Two-step system GMM matches plm transformation = ld with twoways effects", "[panel_gmm]") {
  GmmResult r =
      panel_gmm(kAbFormula, empl_uk(), options(GmmTransformation::kSystem, GmmEffect::kTwoWays, GmmSteps::kTwoStep));
  // REFERENCES.md §2.8 / test_pgmm.Rout.save summary(z3) (robust = TRUE, Windmeijer).
  check_vector(r.fit.coef, {1.159729, -0.208429, -0.384443, 0.345628, 0.043447, 0.551373, -0.549793}, 6);
  check_vector(r.fit.se, {0.065914, 0.052465, 0.200473, 0.207797, 0.024748, 0.212272, 0.214530}, 6);
  CHECK(printed_as(r.sargan.statistic, 57.1014, 4));
  CHECK(r.sargan.df == 37);
  CHECK(printed_as(r.ar1.statistic, -2.035183, 6));
  CHECK(printed_as(r.ar2.statistic, 0.06457302, 8));
  CHECK(printed_as(r.wald_time.statistic, 20.07568, 5));
  CHECK(r.fit.nobs == 1362);
  CHECK(r.instruments == 51);  // R: ncol(z3$W[[1]])
  CHECK(r.fit.estimator == "System GMM");
  CHECK(r.all_names[7] == "(Intercept)");
}

TEST_CASE("Collapsed instruments match plm collapse = TRUE for difference and system GMM", "[panel_gmm]") {
  GmmOptions o = options(GmmTransformation::kDifference, GmmEffect::kTwoWays, GmmSteps::kTwoStep);
  o.collapse = true;
  GmmResult d = panel_gmm(kAbFormula, empl_uk(), o);
  // test_pgmm.Rout.save summary(z1col, robust = TRUE); R: ncol(z1col$W[[1]]) = 18.
  check_vector(d.fit.coef, {0.853895, -0.169886, -0.533119, 0.352516, 0.271707, 0.612855, -0.682550}, 6);
  check_vector(d.fit.se, {0.562348, 0.123293, 0.245948, 0.432846, 0.089921, 0.242289, 0.612311}, 6);
  CHECK(printed_as(d.sargan.statistic, 11.62681, 5));
  CHECK(d.sargan.df == 5);
  CHECK(printed_as(d.ar1.statistic, -1.290551, 6));
  CHECK(d.instruments == 18);
  o.transformation = GmmTransformation::kSystem;
  GmmResult s = panel_gmm(kAbFormula, empl_uk(), o);
  // test_pgmm.Rout.save summary(z3col); R: ncol(z3col$W[[1]]) = 25.
  check_vector(s.fit.coef, {1.229634, -0.263162, -0.219949, 0.179443, 0.032176, 0.438920, -0.463668}, 6);
  check_vector(s.fit.se, {0.079161, 0.061139, 0.133473, 0.136161, 0.026294, 0.199552, 0.203810}, 6);
  CHECK(printed_as(s.sargan.statistic, 19.53659, 5));
  CHECK(s.sargan.df == 11);
  CHECK(printed_as(s.ar2.statistic, 0.3393808, 7));
  CHECK(s.instruments == 25);
}

TEST_CASE("Individual effects only drop the time dummies as in plm effect = individual", "[panel_gmm]") {
  GmmOptions o = options(GmmTransformation::kDifference, GmmEffect::kIndividual, GmmSteps::kTwoStep);
  GmmResult d = panel_gmm(kAbFormula, empl_uk(), o);
  // test_pgmm.Rout.save summary(z1ind).
  check_vector(d.fit.coef, {0.448806, -0.042209, -0.542931, 0.191413, 0.320322, 0.636832, -0.246296}, 6);
  check_vector(d.fit.se, {0.182638, 0.056360, 0.150326, 0.154501, 0.057396, 0.113729, 0.204975}, 6);
  CHECK(printed_as(d.sargan.statistic, 31.87899, 5));
  CHECK(printed_as(d.ar1.statistic, -1.501206, 6));
  CHECK(printed_as(d.wald_coef.statistic, 725.4739, 4));
  CHECK(std::isnan(d.wald_time.statistic));
  CHECK(d.all_names.size() == 7);
  o.transformation = GmmTransformation::kSystem;
  GmmResult s = panel_gmm(kAbFormula, empl_uk(), o);
  // test_pgmm.Rout.save summary(z3ind): pgmm's level equation then has no intercept.
  check_vector(s.fit.coef, {1.169008, -0.226597, -0.483095, 0.429235, 0.054308, 0.647134, -0.595851}, 6);
  check_vector(s.fit.se, {0.082802, 0.062002, 0.180535, 0.198680, 0.032483, 0.124038, 0.138535}, 6);
  CHECK(printed_as(s.sargan.statistic, 66.41158, 5));
  CHECK(printed_as(s.ar2.statistic, -0.02784006, 8));
}

TEST_CASE("One-step system GMM with one lag starts the level equations one period earlier like plm", "[panel_gmm]") {
  // R: z2 <- pgmm(log(emp) ~ lag(log(emp), 1) + lag(log(wage), 0:1) + lag(log(capital), 0:1) |
  //      lag(log(emp), 2:99) + lag(log(wage), 2:99) + lag(log(capital), 2:99), data = EmplUK,
  //      effect = "twoways", model = "onestep", transformation = "ld")
  //    s <- summary(z2, robust = TRUE); print(s$coefficients, digits = 10); s$sargan; s$m1; nobs(z2)
  // (REFERENCES.md's Blundell-Bond variant uses lag(log(wage), 3:99), where pgmm instruments the
  // level equation with Δwage_{t-1} although lag 2 is excluded; we use Δwage_{t-2}, so it is not
  // compared here.)
  GmmResult r = panel_gmm(
      "log(emp) ~ lag(log(emp), 1) + lag(log(wage), 0:1) + lag(log(capital), 0:1) | lag(log(emp), 2:99) + "
      "lag(log(wage), 2:99) + lag(log(capital), 2:99)",
      empl_uk(), options(GmmTransformation::kSystem, GmmEffect::kTwoWays, GmmSteps::kOneStep));
  CHECK(close(r.fit.coef[0], 0.9356053518));
  CHECK(close(r.fit.se[0], 0.02629505310));
  CHECK(close(r.fit.coef[4], -0.4243928536));
  CHECK(close(r.fit.se[4], 0.05847881056));
  CHECK(close(r.sargan.statistic, 118.7630089));
  CHECK(r.sargan.df == 100);
  CHECK(close(r.ar1.statistic, -4.808433982));
  CHECK(close(r.ar2.statistic, -0.2800132545));
  CHECK(close(r.wald_time.statistic, 14.7113789));
  CHECK(r.fit.nobs == 1642);
  CHECK(r.instruments == 113);
}

TEST_CASE("The GMM result fills a regression table with its specification tests", "[panel_gmm]") {
  GmmResult r = panel_gmm(kAbFormula, empl_uk(),
                          options(GmmTransformation::kDifference, GmmEffect::kTwoWays, GmmSteps::kTwoStep));
  std::string t = render_table({r.fit}, TableFormat::kText);
  CHECK(t.find("lag(log(emp), 1)") != std::string::npos);
  CHECK(t.find("30.112 (25)") != std::string::npos);  // Sargan-Hansen J (df)
  CHECK(t.find("-1.538") != std::string::npos);       // AR(1) z
  CHECK(t.find("Windmeijer") != std::string::npos);
  auto j = to_json(r.fit);
  CHECK(j["estimator"] == "Difference GMM");
  // extra_stats is an array of {label, value} in table order.
  bool found = false;
  for (const auto& e : j["extra_stats"])
    if (e["label"] == "Instruments") found = e["value"] == "38";
  CHECK(found);
}

TEST_CASE("Lag syntax: lag(x) is lag 1, c() lists lags, and model variables instrument themselves", "[panel_gmm]") {
  // lag(log(emp)) + lag(log(emp), 2) is the same model as lag(log(emp), 1:2); c(0, 1) as 0:1.
  GmmOptions o = options(GmmTransformation::kDifference, GmmEffect::kTwoWays, GmmSteps::kTwoStep);
  GmmResult a = panel_gmm(kAbFormula, empl_uk(), o);
  GmmResult b = panel_gmm(
      "log(emp) ~ lag(log(emp)) + lag(log(emp), 2) + lag(log(wage), c(0, 1)) + log(capital) + log(output) + "
      "lag(log(output), 1) | lag(log(emp), 2:99)",
      empl_uk(), o);
  REQUIRE(b.fit.coef.size() == 7);
  for (Eigen::Index j = 0; j < 7; ++j) CHECK(close(b.fit.coef[j], a.fit.coef[j], 1e-10));
  CHECK(b.instruments == a.instruments);
  // An explicit third part replaces the default IV-style instruments by the ones written.
  GmmResult c = panel_gmm(std::string(kAbFormula) + " | lag(log(wage), 0:1) + log(capital) + lag(log(output), 0:1)",
                          empl_uk(), o);
  for (Eigen::Index j = 0; j < 7; ++j) CHECK(close(c.fit.coef[j], a.fit.coef[j], 1e-10));
}

TEST_CASE("GMM input errors are user errors with a reason", "[panel_gmm]") {
  GmmOptions o = options(GmmTransformation::kDifference, GmmEffect::kTwoWays, GmmSteps::kOneStep);
  o.vcov = GmmVcov::kClassical;
  CHECK_THROWS_AS(panel_gmm(kAbFormula, empl_uk(), o), tradedig::UserError);
  o.vcov = GmmVcov::kRobust;
  CHECK_THROWS_WITH(panel_gmm("log(emp) ~ lag(log(emp), 1)", empl_uk(), o), Catch::Contains("GMM instruments"));
  CHECK_THROWS_WITH(panel_gmm("log(emp) ~ lag(log(emp), 1) | lag(log(emp), 0:99)", empl_uk(), o),
                    Catch::Contains("at least 1"));
  CHECK_THROWS_WITH(panel_gmm("log(emp) ~ lag(log(emp), 2:1) | lag(log(emp), 2:99)", empl_uk(), o),
                    Catch::Contains("backwards"));
  CHECK_THROWS_WITH(panel_gmm("log(emp) ~ lag(log(nope), 1) | lag(log(emp), 2:99)", empl_uk(), o),
                    Catch::Contains("nope"));
  CHECK_THROWS_WITH(panel_gmm("log(emp) ~ lag(log(emp), 1:9) | lag(log(emp), 2:99)", empl_uk(), o),
                    Catch::Contains("too few"));
  o.time = "sector";  // several rows per firm and sector
  CHECK_THROWS_WITH(panel_gmm(kAbFormula, empl_uk(), o), Catch::Contains("two rows"));
  o.time = "quarter";
  CHECK_THROWS_WITH(panel_gmm(kAbFormula, empl_uk(), o), Catch::Contains("quarter"));
}
