// Cross-group coefficient tests (SUR/suest on stacked scores, and the pooled interaction test).
// Expected numbers computed here with R 4.2.2 + sandwich 3.0-2 (script below, abridged): the suest
// VCOV is built from each group's lm() scores s_i = (X'X)^-1 x_i e_i stacked in its own block,
// V = N/(N-1) S'S (robust) or G/(G-1) U'U with U = rowsum(S, cluster) — Stata suest's _robust call.
// The same statistics come out of the fully interacted pooled lm with vcovHC(type = "HC0") * N/(N-1)
// or vcovCL(cluster, type = "HC0", cadjust = TRUE) (verified equal to all printed digits, cases A, B).
//   stacked <- function(fits, rows, N, cl = NULL) {
//     k <- sapply(fits, function(m) length(coef(m))); S <- matrix(0, N, sum(k)); off <- 0
//     for (j in seq_along(fits)) { m <- fits[[j]]; X <- model.matrix(m); B <- solve(crossprod(X))
//       S[rows[[j]], off + seq_len(k[j])] <- (X * resid(m)) %*% B; off <- off + k[j] }
//     if (is.null(cl)) return(N / (N - 1) * crossprod(S))
//     U <- rowsum(S, cl); G <- nrow(U); G / (G - 1) * crossprod(U) }
//   wald <- function(b, V, R) { d <- R %*% b; t(d) %*% solve(R %*% V %*% t(R)) %*% d }
//   g <- read.csv("plm_Grunfeld.csv"); g$late <- as.numeric(g$year >= 1945)
//   # A: inv ~ value + capital | firm by late, cluster firm (firms span both groups)
//   rA <- list(which(g$late == 0), which(g$late == 1))
//   fA <- lapply(rA, function(r) lm(inv ~ value + capital + factor(firm), data = g[r, ]))
//   VA <- stacked(fA, rA, 200, g$firm)   # wald(): value 5.53997125129, value+capital 36.9643895921
//   g$fl <- factor(paste(g$firm, g$late))
//   mA <- lm(inv ~ 0 + fl + value + capital + value:late + capital:late, data = g)
//   VmA <- vcovCL(mA, cluster = ~firm, type = "HC0", cadjust = TRUE)     # same chi2 as VA
//   # Chow F with feols' VCOV: FE firm^late nested in the cluster -> (N-1)/(N-1-4) * G/(G-1) * HC0
//   coef(mA)["value:late"]^2 / (VmA["value:late", "value:late"] * 199 / 195)   # 5.42861504524, pf(., 1, 9)
//   # B: inv ~ value + capital by big = firm <= 5, robust; Chow with vcovHC(mB, type = "HC1") (K = 6)
//   # D: the same with three groups (firms 1-3, 4-6, 7-10), test value, df 2
//   # C: AER Fatalities, frate = fatal/pop*1e4 ~ beertax + factor(state) + factor(year) by jail, cluster state
#include <cmath>

#include <catch2/catch.hpp>

#include "measure/group_tests.h"
#include "tests/test_support.h"
#include "util/error.h"

using namespace tradedig;
using namespace tradedig::measure;

namespace {

DataFrame grunfeld() {
  DataFrame g = load_file(testing::shared_path("data/reference/plm_Grunfeld.csv"));
  std::vector<double> late, big, size3;
  for (double y : g.find("year")->values) late.push_back(y >= 1945 ? 1 : 0);
  for (double f : g.find("firm")->values) {
    big.push_back(f <= 5 ? 1 : 0);
    size3.push_back(f <= 3 ? 1 : f <= 6 ? 2 : 3);
  }
  g.add_numeric_column("late", late);
  g.add_numeric_column("big", big);
  g.add_numeric_column("size3", size3);
  return g;
}

}  // namespace

TEST_CASE("the SUR test with clusters spanning groups matches suest's stacked scores", "[group_tests]") {
  GroupTestOptions o;
  o.by = "late";
  o.test = {"value"};
  o.fit.cluster = {"firm"};
  GroupComparison c = compare_groups(parse_formula("inv ~ value + capital | firm"), grunfeld(), o);
  REQUIRE(c.groups == std::vector<std::string>{"0", "1"});
  CHECK(c.fits[0].coef[0] == Approx(0.0690185780459).epsilon(1e-9));
  CHECK(c.fits[1].coef[0] == Approx(0.149376481869).epsilon(1e-9));
  CHECK(c.sur_vcov == "cluster(firm)");
  CHECK(c.sur_clusters == 10);
  CHECK(c.sur_nobs == 200);
  CHECK(c.sur_df == 1);
  CHECK(c.sur_chi2 == Approx(5.53997125129).epsilon(1e-8));
  CHECK(c.sur_p == Approx(0.0185868880418).epsilon(1e-7));
  REQUIRE(c.differences.size() == 1);
  CHECK(c.differences[0].difference == Approx(0.080357903823).epsilon(1e-9));
  CHECK(c.differences[0].se_sur == Approx(0.0341408904403).epsilon(1e-8));
  // Interaction model: F = W / 1 with feols' clustered VCOV, t with G - 1 = 9 df.
  CHECK(c.chow_f == Approx(5.42861504524).epsilon(1e-8));
  CHECK(c.chow_df2 == 9);
  CHECK(c.chow_p == Approx(0.0447516071071).epsilon(1e-7));
  // The test rows sit at the foot of the last group's column.
  REQUIRE(c.fits[1].extra_stats.size() == 4);
  CHECK(c.fits[1].extra_stats[0].first == "SUR chi2(1) value");
  CHECK(c.fits[1].extra_stats[0].second == "5.5400");
  CHECK(c.fits[0].extra_stats.empty());
}

TEST_CASE("a joint SUR test of two coefficients has two degrees of freedom", "[group_tests]") {
  GroupTestOptions o;
  o.by = "late";
  o.test = {"value", "capital"};
  o.fit.cluster = {"firm"};
  GroupComparison c = compare_groups(parse_formula("inv ~ value + capital | firm"), grunfeld(), o);
  CHECK(c.sur_df == 2);
  CHECK(c.sur_chi2 == Approx(36.9643895921).epsilon(1e-8));
  CHECK(c.differences.size() == 2);
}

TEST_CASE("without clusters the SUR test uses suest's robust N/(N-1) scaling", "[group_tests]") {
  GroupTestOptions o;
  o.by = "big";
  o.test = {"value"};
  o.fit.vcov = VcovType::kHetero;
  GroupComparison c = compare_groups(parse_formula("inv ~ value + capital"), grunfeld(), o);
  CHECK(c.sur_vcov == "robust");
  CHECK(c.sur_chi2 == Approx(23.063271325).epsilon(1e-8));
  CHECK(c.differences[0].difference == Approx(0.0538169429269).epsilon(1e-9));
  CHECK(c.differences[0].se_sur == Approx(0.0112062051795).epsilon(1e-8));
  // Pooled model with group intercepts and slopes, HC1 (N/(N-K), K = 6), F(1, 194).
  CHECK(c.chow_f == Approx(22.483792146).epsilon(1e-8));
  CHECK(c.chow_df2 == 194);
  CHECK(c.chow_p == Approx(4.09618417656e-06).epsilon(1e-6));
}

TEST_CASE("three groups are tested jointly against the first", "[group_tests]") {
  GroupTestOptions o;
  o.by = "size3";
  o.test = {"value"};
  GroupComparison c = compare_groups(parse_formula("inv ~ value + capital"), grunfeld(), o);
  CHECK(c.groups.size() == 3);
  CHECK(c.sur_df == 2);
  CHECK(c.sur_chi2 == Approx(40.0492475187).epsilon(1e-8));
  CHECK(c.sur_p == Approx(2.0110200433e-09).epsilon(1e-6));
  CHECK(c.chow_df1 == 2);
}

TEST_CASE("two absorbed fixed effects and text groups: Fatalities by jail law", "[group_tests]") {
  DataFrame f = load_file(testing::shared_path("data/reference/AER_Fatalities.csv"));
  std::vector<double> frate;
  const auto& fatal = f.find("fatal")->values;
  const auto& pop = f.find("pop")->values;
  for (size_t i = 0; i < fatal.size(); ++i) frate.push_back(fatal[i] / pop[i] * 1e4);
  f.add_numeric_column("frate", frate);
  GroupTestOptions o;
  o.by = "jail";
  o.test = {"beertax"};
  o.fit.cluster = {"state"};
  GroupComparison c = compare_groups(parse_formula("frate ~ beertax | state + year"), f, o);
  REQUIRE(c.groups == std::vector<std::string>{"no", "yes"});
  CHECK(c.fits[0].coef[0] == Approx(-0.835992401353).epsilon(1e-8));
  CHECK(c.fits[1].coef[0] == Approx(0.13206911703).epsilon(1e-8));
  CHECK(c.sur_clusters == 48);
  CHECK(c.sur_chi2 == Approx(0.984629640253).epsilon(1e-7));
  CHECK(c.sur_p == Approx(0.321058489144).epsilon(1e-7));
  // The pooled interaction coefficient is the difference of the group estimates.
  CHECK(c.differences[0].difference == Approx(0.13206911703 + 0.835992401353).epsilon(1e-8));
}

TEST_CASE("cross-group tests reject what they cannot test", "[group_tests]") {
  const Formula f = parse_formula("inv ~ value + capital");
  GroupTestOptions o;
  o.by = "late";
  o.test = {"nonesuch"};
  CHECK_THROWS_AS(compare_groups(f, grunfeld(), o), UserError);  // coefficient not in the model
  o.test = {"value"};
  o.by = "firm_size";
  CHECK_THROWS_AS(compare_groups(f, grunfeld(), o), UserError);  // unknown grouping variable
  DataFrame one = grunfeld();
  one.add_numeric_column("same", std::vector<double>(200, 1.0));
  o.by = "same";
  CHECK_THROWS_AS(compare_groups(f, one, o), UserError);  // a single group
  o.by = "late";
  o.fit.cluster = {"firm", "year"};
  CHECK_THROWS_AS(compare_groups(f, grunfeld(), o), UserError);  // suest takes one cluster variable
}
