// Moderation: the interacted fit and delta-method marginal effects against base R on Grunfeld, a
// known interaction recovered on simulated data, centring, the table rows and input errors.
#include <cmath>
#include <random>

#include <catch2/catch.hpp>

#include "measure/estimate.h"
#include "measure/moderation.h"
#include "tests/test_support.h"
#include "util/error.h"

using namespace tradedig::measure;
using Catch::Matchers::Contains;

namespace {

DataFrame grunfeld() { return load_file(tradedig::testing::shared_path("data/reference/plm_Grunfeld.csv")); }

double coef(const FitResult& f, const std::string& name, double* se = nullptr) {
  for (size_t j = 0; j < f.names.size(); ++j)
    if (f.names[j] == name) {
      if (se) *se = f.se[static_cast<Eigen::Index>(j)];
      return f.coef[static_cast<Eigen::Index>(j)];
    }
  return std::nan("");
}

}  // namespace

// R 4.2.2, base R; the marginal effect at w0 and its SE are the coefficient of value and its SE
// after re-centring the moderator at w0 (an independent route to the delta method):
//   d <- read.csv("plm_Grunfeld.csv"); m <- mean(d$capital); s <- sd(d$capital)
//   f0 <- lm(inv ~ value*capital + factor(firm) + factor(year), d)
//   for (w0 in c(m-s, m, m+s)) { f <- lm(inv ~ value*I(capital - w0) + factor(firm) + factor(year), d)
//     print(c(coef(f)["value"], sqrt(vcov(f)["value","value"]), coef(summary(f))["value", 4])) }
TEST_CASE("Interaction and marginal effects at mean ± SD match base R with two-way fixed effects", "[moderation]") {
  ModerationResult r = moderate(parse_formula("inv ~ value | firm + year"), "capital", grunfeld());
  double se = 0;
  CHECK(coef(r.fit, "value", &se) == Approx(4.84421915801945e-02).epsilon(1e-9));
  CHECK(se == Approx(1.31124350902625e-02).epsilon(1e-9));
  CHECK(coef(r.fit, "capital", &se) == Approx(-9.78550154583319e-02).epsilon(1e-9));
  CHECK(se == Approx(5.01606196341177e-02).epsilon(1e-9));
  CHECK(coef(r.fit, "value:capital", &se) == Approx(8.83849338228914e-05).epsilon(1e-9));
  CHECK(se == Approx(9.06379695738743e-06).epsilon(1e-9));
  CHECK(r.moderator_mean == Approx(276.017150000000).epsilon(1e-12));
  CHECK(r.moderator_sd == Approx(301.103907124777).epsilon(1e-12));
  const double me[] = {4.62249002118902e-02, 7.28379491169276e-02, 9.94509980219651e-02};
  const double me_se[] = {1.32370037400940e-02, 1.19436156409454e-02, 1.11793605577773e-02};
  const double me_p[] = {6.12472511782056e-04, 7.13218221228742e-09, 8.90695734626410e-16};
  for (Eigen::Index k = 0; k < 3; ++k) {
    CHECK(r.marginal.coef[k] == Approx(me[k]).epsilon(1e-9));
    CHECK(r.marginal.se[k] == Approx(me_se[k]).epsilon(1e-9));
    CHECK(r.marginal.p[k] == Approx(me_p[k]).epsilon(1e-6));
  }
  CHECK(r.at[0] == Approx(-2.50867571247773e+01).epsilon(1e-9));
}

// R 4.2.2: lm(inv ~ value*I(capital - w0), d) for w0 in mean(capital) + c(-1, 0, 1) * sd(capital).
TEST_CASE("Marginal effects without fixed effects match base R, centred or not", "[moderation]") {
  const double me[] = {0.09055281135528716, 1.08436406674522e-01, 1.26320001993757e-01};
  const double me_se[] = {0.00654478897271179, 5.41484665352119e-03, 5.55409410652075e-03};
  for (bool center : {false, true}) {
    ModerationOptions o;
    o.center = center;
    ModerationResult r = moderate(parse_formula("inv ~ value"), "capital", grunfeld(), o);
    for (Eigen::Index k = 0; k < 3; ++k) {
      CHECK(r.marginal.coef[k] == Approx(me[k]).epsilon(1e-9));
      CHECK(r.marginal.se[k] == Approx(me_se[k]).epsilon(1e-9));
    }
    // Centred, the main effect of value is the marginal effect at the mean of capital.
    double se = 0;
    const double main = coef(r.fit, "value", &se);
    if (center) {
      CHECK(main == Approx(me[1]).epsilon(1e-9));
      CHECK(se == Approx(me_se[1]).epsilon(1e-9));
    } else {
      CHECK(std::fabs(main - me[1]) > 1e-3);
    }
  }
}

TEST_CASE("A known interaction is recovered on simulated data with clustered SEs", "[moderation]") {
  // y = 0.3 x + 0.2 w + 0.5 x·w + firm effect + e; the marginal effect at w0 is 0.3 + 0.5·w0.
  std::mt19937_64 rng(3);
  std::normal_distribution<double> nd(0.0, 1.0);
  std::vector<double> firm, x, w, y;
  for (int f = 0; f < 400; ++f) {
    const double alpha = nd(rng);
    for (int t = 0; t < 5; ++t) {
      const double xi = nd(rng) + 0.3 * alpha, wi = 1.0 + 0.5 * nd(rng);
      firm.push_back(f);
      x.push_back(xi);
      w.push_back(wi);
      y.push_back(0.3 * xi + 0.2 * wi + 0.5 * xi * wi + alpha + nd(rng));
    }
  }
  DataFrame d;
  d.add_numeric_column("firm", firm);
  d.add_numeric_column("x", x);
  d.add_numeric_column("w", w);
  d.add_numeric_column("y", y);
  ModerationOptions o;
  o.fit.cluster = {"firm"};
  ModerationResult r = moderate(parse_formula("y ~ x | firm"), "w", d, o);
  for (size_t j = 0; j < r.fit.names.size(); ++j)
    if (r.fit.names[j] == "x:w") {
      const auto i = static_cast<Eigen::Index>(j);
      CHECK(r.fit.ci_low[i] < 0.5);
      CHECK(0.5 < r.fit.ci_high[i]);
    }
  for (Eigen::Index k = 0; k < 3; ++k) {
    const double truth = 0.3 + 0.5 * r.at[static_cast<size_t>(k)];
    CHECK(r.marginal.ci_low[k] < truth);
    CHECK(truth < r.marginal.ci_high[k]);
  }
  CHECK(r.marginal.vcov_type == "cluster(firm)");
}

TEST_CASE("The moderation table shows main effects, the interaction and dy/dx rows", "[moderation]") {
  ModerationResult r = moderate(parse_formula("inv ~ value | firm + year"), "capital", grunfeld());
  std::string t = render_table({r.fit}, TableFormat::kText);
  CHECK_THAT(t, Contains("value:capital"));
  CHECK_THAT(t, Contains("dy/dx at moderator mean − SD"));
  CHECK_THAT(t, Contains("0.0462*** (0.0132)"));  // R: 0.04622, SE 0.01324, p = 0.0006
  CHECK_THAT(t, Contains("dy/dx at moderator mean + SD"));
  CHECK_THAT(t, Contains("Moderator centred"));
  auto j = to_json(r);
  CHECK(j["marginal_effects"]["coefficients"].size() == 3);
}

TEST_CASE("Moderation rejects a text or constant moderator and a factor treatment", "[moderation]") {
  DataFrame g = grunfeld();
  DataFrame d;
  for (const char* name : {"firm", "year", "inv", "value", "capital"}) d.add_numeric_column(name, g.find(name)->values);
  d.add_numeric_column("one", std::vector<double>(200, 1.0));
  d.add_text_column("label", std::vector<std::string>(200, "a"));
  CHECK_THROWS_AS(moderate(parse_formula("inv ~ value"), "label", d), tradedig::UserError);
  CHECK_THROWS_AS(moderate(parse_formula("inv ~ value"), "one", d), tradedig::UserError);
  CHECK_THROWS_AS(moderate(parse_formula("inv ~ value"), "nope", d), tradedig::UserError);
  CHECK_THROWS_AS(moderate(parse_formula("inv ~ i(firm) + value"), "capital", d), tradedig::UserError);
}
