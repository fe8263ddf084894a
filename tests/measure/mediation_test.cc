// Three-step mediation: Sobel against base R on Grunfeld, known paths recovered on simulated data,
// the bootstrap interval, the table rows and the input errors.
#include <cmath>
#include <random>

#include <catch2/catch.hpp>

#include "measure/estimate.h"
#include "measure/mediation.h"
#include "tests/test_support.h"
#include "util/error.h"

using namespace tradedig::measure;
using Catch::Matchers::Contains;

namespace {

DataFrame grunfeld() { return load_file(tradedig::testing::shared_path("data/reference/plm_Grunfeld.csv")); }

// A firm panel with known paths: m = a·x + α_f + u, y = c'·x + b·m + z + γ_f + e, with x correlated
// with the firm effects (so the FE matter) and a control z. True indirect effect a·b = 0.15.
struct Truth {
  double a = 0.5, b = 0.3, c_direct = 0.2;
};

DataFrame simulated_mediation(const Truth& t, int firms, int years, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> nd(0.0, 1.0);
  std::vector<double> firm, year, x, z, m, y;
  for (int f = 0; f < firms; ++f) {
    const double alpha = nd(rng), gamma = nd(rng);
    for (int yr = 0; yr < years; ++yr) {
      const double xi = 0.5 * alpha + nd(rng), zi = nd(rng);
      const double mi = t.a * xi + alpha + nd(rng);
      firm.push_back(f);
      year.push_back(2000 + yr);
      x.push_back(xi);
      z.push_back(zi);
      m.push_back(mi);
      y.push_back(t.c_direct * xi + t.b * mi + 0.4 * zi + gamma + nd(rng));
    }
  }
  DataFrame d;
  d.add_numeric_column("firm", firm);
  d.add_numeric_column("year", year);
  d.add_numeric_column("x", x);
  d.add_numeric_column("z", z);
  d.add_numeric_column("m", m);
  d.add_numeric_column("y", y);
  return d;
}

}  // namespace

// R 4.2.2 (base R + sandwich), the Sobel formula written out:
//   d <- read.csv("plm_Grunfeld.csv")
//   t <- lm(inv ~ value + factor(firm) + factor(year), d)
//   a <- lm(capital ~ value + factor(firm) + factor(year), d)
//   b <- lm(inv ~ value + capital + factor(firm) + factor(year), d)
//   A <- coef(a)["value"]; sa <- sqrt(vcov(a)["value","value"])
//   B <- coef(b)["capital"]; sb <- sqrt(vcov(b)["capital","capital"])
//   se <- sqrt(B^2*sa^2 + A^2*sb^2); z <- A*B/se; p <- 2*pnorm(-abs(z)); share <- A*B/coef(t)["value"]
TEST_CASE("Sobel test with two-way fixed effects matches base R on Grunfeld", "[mediation]") {
  MediationOptions o;
  o.bootstrap_reps = 0;
  MediationResult r = mediate(parse_formula("inv ~ value | firm + year"), "capital", grunfeld(), o);
  CHECK(r.a == Approx(0.173929103393198420).epsilon(1e-9));
  CHECK(r.se_a == Approx(0.044464677840892211).epsilon(1e-9));
  CHECK(r.b == Approx(0.357916273073427493).epsilon(1e-9));
  CHECK(r.se_b == Approx(0.022719010882572509).epsilon(1e-9));
  CHECK(r.total_effect == Approx(0.179967911548102905).epsilon(1e-9));
  CHECK(r.direct_effect == Approx(0.117715855082606680).epsilon(1e-9));
  CHECK(r.indirect == Approx(0.062252056465496412).epsilon(1e-9));
  CHECK(r.sobel_se == Approx(0.016397860672580308).epsilon(1e-9));
  CHECK(r.sobel_z == Approx(3.796352323543718210).epsilon(1e-9));
  CHECK(r.sobel_p == Approx(0.000146840768519984).epsilon(1e-6));
  CHECK(r.share_mediated == Approx(0.345906422594993046).epsilon(1e-9));
  CHECK(r.total.nobs == 200);
  CHECK(std::isnan(r.boot_ci_low));
}

// R 4.2.2 with sandwich, as above without the FE and with vcovHC(., type = "HC1") for sa and sb:
//   t <- lm(inv ~ value, d); a <- lm(capital ~ value, d); b <- lm(inv ~ value + capital, d)
TEST_CASE("Sobel test with HC1 standard errors matches R sandwich on Grunfeld", "[mediation]") {
  MediationOptions o;
  o.bootstrap_reps = 0;
  o.fit.vcov = VcovType::kHetero;
  MediationResult r = mediate(parse_formula("inv ~ value"), "capital", grunfeld(), o);
  CHECK(r.a == Approx(0.11194722287140926).epsilon(1e-9));
  CHECK(r.se_a == Approx(0.03114443705322662).epsilon(1e-9));
  CHECK(r.b == Approx(0.23067848873196961).epsilon(1e-9));
  CHECK(r.se_b == Approx(0.04886553953434222).epsilon(1e-9));
  CHECK(r.total_effect == Approx(0.14138597255026980).epsilon(1e-9));
  CHECK(r.sobel_se == Approx(0.00902993705866842).epsilon(1e-9));
  CHECK(r.sobel_z == Approx(2.85980024245326669).epsilon(1e-9));
  CHECK(r.sobel_p == Approx(0.00423907933384777).epsilon(1e-6));
  CHECK(r.share_mediated == Approx(0.18264765396394617).epsilon(1e-9));
}

TEST_CASE("Known a, b and c' paths are recovered within their confidence intervals", "[mediation]") {
  const Truth t;
  DataFrame d = simulated_mediation(t, 300, 6, 7);
  MediationOptions o;
  o.fit.cluster = {"firm"};
  o.bootstrap_reps = 199;
  MediationResult r = mediate(parse_formula("y ~ x + z | firm + year"), "m", d, o);
  auto within = [](const FitResult& f, const std::string& name, double truth) {
    for (size_t j = 0; j < f.names.size(); ++j)
      if (f.names[j] == name)
        return f.ci_low[static_cast<Eigen::Index>(j)] <= truth && truth <= f.ci_high[static_cast<Eigen::Index>(j)];
    return false;
  };
  CHECK(within(r.a_path, "x", t.a));
  CHECK(within(r.b_path, "m", t.b));
  CHECK(within(r.b_path, "x", t.c_direct));
  // OLS with one sample: the total effect splits exactly into direct and indirect parts.
  CHECK(r.total_effect == Approx(r.direct_effect + r.indirect).epsilon(1e-10));
  const double truth_ab = t.a * t.b;
  CHECK(std::fabs(r.indirect - truth_ab) < 1.96 * r.sobel_se);
  CHECK(r.sobel_p < 0.01);
  // The cluster bootstrap interval covers the truth and is about as wide as the Sobel interval.
  CHECK(r.boot_ci_low < truth_ab);
  CHECK(truth_ab < r.boot_ci_high);
  const double sobel_width = 2 * 1.96 * r.sobel_se, boot_width = r.boot_ci_high - r.boot_ci_low;
  CHECK(boot_width > 0.7 * sobel_width);
  CHECK(boot_width < 1.3 * sobel_width);
  CHECK(r.bootstrap_failed == 0);
  CHECK(r.a_path.vcov_type == "cluster(firm)");
}

TEST_CASE("The bootstrap is reproducible with a seed and changes with another", "[mediation]") {
  DataFrame d = simulated_mediation(Truth{}, 80, 4, 11);
  MediationOptions o;
  o.bootstrap_reps = 50;
  o.seed = 5;
  auto r1 = mediate(parse_formula("y ~ x + z | firm"), "m", d, o);
  auto r2 = mediate(parse_formula("y ~ x + z | firm"), "m", d, o);
  o.seed = 6;
  auto r3 = mediate(parse_formula("y ~ x + z | firm"), "m", d, o);
  CHECK(r1.boot_ci_low == r2.boot_ci_low);
  CHECK(r1.boot_ci_high == r2.boot_ci_high);
  CHECK(r1.boot_ci_low != r3.boot_ci_low);
  CHECK(r1.boot_se > 0);
}

TEST_CASE("All three regressions use the rows complete for the b-path", "[mediation]") {
  DataFrame g = grunfeld();
  // capital missing in the first 10 rows: the total effect must be estimated without them too.
  std::vector<double> cap = g.find("capital")->values;
  for (size_t i = 0; i < 10; ++i) cap[i] = std::nan("");
  DataFrame d;
  for (const char* name : {"firm", "year", "inv", "value"}) d.add_numeric_column(name, g.find(name)->values);
  d.add_numeric_column("capital", cap);
  MediationOptions o;
  o.bootstrap_reps = 0;
  auto r = mediate(parse_formula("inv ~ value | firm"), "capital", d, o);
  CHECK(r.total.nobs == 190);
  CHECK(r.a_path.nobs == 190);
  CHECK(r.b_path.nobs == 190);
  CHECK(r.total_effect == Approx(r.direct_effect + r.indirect).epsilon(1e-10));
}

TEST_CASE("The mediation table has the three columns and the paper's mediation rows", "[mediation]") {
  MediationOptions o;
  o.bootstrap_reps = 20;
  auto r = mediate(parse_formula("inv ~ value | firm + year"), "capital", grunfeld(), o);
  TableOptions to;
  to.model_titles = mediation_titles(r);
  std::string t = render_table({r.total, r.a_path, r.b_path}, TableFormat::kText, to);
  CHECK_THAT(t, Contains("(1) inv"));
  CHECK_THAT(t, Contains("(2) capital"));
  CHECK_THAT(t, Contains("(3) inv"));
  CHECK_THAT(t, Contains("Indirect effect (a·b)"));
  CHECK_THAT(t, Contains("0.0623***"));  // a·b = 0.06225 with Sobel p = 0.00015 (R above)
  CHECK_THAT(t, Contains("Sobel z"));
  CHECK_THAT(t, Contains("3.796"));
  CHECK_THAT(t, Contains("Bootstrap 95% CI (20 reps)"));
  CHECK_THAT(t, Contains("Share mediated (a·b/c)"));
  CHECK_THAT(t, Contains("0.3459"));
  auto j = to_json(r);
  CHECK(j["indirect"].get<double>() == Approx(0.062252056465496412).epsilon(1e-9));
  CHECK(j["bootstrap"]["reps"] == 20);
}

TEST_CASE("Mediation rejects a mediator already in the model, a factor treatment and unknown variables",
          "[mediation]") {
  DataFrame d = grunfeld();
  MediationOptions o;
  o.bootstrap_reps = 0;
  CHECK_THROWS_AS(mediate(parse_formula("inv ~ value + capital"), "capital", d, o), tradedig::UserError);
  CHECK_THROWS_AS(mediate(parse_formula("inv ~ i(year) + value"), "capital", d, o), tradedig::UserError);
  CHECK_THROWS_AS(mediate(parse_formula("inv ~ value"), "nope", d, o), tradedig::UserError);
  o.treatment = "capital";
  CHECK_THROWS_AS(mediate(parse_formula("inv ~ value"), "firm", d, o), tradedig::UserError);
  o.treatment = "";
  o.bootstrap_reps = -1;
  CHECK_THROWS_AS(mediate(parse_formula("inv ~ value"), "capital", d, o), tradedig::UserError);
}
