// Propensity-score matching against MatchIt 4.5.1 (Debian r-cran-matchit) on its lalonde data and
// against independent R code written for these tests (REFERENCES.md §2.7).
//
// The score-level tests use MatchIt's own `distance` (logit PS), written to
// tests/fixtures/psm/lalonde_distance.csv by
//   library(MatchIt); data(lalonde)
//   m <- matchit(treat ~ age + educ + race + married + nodegree + re74 + re75, data = lalonde)
//   write.csv(data.frame(id = rownames(lalonde), distance = sprintf("%.17g", m$distance)), ...)
// Note: MatchIt 4.5.1's new fast nearest-neighbour routine (used when `distance` is a PS) breaks
// ties between identical scores differently and picks a non-nearest control for 6 treated units
// (ATT 770.39). Its general routine, reached by passing the |p_t − p_c| matrix as `distance`,
// reproduces the published vignette and REFERENCES.md exactly; the "MatchIt" commands below use it:
//   ps <- m$distance; tr <- lalonde$treat; D <- abs(outer(ps[tr == 1], ps[tr == 0], "-"))
#include <cmath>
#include <fstream>
#include <sstream>

#include <catch2/catch.hpp>

#include "measure/matching.h"
#include "tests/test_support.h"
#include "util/error.h"

using namespace tradedig::measure;
using tradedig::testing::fixture_path;
using tradedig::testing::shared_path;

namespace {

bool close(double got, double want, double rel = 1e-8) { return std::fabs(got - want) <= rel * std::fabs(want); }

// lalonde with MatchIt's distance, the outcome and the covariates as MatchIt's balance table lists them.
struct Lalonde {
  DataFrame d;
  std::vector<char> treated;
  Eigen::VectorXd ps, re78;
  std::vector<std::string> names = {"age",     "educ",     "raceblack", "racehispan", "racewhite",
                                    "married", "nodegree", "re74",      "re75"};
  Eigen::MatrixXd X;
};

const Lalonde& lalonde() {
  static Lalonde L = [] {
    Lalonde l;
    l.d = load_file(shared_path("data/reference/MatchIt_lalonde.csv"));
    DataFrame dist = load_file(fixture_path("psm/lalonde_distance.csv"));
    const auto n = static_cast<Eigen::Index>(l.d.rows());
    REQUIRE(n == 614);
    l.ps = Eigen::Map<const Eigen::VectorXd>(dist.find("distance")->values.data(), n);
    l.re78 = Eigen::Map<const Eigen::VectorXd>(l.d.find("re78")->values.data(), n);
    const Column* race = l.d.find("race");
    l.X.resize(n, 9);
    for (Eigen::Index i = 0; i < n; ++i) {
      l.treated.push_back(l.d.find("treat")->values[static_cast<size_t>(i)] == 1);
      const std::string& r = race->levels[static_cast<size_t>(race->codes[static_cast<size_t>(i)])];
      auto v = [&](const char* c) { return l.d.find(c)->values[static_cast<size_t>(i)]; };
      l.X.row(i) << v("age"), v("educ"), r == "black", r == "hispan", r == "white", v("married"), v("nodegree"),
          v("re74"), v("re75");
    }
    return l;
  }();
  return L;
}

MatchingOptions matchit_nearest() {
  MatchingOptions o;
  o.replacement = false;
  o.order = MatchOrder::kLargest;
  return o;
}

const BalanceRow& row(const BalanceTable& b, const std::string& name) {
  for (const auto& r : b.rows)
    if (r.name == name) return r;
  FAIL("no balance row " << name);
  return b.rows.front();
}

}  // namespace

TEST_CASE("Greedy 1:1 matching without replacement reproduces MatchIt's lalonde match and ATT 894.367", "[matching]") {
  const Lalonde& L = lalonde();
  Matching m = match_on_score(L.treated, L.ps, matchit_nearest());
  CHECK(m.n_treated == 185);
  CHECK(m.n_treated_matched == 185);
  CHECK(m.n_control_matched == 185);
  CHECK(m.n_control - m.n_control_matched == 244);
  TreatmentEffects e = matching_effects(m, L.re78);
  // REFERENCES.md §2.7: pair ATT 894.367. Full digits from MatchIt:
  //   md <- match.data(matchit(treat ~ ..., data = lalonde, distance = D))
  //   with(md, mean(re78[treat == 1]) - mean(re78[treat == 0]))   # 894.36748027027
  CHECK(close(e.att, 894.36748027027, 1e-12));
  // psmatch2's unmatched row, R: with(lalonde, mean(re78[treat==1]) - mean(re78[treat==0])) = -635.026212037422
  CHECK(e.unmatched_difference == Approx(-635.0262120374).epsilon(1e-9));
}

TEST_CASE("The order rule does not change the lalonde match, and the same random seed gives the same match", "[matching]") {
  const Lalonde& L = lalonde();
  // R (greedy nearest, ties to the first control in the data, /tmp code in the report): largest,
  // smallest and data order all give ATT 894.3675 on this score.
  for (MatchOrder ord : {MatchOrder::kSmallest, MatchOrder::kData}) {
    MatchingOptions o = matchit_nearest();
    o.order = ord;
    CHECK(close(matching_effects(match_on_score(L.treated, L.ps, o), L.re78).att, 894.36748027027, 1e-12));
  }
  MatchingOptions o = matchit_nearest();
  o.order = MatchOrder::kRandom;
  o.seed = 7;
  const Matching a = match_on_score(L.treated, L.ps, o), b = match_on_score(L.treated, L.ps, o);
  for (size_t i = 0; i < a.matches.size(); ++i) CHECK(a.matches[i].units == b.matches[i].units);
  CHECK(a.n_control_matched == 185);
}

TEST_CASE("MatchIt's balance table on lalonde: SMDs before and after to 4 dp", "[matching]") {
  const Lalonde& L = lalonde();
  BalanceTable b = balance_table(match_on_score(L.treated, L.ps, matchit_nearest()), L.names, L.X);
  // REFERENCES.md §2.7 (MatchIt vignette summary(m.out), reproduced): before / after.
  struct Want {
    const char* name;
    double before, after;
  };
  for (Want w : {Want{"distance", 1.7941, 0.9739}, Want{"age", -0.3094, 0.0718}, Want{"educ", 0.0550, -0.1290},
                 Want{"raceblack", 1.7615, 1.0259}, Want{"racehispan", -0.3498, -0.6629},
                 Want{"racewhite", -1.8819, -0.7296}, Want{"married", -0.8263, -0.0552},
                 Want{"nodegree", 0.2450, 0.1546}, Want{"re74", -0.7211, -0.0505}, Want{"re75", -0.2903, -0.0257}}) {
    INFO(w.name);
    CHECK(std::fabs(row(b, w.name).smd_before - w.before) < 5e-5);
    CHECK(std::fabs(row(b, w.name).smd_after - w.after) < 5e-5);
  }
  // REFERENCES.md §2.7 means: distance 0.5774 / 0.1822 before, 0.3629 after.
  CHECK(std::fabs(row(b, "distance").mean_treated_before - 0.5774) < 5e-5);
  CHECK(std::fabs(row(b, "distance").mean_control_before - 0.1822) < 5e-5);
  CHECK(std::fabs(row(b, "distance").mean_control_after - 0.3629) < 5e-5);
  CHECK(b.n_treated == 185);
  CHECK(b.n_control_matched == 185);
  CHECK(b.n_control - b.n_control_matched == 244);
}

TEST_CASE("pstest %bias, bias reduction and t-tests before and after the lalonde match", "[matching]") {
  const Lalonde& L = lalonde();
  BalanceTable b = balance_table(match_on_score(L.treated, L.ps, matchit_nearest()), L.names, L.X);
  // REFERENCES.md §2.7: age −24.19/5.61, re74 −59.58/−4.17. Full digits and t-tests from R on the
  // matched sample md above (x = covariate, inm = unit in md):
  //   den <- sqrt((var(x[tr==1]) + var(x[tr==0]))/2); 100*(mean(x[tr==1]) - mean(x[tr==0]))/den
  //   100*(mean(x[tr==1]) - mean(x[inm & tr==0]))/den
  //   t.test(x[tr==1], x[tr==0], var.equal=TRUE); t.test(x[tr==1], x[inm & tr==0], var.equal=TRUE)
  const BalanceRow& age = row(b, "age");
  CHECK(age.bias_before == Approx(-24.190362).epsilon(1e-6));
  CHECK(age.bias_after == Approx(5.610475).epsilon(1e-6));
  CHECK(age.bias_reduction == Approx(76.806984).epsilon(1e-6));
  CHECK(age.t_before == Approx(-2.559013).epsilon(1e-6));
  CHECK(age.p_before == Approx(0.010736).epsilon(1e-4));
  CHECK(age.t_after == Approx(0.546627).epsilon(1e-6));
  CHECK(age.p_after == Approx(0.584966).epsilon(1e-5));
  const BalanceRow& re74 = row(b, "re74");
  CHECK(re74.bias_before == Approx(-59.575159).epsilon(1e-6));
  CHECK(re74.bias_after == Approx(-4.168190).epsilon(1e-6));
  CHECK(re74.bias_reduction == Approx(93.003477).epsilon(1e-6));
  CHECK(re74.t_after == Approx(-0.518353).epsilon(1e-6));
  const BalanceRow& educ = row(b, "educ");
  CHECK(educ.bias_reduction == Approx(-134.773686).epsilon(1e-6));  // balance got worse
  CHECK(row(b, "racehispan").t_after == Approx(-4.478856).epsilon(1e-6));
  CHECK(row(b, "racehispan").p_after == Approx(0.000010).margin(1e-6));
}

TEST_CASE("The balance table renders in every table format", "[matching]") {
  const Lalonde& L = lalonde();
  BalanceTable b = balance_table(match_on_score(L.treated, L.ps, matchit_nearest()), L.names, L.X);
  std::string text = render_balance(b, TableFormat::kText);
  CHECK(text.find("-24.2") != std::string::npos);
  CHECK(text.find("244 unmatched") != std::string::npos);
  CHECK(render_balance(b, TableFormat::kMarkdown).find("| re74 | Unmatched |") != std::string::npos);
  CHECK(render_balance(b, TableFormat::kLatex).find("\\%bias") != std::string::npos);
  CHECK(render_balance(b, TableFormat::kCsv).find("age,Unmatched,25.8162,28.0303,-0.3094,-24.2,") != std::string::npos);
  CHECK(render_balance(b, TableFormat::kHtml).find("<th>racewhite</th>") != std::string::npos);
}

TEST_CASE("A caliper in SDs of the score drops treated units without a close control, as MatchIt does", "[matching]") {
  const Lalonde& L = lalonde();
  MatchingOptions o = matchit_nearest();
  o.caliper = 0.1;
  o.caliper_in_sd = true;
  o.order = MatchOrder::kData;
  Matching m = match_on_score(L.treated, L.ps, o);
  // MatchIt: m3 <- matchit(treat ~ ..., data = lalonde, distance = D, caliper = 0.1*sd(ps), std.caliper = FALSE)
  //   (the matrix route orders treated units as in the data) -> 111 pairs, ATT 1115.2352463964
  CHECK(std::fabs(m.caliper - 0.1 * 0.2903134) < 1e-7);  // sd(ps) = 0.2903134
  CHECK(m.n_treated_matched == 111);
  CHECK(close(matching_effects(m, L.re78).att, 1115.2352463964, 1e-10));
  // Largest first with the same caliper, from R greedy code (which.min over the remaining controls,
  // skip when the distance exceeds the caliper): 111 pairs, ATT 1835.408.
  o.order = MatchOrder::kLargest;
  Matching ml = match_on_score(L.treated, L.ps, o);
  CHECK(ml.n_treated_matched == 111);
  CHECK(matching_effects(ml, L.re78).att == Approx(1835.408).epsilon(1e-6));
}

TEST_CASE("1:2 matching without replacement runs in rounds like MatchIt's ratio = 2", "[matching]") {
  const Lalonde& L = lalonde();
  MatchingOptions o = matchit_nearest();
  o.neighbors = 2;
  o.order = MatchOrder::kData;
  Matching m = match_on_score(L.treated, L.ps, o);
  // MatchIt: md2 <- match.data(matchit(treat ~ ..., data = lalonde, distance = D, ratio = 2)); nrow(md2) = 555
  //   with(md2, weighted.mean(re78[treat==1], weights[treat==1]) - weighted.mean(re78[treat==0], weights[treat==0]))
  CHECK(m.n_control_matched == 370);
  CHECK(close(matching_effects(m, L.re78).att, 220.288640675674, 1e-10));
}

TEST_CASE("Nearest-neighbour matching with replacement: ATT, ATU, ATE and their SEs match independent R code", "[matching]") {
  const Lalonde& L = lalonde();
  // R, written for this test (psmatch2 conventions, ties to the first unit in the data):
  //   nn <- function(from, to, k) lapply(from, function(i) { d <- abs(ps[to]-ps[i]); to[order(d, to)[1:k]] })
  //   ATT = mean(y_T - mean(y[matches])), ATU likewise, ATE = (N1 ATT + N0 ATU)/N
  //   AI: sig_i = J/(J+1) (y_i - mean of J=2 nearest same-group)^2; V(ATT) = sum(ifelse(T, 1, K^2) sig)/N1^2,
  //       V(ATU) = sum(ifelse(T, K^2, 1) sig)/N0^2, V(ATE) = sum((1 + K)^2 sig)/N^2 (K = times used / k)
  //   psmatch2 SE = sqrt(var(y_T)/N1 + var(y of used controls) * sum(K^2)/N1^2)
  //   population AI: V(ATT) = (sum((tau_T - ATT)^2) + sum(((K^2 - K/k) sig)[C]))/N1^2, V(ATU) likewise,
  //       V(ATE) = sum((tau - ATE)^2 + (K^2 + 2K - K/k) sig)/N^2 (K = times used by the other group / k)
  struct Want {
    int k;
    double att, atu, ate, ai_att, ai_atu, ai_ate, ps2, pop_att, pop_atu, pop_ate;
  };
  for (Want w : {Want{1, 1967.9396843243, -1241.5130420746, -274.4955267915, 1043.4102643836, 1727.0313250849,
                      1293.2809899617, 1056.4867568065, 1015.1337117473, 1735.2339214105, 1297.9549666382},
                 Want{3, 1587.0377590631, -153.7512609557, 370.7535740662, 910.0518410256, 1554.3609788749,
                      1174.6463363684, 920.9499598818, 904.2997675858, 1556.0581841720, 1175.7817290553}}) {
    INFO("k = " << w.k);
    MatchingOptions o;
    o.neighbors = w.k;
    o.match_controls = true;
    Matching m = match_on_score(L.treated, L.ps, o);
    TreatmentEffects e = matching_effects(m, L.re78);
    CHECK(close(e.att, w.att, 1e-10));
    CHECK(close(e.atu, w.atu, 1e-10));
    CHECK(close(e.ate, w.ate, 1e-10));
    CHECK(e.n_treated == 185);
    CHECK(e.n_control == 429);
    psmatch2_standard_error(m, L.re78, e);
    CHECK(close(e.se_att, w.ps2, 1e-10));
    abadie_imbens_standard_errors(m, L.re78, 2, e);
    CHECK(close(e.se_att, w.ai_att, 1e-10));
    CHECK(close(e.se_atu, w.ai_atu, 1e-10));
    CHECK(close(e.se_ate, w.ai_ate, 1e-10));
    abadie_imbens_standard_errors(m, L.re78, 2, e, /*population=*/true);
    CHECK(close(e.se_att, w.pop_att, 1e-10));
    CHECK(close(e.se_atu, w.pop_atu, 1e-10));
    CHECK(close(e.se_ate, w.pop_ate, 1e-10));
  }
}

TEST_CASE("Epanechnikov kernel matching with bandwidth 0.06 matches independent R code (psmatch2 convention)", "[matching]") {
  const Lalonde& L = lalonde();
  MatchingOptions o;
  o.method = MatchMethod::kKernel;
  o.bandwidth = 0.06;
  o.match_controls = true;
  Matching m = match_on_score(L.treated, L.ps, o);
  // R: w_ij = 1 - ((p_j - p_i)/h)^2 for |p_j - p_i| <= h, normalised; units with no weight are off
  // support: 184 treated and 429 controls on support; ATT 1249.4077528575, ATU -50.7575940937,
  // ATE 339.5041087432.
  TreatmentEffects e = matching_effects(m, L.re78);
  CHECK(e.n_treated == 184);
  CHECK(e.n_control == 429);
  CHECK(close(e.att, 1249.4077528575, 1e-10));
  CHECK(close(e.atu, -50.7575940937, 1e-9));
  CHECK(close(e.ate, 339.5041087432, 1e-10));
  CHECK_THROWS_AS(abadie_imbens_standard_errors(m, L.re78, 2, e), tradedig::UserError);
}

TEST_CASE("Kernel weights on a hand-computed example", "[matching]") {
  // Treated at 0.50; controls at 0.45, 0.52, 0.70, bandwidth 0.1: Epanechnikov weights
  // 1 − 0.5² = 0.75 and 1 − 0.2² = 0.96 (0.70 is outside), normalised 0.75/1.71 and 0.96/1.71.
  std::vector<char> t = {1, 0, 0, 0};
  Eigen::VectorXd s(4), y(4);
  s << 0.50, 0.45, 0.52, 0.70;
  y << 10, 4, 7, 100;
  MatchingOptions o;
  o.method = MatchMethod::kKernel;
  o.bandwidth = 0.1;
  Matching m = match_on_score(t, s, o);
  REQUIRE(m.matches[0].units.size() == 2);
  CHECK(m.weight_att[1] == Approx(0.75 / 1.71));
  CHECK(m.weight_att[3] == 0);
  CHECK(matching_effects(m, y).att == Approx(10 - (0.75 * 4 + 0.96 * 7) / 1.71));
  o.kernel = KernelType::kUniform;
  CHECK(matching_effects(match_on_score(t, s, o), y).att == Approx(10 - 5.5));
}

TEST_CASE("Ties: with the ties option every control at the nearest distance is used, otherwise the first in the data", "[matching]") {
  std::vector<char> t = {1, 0, 0, 0};
  Eigen::VectorXd s(4), y(4);
  s << 0.5, 0.4, 0.6, 0.9;  // 0.4 and 0.6 are equally near
  y << 10, 2, 4, 8;
  MatchingOptions o;
  Matching first = match_on_score(t, s, o);
  CHECK(first.matches[0].units == std::vector<int64_t>{1});
  o.ties = true;
  Matching all = match_on_score(t, s, o);
  CHECK(all.matches[0].units == std::vector<int64_t>{1, 2});
  CHECK(matching_effects(all, y).att == Approx(7));
}

TEST_CASE("Common support drops treated units outside the control score range (and controls for the ATU)", "[matching]") {
  const Lalonde& L = lalonde();
  MatchingOptions o;
  o.support = CommonSupport::kMinMax;
  o.match_controls = true;
  Matching m = match_on_score(L.treated, L.ps, o);
  // R: sum(tr==1 & (ps < min(ps[tr==0]) | ps > max(ps[tr==0]))) = 8; controls outside the treated range: 57
  int64_t off_treated = 0, off_control = 0;
  for (size_t i = 0; i < m.on_support.size(); ++i)
    if (!m.on_support[i]) (m.treated[i] ? off_treated : off_control)++;
  CHECK(off_treated == 8);
  CHECK(off_control == 57);
  CHECK(m.n_treated_matched == 177);
  CHECK(m.n_control_as_units == 372);
}

TEST_CASE("Bad matching input is a user error", "[matching]") {
  std::vector<char> t = {1, 1};
  Eigen::VectorXd s(2);
  s << 0.2, 0.3;
  CHECK_THROWS_AS(match_on_score(t, s), tradedig::UserError);  // no controls
  std::vector<char> t2 = {1, 0};
  Eigen::VectorXd bad(2);
  bad << 0.2, std::nan("");
  CHECK_THROWS_AS(match_on_score(t2, bad), tradedig::UserError);
  MatchingOptions o;
  o.caliper = 0.01;
  CHECK_THROWS_WITH(match_on_score(t2, s, o), Catch::Contains("caliper"));
}
