// The Hausman specification test, and the classic FE-vs-RE comparison built on it.
//
//   FeReComparison c = compare_fe_re(parse_formula("inv ~ value + capital"), d, {.id = "firm", .time = "year"});
//   c.test.statistic;  // 2.3303669 on plm's Grunfeld (df 2, p 0.3118654)
//   render_table({c.fe, c.re.fit}, TableFormat::kText, {.model_titles = {"FE", "RE"}});
//
// H = (b_c − b_e)' [V_c − V_e]⁻¹ (b_c − b_e) over the coefficients both models estimate (the intercept
// excluded), χ² with that many degrees of freedom — plm `phtest(fe, re)` and Stata `hausman fe re`
// with each model's own σ² (REFERENCES.md §2.3). The difference matrix is used as it is (plm); when
// it is not positive definite H can be negative or misleading, and a message says so.
//
// Errors (UserError): no coefficient in common; a singular V_c − V_e.
#pragma once
#include <string>
#include <vector>

#include <Eigen/Dense>

#include "measure/estimate.h"
#include "measure/random_effects.h"

namespace tradedig::measure {

struct HausmanTest {
  std::vector<std::string> names;  // coefficients compared
  Eigen::VectorXd difference;      // b_c − b_e
  double statistic = 0;
  int df = 0;
  double p = 1;
  std::vector<std::string> messages;
};

// `consistent` is consistent under both hypotheses (FE), `efficient` only under H0 (RE).
HausmanTest hausman_test(const FitResult& consistent, const FitResult& efficient);

struct FeReComparison {
  FitResult fe;  // within estimator: feols with `| id`, iid VCOV, singletons kept (as plm)
  RandomEffectsFit re;
  HausmanTest test;
};

// Fits both models on the same sample and tests FE against RE.
FeReComparison compare_fe_re(const Formula& f, const DataFrame& d, const PanelOptions& o);

}  // namespace tradedig::measure
