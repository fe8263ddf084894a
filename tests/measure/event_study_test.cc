// Event study on a simulated panel with a known dynamic effect: the estimated path must cover the
// truth, the leads must be flat, and the plot data must carry every relative period.
#include <cmath>
#include <random>

#include <catch2/catch.hpp>

#include "measure/event_study.h"
#include "util/error.h"

using namespace tradedig::measure;

namespace {

// 600 firms over 2001–2012; 300 adopt in a year drawn from 2004–2009, the rest never (first year 0).
// y = firm effect + year effect + τ(t − E) + N(0, 1) with τ = 0 before adoption and
// τ(0) = 1.0, τ(1) = 1.5, τ(2) = 2.0, τ(≥3) = 2.5; x shifts adoption and the firm effect but not y.
double true_effect(int k) { return k < 0 ? 0.0 : k == 0 ? 1.0 : k == 1 ? 1.5 : k == 2 ? 2.0 : 2.5; }

DataFrame simulated_panel() {
  std::mt19937_64 rng(42);
  std::normal_distribution<double> z(0, 1);
  std::uniform_int_distribution<int> cohort(2004, 2009);
  std::vector<double> firm, year, first, y, x;
  for (int f = 0; f < 600; ++f) {
    const double xf = z(rng);
    const bool treated = f % 2 == 0;
    const int e = treated ? cohort(rng) : 0;
    const double alpha = 0.8 * xf + z(rng);
    for (int t = 2001; t <= 2012; ++t) {
      firm.push_back(f);
      year.push_back(t);
      first.push_back(e);
      x.push_back(xf + 0.1 * z(rng));
      y.push_back(alpha + 0.05 * (t - 2001) + (treated ? true_effect(t - e) : 0.0) + z(rng));
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

EventStudyOptions panel_options(int leads, int lags) {
  EventStudyOptions o;
  o.unit = "firm";
  o.time = "year";
  o.event_time = "first_year";
  o.leads = leads;
  o.lags = lags;
  return o;
}

}  // namespace

TEST_CASE("The event study recovers a known dynamic effect within its 95% confidence intervals", "[event_study]") {
  const DataFrame d = simulated_panel();
  EventStudyOptions o = panel_options(3, 3);
  o.bin_endpoints = true;  // τ is flat beyond the window on both sides, so binning is exact
  EventStudyResult r = event_study("y ~ x", d, o);
  REQUIRE(r.path.size() == 7);
  for (const auto& p : r.path) {
    INFO("period " << p.period << " estimate " << p.estimate << " [" << p.ci_low << ", " << p.ci_high << "]");
    if (p.reference) {
      CHECK(p.period == -1);
      continue;
    }
    CHECK(p.ci_low <= true_effect(p.period));
    CHECK(p.ci_high >= true_effect(p.period));
    CHECK(p.se > 0);
    CHECK(p.se < 0.2);  // precise enough that covering the truth is informative
  }
  CHECK(r.fit.vcov_type.find("firm") != std::string::npos);
  CHECK(r.fit.df_resid == 599);  // t with G − 1 df, G = 600 firms
  CHECK(r.fit.nobs == 7200);
}

TEST_CASE("Without binning, treated observations outside the window are dropped", "[event_study]") {
  const DataFrame d = simulated_panel();
  const EventStudyOptions o = panel_options(2, 2);
  EventStudyResult r = event_study("y ~ 1", d, o);
  int64_t kept_treated = 0;
  for (const auto& p : r.path) kept_treated += p.treated_obs;
  CHECK(r.fit.nobs == 300 * 12 + kept_treated);  // never-treated rows all stay (no singletons here)
  CHECK(kept_treated == 300 * 5);                // every cohort is observed from t−2 to t+2
  for (const auto& p : r.path)
    if (!p.reference) CHECK(std::fabs(p.estimate - true_effect(p.period)) < 4 * p.se);
}

TEST_CASE("The event path is written as CSV and JSON plot data and as a table", "[event_study]") {
  const DataFrame d = simulated_panel();
  const EventStudyOptions o = panel_options(2, 1);
  EventStudyResult r = event_study("y ~ x", d, o);
  std::string csv = event_path_csv(r);
  CHECK(csv.rfind("period,name,estimate,se,ci_low,ci_high,p,treated_obs,reference\n", 0) == 0);
  CHECK(csv.find("\n-1,pre_1,0,0,0,0,,300,1\n") != std::string::npos);
  nlohmann::json j = event_path_json(r);
  REQUIRE(j.size() == 4);
  CHECK(j[3]["name"] == "post_1");
  CHECK(j[1]["reference"] == true);
  CHECK(render_event_path(r, TableFormat::kMarkdown).find("| current | 0 |") != std::string::npos);
}

TEST_CASE("Event-study input errors are user errors", "[event_study]") {
  const DataFrame d = simulated_panel();
  EventStudyOptions o = panel_options(4, 4);
  o.event_time = "nope";
  CHECK_THROWS_AS(event_study("y ~ x", d, o), tradedig::UserError);
  o.event_time = "first_year";
  o.reference = -9;
  CHECK_THROWS_WITH(event_study("y ~ x", d, o), Catch::Contains("reference period"));
  o.reference = -1;
  CHECK_THROWS_AS(event_study("y x", d, o), tradedig::UserError);
}
