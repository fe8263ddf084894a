// Dynamic panel GMM: Arellano–Bond difference GMM and Blundell–Bond system GMM, one- or two-step,
// following R plm::pgmm (plm 2.6) so that numbers can be checked digit by digit against it.
//
// The formula is pgmm's:
//   log(emp) ~ lag(log(emp), 1:2) + lag(log(wage), 0:1) + log(capital) + lag(log(output), 0:1)
//            | lag(log(emp), 2:99)                         [ | lag(log(wage), 0:1) + ... ]
// Part 1 is the model; `lag(expr, a:b)` adds expr lagged a..b periods (`lag(expr, c(1, 3))`,
// `lag(expr, 2)` and `lag(expr)` = lag 1 also work); expr is any formula expression (log, I(), ...).
// Part 2 lists the GMM-style instruments `lag(expr, a:b)` (a >= 1): in the differenced equation
// for period t the levels expr_s for s in [t-b, t-a], one column per (t, s) pair (or one per lag
// when collapsed). Part 3 (optional) lists IV-style instruments, used in differences in the
// differenced equation and in levels in the level equation; without it, as in pgmm, every model
// variable that is not a GMM instrument instruments itself with the lags it enters the model with.
//
// pgmm conventions reproduced here:
//  * Periods are the distinct values of the time variable; lags count periods. The first usable
//    differenced equation is for period TL1+1 with TL1 = max(largest lag in the model + 1, smallest
//    GMM lag); level equations (system GMM) start at TL1. An equation with a missing outcome or
//    regressor is dropped; a missing instrument counts as 0.
//  * effect = twoways adds period dummies as regressors and instruments: in differences for
//    difference GMM; an intercept and dummies in the level equation for system GMM.
//  * One-step weighting matrix (Σ Z_i'HZ_i)⁻¹ with H the MA(1) matrix of differenced errors
//    (2 on the diagonal, −1 next to it) and, for system GMM, pgmm's full H linking the two equations.
//    Two-step uses (Σ Z_i'e_i e_i'Z_i)⁻¹ from the one-step residuals. A singular matrix is replaced
//    by its generalised inverse (noted in messages), as pgmm does.
//  * Standard errors: one-step robust (sandwich clustered by individual); two-step Windmeijer (2005)
//    finite-sample corrected, or the uncorrected two-step matrix (vcov = kClassical). z statistics
//    with normal p-values.
//  * Tests: pgmm's "Sargan test" z'A₂z with z = Σ Z_i'e_i and A₂ the two-step weighting matrix
//    (heteroskedasticity-robust, i.e. Hansen's J), df = instruments − coefficients (time dummies
//    included); Arellano–Bond AR(1) and AR(2) z on the differenced residuals using the reported
//    VCOV; Wald χ² that the regressors' (and the time dummies') coefficients are zero.
// One deliberate difference: in system GMM the level equation for period t is instrumented by
// Δexpr_{t−a+1} (a = the smallest lag of the GMM instrument, xtabond2's rule); pgmm always uses
// Δexpr_{t−1}. The two agree for the usual a = 2.
//
// Errors: UserError for a malformed formula, an unknown variable, a duplicated (id, time) pair,
// too few periods for the lags asked for, an empty estimation sample, regressors that the
// instruments cannot identify, or vcov = kClassical with the one-step estimator.
//
// Example (Arellano–Bond 1991, Table 4 col. b):
//   DataFrame d = load_file("plm_EmplUK.csv");
//   GmmOptions o{.id = "firm", .time = "year", .steps = GmmSteps::kTwoStep};
//   GmmResult r = panel_gmm("log(emp) ~ lag(log(emp), 1:2) + lag(log(wage), 0:1) + log(capital)"
//                           " + lag(log(output), 0:1) | lag(log(emp), 2:99)", d, o);
//   // r.fit.coef[0] = 0.474151, r.fit.se[0] = 0.185398 (Windmeijer), r.sargan.statistic = 30.11247
#pragma once
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include <Eigen/Dense>

#include "measure/estimate.h"

namespace tradedig::measure {

enum class GmmTransformation { kDifference, kSystem };  // pgmm transformation = "d" | "ld"
enum class GmmEffect { kIndividual, kTwoWays };          // twoways adds period dummies
enum class GmmSteps { kOneStep, kTwoStep };
enum class GmmVcov { kRobust, kClassical };              // robust: one-step sandwich / two-step Windmeijer

struct GmmOptions {
  std::string id = "firm_id";   // individual index variable
  std::string time = "year";    // time index variable (numeric or text; sorted)
  GmmTransformation transformation = GmmTransformation::kDifference;
  GmmEffect effect = GmmEffect::kTwoWays;     // pgmm's defaults: twoways, one-step
  GmmSteps steps = GmmSteps::kOneStep;
  GmmVcov vcov = GmmVcov::kRobust;
  bool collapse = false;        // one instrument column per lag instead of per (period, lag)
};

// A test statistic; NaN where it cannot be computed (e.g. AR(2) with too few periods).
struct GmmTest {
  double statistic = std::numeric_limits<double>::quiet_NaN();
  double df = std::numeric_limits<double>::quiet_NaN();  // χ² tests only
  double p = std::numeric_limits<double>::quiet_NaN();
};

struct GmmResult {
  // The model's regressors (time dummies left out, as pgmm's summary does) with the chosen VCOV;
  // estimator "Difference GMM" / "System GMM", vcov_type "Windmeijer" / "robust" / "classical",
  // nobs = equations used (differenced plus level ones), z tests, and extra_stats rows for the
  // table foot (groups, instruments, Sargan–Hansen J, AR(1), AR(2), Wald tests, time dummies).
  FitResult fit;
  // Every coefficient including the time dummies ("(Intercept)", "year::1979", ...).
  std::vector<std::string> all_names;
  Eigen::VectorXd all_coef;
  Eigen::MatrixXd all_vcov;
  Eigen::VectorXd one_step_coef;  // all coefficients of the first step (equal to all_coef for one-step)
  int64_t instruments = 0;        // columns of the instrument matrix
  int64_t groups = 0;             // individuals with at least one equation used
  GmmTest sargan;                 // pgmm "Sargan test" (Hansen's J, see above)
  GmmTest ar1, ar2;               // Arellano–Bond z and two-sided normal p
  GmmTest wald_coef, wald_time;   // time: NaN without time dummies
};

// Estimates the model; see the header comment for the formula syntax and conventions.
GmmResult panel_gmm(const std::string& formula, const DataFrame& d, const GmmOptions& opts = {});

}  // namespace tradedig::measure
