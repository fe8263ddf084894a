// The whole PSM procedure (logit PS from fit_binary, matching, SEs, balance) on MatchIt's lalonde,
// and PSM-DID on a simulated panel.
#include <cmath>
#include <random>

#include <catch2/catch.hpp>

#include "measure/event_study.h"
#include "measure/matching.h"
#include "tests/test_support.h"
#include "util/error.h"

using namespace tradedig::measure;
using tradedig::testing::fixture_path;
using tradedig::testing::shared_path;

namespace {

const DataFrame& lalonde() {
  static DataFrame d = load_file(shared_path("data/reference/MatchIt_lalonde.csv"));
  return d;
}

const Formula& lalonde_formula() {
  static Formula f = parse_formula("treat ~ age + educ + i(race) + married + nodegree + re74 + re75");
  return f;
}

const BalanceRow& row(const BalanceTable& b, const std::string& name) {
  for (const auto& r : b.rows)
    if (r.name == name) return r;
  FAIL("no balance row " << name);
  return b.rows.front();
}

PsmOptions matchit_nearest() {
  PsmOptions o;
  o.matching.replacement = false;
  o.se = MatchingSe::kNone;
  return o;
}

}  // namespace

TEST_CASE("The logit propensity score equals MatchIt's distance and the procedure gives ATT 894.367", "[psm]") {
  PsmResult r = propensity_score_matching(lalonde_formula(), "re78", lalonde(), matchit_nearest());
  // MatchIt's glm distance (tests/fixtures/psm/lalonde_distance.csv, see matching_test.cc).
  DataFrame dist = load_file(fixture_path("psm/lalonde_distance.csv"));
  REQUIRE(r.rows.size() == 614);
  double worst = 0;
  for (size_t i = 0; i < r.rows.size(); ++i)
    worst = std::max(worst, std::fabs(r.matching.score[static_cast<Eigen::Index>(i)] -
                                      dist.find("distance")->values[static_cast<size_t>(r.rows[i])]));
  CHECK(worst < 1e-8);
  // REFERENCES.md §2.7 pair ATT 894.367 (MatchIt, full digits 894.36748027027).
  CHECK(r.effects.att == Approx(894.36748027027).epsilon(1e-10));
  REQUIRE(r.table.names.size() == 1);
  CHECK(r.table.names[0] == "ATT");
  // The balance table lists every race level like MatchIt (REFERENCES.md §2.7 SMDs).
  CHECK(std::fabs(row(r.balance, "race::black").smd_before - 1.7615) < 5e-5);
  CHECK(std::fabs(row(r.balance, "race::hispan").smd_after - (-0.6629)) < 5e-5);
  CHECK(std::fabs(row(r.balance, "race::white").smd_after - (-0.7296)) < 5e-5);
  CHECK(std::fabs(row(r.balance, "re74").bias_before - (-59.58)) < 5e-3);
  CHECK(std::fabs(row(r.balance, "re74").bias_after - (-4.17)) < 5e-3);
  CHECK(r.balance.rows.size() == 10);  // distance + 9 covariates
}

TEST_CASE("Bootstrap SEs re-estimate the score per replicate and are reproducible with a seed", "[psm]") {
  PsmOptions o;
  o.matching.match_controls = true;
  o.bootstrap_reps = 40;
  o.bootstrap_seed = 3;
  PsmResult a = propensity_score_matching(lalonde_formula(), "re78", lalonde(), o);
  PsmResult b = propensity_score_matching(lalonde_formula(), "re78", lalonde(), o);
  CHECK(a.effects.se_att == b.effects.se_att);
  CHECK(a.effects.se_ate == b.effects.se_ate);
  // Same order of magnitude as the Abadie–Imbens SE of this match (1043.41, matching_test.cc): a
  // loose sanity range, not a reference value.
  CHECK(a.effects.se_att > 400);
  CHECK(a.effects.se_att < 2500);
  CHECK(a.bootstrap_failed == 0);
  CHECK(a.table.names == std::vector<std::string>{"ATT", "ATU", "ATE"});
  CHECK(a.table.vcov_type == "bootstrap, 40 replicates");
  o.bootstrap_seed = 4;
  CHECK(propensity_score_matching(lalonde_formula(), "re78", lalonde(), o).effects.se_att != a.effects.se_att);
}

TEST_CASE("Abadie–Imbens SEs through the procedure equal those computed on MatchIt's score", "[psm]") {
  PsmOptions o;
  o.se = MatchingSe::kAbadieImbens;
  PsmResult r = propensity_score_matching(lalonde_formula(), "re78", lalonde(), o);
  // matching_test.cc: k = 1 with replacement, ATT 1967.9396843243, AI SE 1043.4102643836 (R code there).
  CHECK(r.effects.att == Approx(1967.9396843243).epsilon(1e-8));
  CHECK(r.effects.se_att == Approx(1043.4102643836).epsilon(1e-8));
  CHECK(r.table.vcov_type == "Abadie-Imbens");
}

TEST_CASE("PSM input errors are user errors", "[psm]") {
  CHECK_THROWS_WITH(propensity_score_matching(lalonde_formula(), "nope", lalonde(), matchit_nearest()),
                    Catch::Contains("nope"));
  CHECK_THROWS_AS(propensity_score_matching(parse_formula("re78 ~ age"), "re78", lalonde(), matchit_nearest()),
                  tradedig::UserError);  // outcome not 0/1
}

namespace {

// 800 firms, 2001–2010. Adoption (in 2005) is more likely for firms with high x, and x also raises
// the outcome trend, so the raw DID is biased; matching on x removes the bias. τ(k) = 0.5 + 0.5 k
// for k >= 0 after adoption.
DataFrame confounded_panel() {
  std::mt19937_64 rng(11);
  std::normal_distribution<double> z(0, 1);
  std::uniform_real_distribution<double> u(0, 1);
  std::vector<double> firm, year, first, y, x;
  for (int f = 0; f < 800; ++f) {
    const double xf = z(rng);
    const bool treated = u(rng) < 1 / (1 + std::exp(-(xf - 0.5)));
    const double alpha = z(rng);
    for (int t = 2001; t <= 2010; ++t) {
      firm.push_back(f);
      year.push_back(t);
      first.push_back(treated ? 2005 : 0);
      x.push_back(xf);
      const int k = t - 2005;
      y.push_back(alpha + 0.3 * xf * (t - 2001) + (treated && k >= 0 ? 0.5 + 0.5 * k : 0.0) + 0.5 * z(rng));
    }
  }
  DataFrame d;
  d.add_numeric_column("firm", firm);
  d.add_numeric_column("year", year);
  d.add_numeric_column("first_year", first);
  d.add_numeric_column("x", x);
  d.add_numeric_column("y", y);
  return d;
}

}  // namespace

TEST_CASE("PSM-DID keeps the matched units and the event study on them recovers the effect path", "[psm]") {
  const DataFrame d = confounded_panel();
  PsmPanelOptions po;
  po.unit = "firm";
  po.time = "year";
  po.event_time = "first_year";
  po.matching.caliper = 0.01;  // with replacement (psmatch2 default)
  PsmPanel p = psm_matched_panel("x", d, po);
  CHECK(p.units_treated > 250);
  CHECK(p.units_control < p.units_treated);  // controls are reused
  CHECK(p.panel.rows() == 10 * (p.units_treated + p.units_control));
  CHECK(std::fabs(p.balance.rows[1].smd_after) < 0.1);  // x is balanced after matching
  CHECK(std::fabs(p.balance.rows[1].smd_before) > 0.5);

  EventStudyOptions o;
  o.unit = "firm";
  o.time = "year";
  o.event_time = "first_year";
  o.leads = 4;
  o.lags = 5;
  EventStudyResult raw = event_study("y ~ 1", d, o);
  o.weights = po.weight_column;  // a control used twice counts twice
  EventStudyResult matched = event_study("y ~ 1", p.panel, o);
  for (const auto& pt : matched.path) {
    if (pt.reference) continue;
    const double truth = pt.period >= 0 ? 0.5 + 0.5 * pt.period : 0.0;
    INFO("period " << pt.period << ": " << pt.estimate << " [" << pt.ci_low << ", " << pt.ci_high << "]");
    CHECK(pt.ci_low <= truth);
    CHECK(pt.ci_high >= truth);
  }
  // Without matching the differential trend in x leaks into the leads: pre_4 is clearly non-zero.
  CHECK(std::fabs(raw.path[0].estimate) > 4 * raw.path[0].se);
}
