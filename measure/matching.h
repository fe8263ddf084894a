// Propensity-score matching (psmatch2 / MatchIt / teffects psmatch conventions): nearest-neighbour
// and kernel matching on a score, ATT/ATU/ATE, standard errors, and the balance table.
//
//   PsmResult r = propensity_score_matching(parse_formula("treat ~ age + educ + i(race) + re74"), "re78", d,
//                                            {.matching = {.replacement = false}, .se = MatchingSe::kBootstrap});
//   render_table({r.table}, TableFormat::kText);           // ATT (and ATU, ATE) with SEs
//   render_balance(r.balance, TableFormat::kMarkdown);     // means, SMD, %bias, t-tests before/after
//
// The matching itself works on any score vector (match_on_score), so a propensity score from
// elsewhere (MatchIt's `distance`, a probit index) can be matched and checked the same way.
//
// Conventions (REFERENCES.md §2.7):
// - Nearest neighbour without replacement is greedy (MatchIt `method = "nearest"`): treated units
//   are taken in `order` (default largest score first, MatchIt's m.order) and each takes the closest
//   control still available; ties go to the control that comes first in the data.
// - With replacement (psmatch2's and teffects' default) every treated unit takes its `neighbors`
//   closest controls; `ties` adds every further control at the same distance as the last one
//   (teffects keeps ties; psmatch2 only with `ties`). Each matched control gets weight 1/#matches.
// - Without replacement and neighbors = k > 1, matching runs in k rounds (MatchIt ratio = k): every
//   treated unit takes its first control, then its second, and so on.
// - Caliper: a pair is allowed when |score_t − score_c| <= caliper; `caliper_in_sd` multiplies it by
//   the SD of the score over all units (MatchIt std.caliper). A treated unit without an allowed
//   control is unmatched (psmatch2 marks it off support).
// - Kernel (psmatch2 `kernel`, default Epanechnikov, bandwidth 0.06): each treated unit is compared
//   with the weighted mean outcome of all controls within the bandwidth, weights K((p_j − p_i)/h)
//   normalised to sum to one; a treated unit with no control within h is off support.
// - Common support `kMinMax` (psmatch2 `common`): treated units with a score below the smallest or
//   above the largest control score are dropped; when controls are matched too (ATU/ATE), controls
//   outside the treated range are dropped as well.
// - ATU matches each control to treated units the same way; ATE = (N1·ATT + N0·ATU)/(N1 + N0) with
//   N1, N0 the treated and controls on support (psmatch2 `ate`).
//
// Errors (UserError): sizes that differ, a missing score, no treated or no control units, a
// non-positive bandwidth, neighbors < 1, no unit matched.
#pragma once
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include <Eigen/Dense>

#include "measure/binary_choice.h"
#include "measure/estimate.h"

namespace tradedig::measure {

enum class MatchMethod { kNearest, kKernel };
// Order in which treated units pick controls when matching without replacement.
enum class MatchOrder { kLargest, kSmallest, kData, kRandom };
enum class CommonSupport { kNone, kMinMax };
enum class KernelType { kEpanechnikov, kNormal, kBiweight, kUniform, kTricube };

struct MatchingOptions {
  MatchMethod method = MatchMethod::kNearest;
  int neighbors = 1;
  bool replacement = true;
  bool ties = false;
  double caliper = 0;                     // 0 = none
  bool caliper_in_sd = false;
  MatchOrder order = MatchOrder::kLargest;
  uint64_t seed = 20240101;               // for MatchOrder::kRandom
  KernelType kernel = KernelType::kEpanechnikov;
  double bandwidth = 0.06;
  CommonSupport support = CommonSupport::kNone;
  bool match_controls = false;            // also match controls to treated units: ATU and ATE
};

// The units one unit is compared with and their weights (summing to one); empty = unmatched.
struct MatchedSet {
  std::vector<int64_t> units;
  std::vector<double> weights;
};

// The result of matching n units on a score. Indices are 0..n-1 in the order given.
struct Matching {
  std::vector<char> treated;
  Eigen::VectorXd score;
  std::vector<char> on_support;      // passed the common-support rule
  std::vector<MatchedSet> matches;   // treated unit -> controls; control -> treated (match_controls)
  // psmatch2's _weight for the ATT: 1 for a matched treated unit, Σ_i w_ij for a control used by
  // treated units i, 0 outside the matched sample. weight_atu is the same for the ATU direction.
  Eigen::VectorXd weight_att, weight_atu;
  double caliper = std::numeric_limits<double>::infinity();  // absolute caliper applied
  int64_t n_treated = 0, n_control = 0;
  int64_t n_treated_matched = 0;      // treated with at least one control
  int64_t n_control_matched = 0;      // controls with weight_att > 0
  int64_t n_control_as_units = 0;     // controls matched to treated (ATU direction)
  MatchingOptions options;
  std::vector<std::string> messages;
};

// Matches treated (1) and control (0) units on `score`. See the conventions above.
Matching match_on_score(const std::vector<char>& treated, const Eigen::VectorXd& score, const MatchingOptions& o = {});

// ---------------------------------------------------------------- effects

enum class MatchingSe { kNone, kPsmatch2, kAbadieImbens, kBootstrap };

struct TreatmentEffects {
  double att = 0, atu = std::numeric_limits<double>::quiet_NaN(), ate = std::numeric_limits<double>::quiet_NaN();
  double se_att = std::numeric_limits<double>::quiet_NaN(), se_atu = std::numeric_limits<double>::quiet_NaN(),
         se_ate = std::numeric_limits<double>::quiet_NaN();
  double unmatched_difference = 0;    // mean_T − mean_C in the full sample
  int64_t n_treated = 0, n_control = 0;  // units on support entering ATT and ATU
  bool has_atu = false;
  MatchingSe se_method = MatchingSe::kNone;
};

// ATT = mean over matched treated of y_i − Σ_j w_ij y_j; ATU likewise for matched controls; ATE as
// above. SEs are left NaN. Throws UserError when y has a missing value in the matched sample.
TreatmentEffects matching_effects(const Matching& m, const Eigen::VectorXd& y);

// psmatch2's reported ATT SE, which ignores that the score is estimated:
// sqrt(var(y_T)/N1 + var(y_C matched)·Σ_j w_j²/N1²). Sets e.se_att.
void psmatch2_standard_error(const Matching& m, const Eigen::VectorXd& y, TreatmentEffects& e);

// Abadie–Imbens (2006) sample-variance SEs for nearest-neighbour matching with replacement
// (psmatch2 `ai(J)`): V(ATT) = Σ_i [T_i + (1−T_i) K_i²] σ̂²_i / N1², with K_i = weight_att of control i
// and σ̂²_i = J/(J+1)·(y_i − mean of its J nearest same-group units on the score)² (ties by data
// order, or all ties when options.ties). ATU and ATE analogously. `population` gives AI's
// population variance instead (psmatch2 `ai(J) population`): Σ_T (τ_i − ATT)² + Σ_C (K_i² − K_i/M) σ̂²_i
// over N1², and likewise. Neither is adjusted for the estimated score (teffects' Abadie–Imbens 2016
// correction is not implemented). Throws UserError for kernel matching or matching without replacement.
void abadie_imbens_standard_errors(const Matching& m, const Eigen::VectorXd& y, int same_group_neighbors,
                                   TreatmentEffects& e, bool population = false);

// The effects as a coefficient table: rows ATT (ATU, ATE), z-based p-values and 95% CIs, N = units
// on support, extra rows for the matched counts. `estimator` names the method.
FitResult effects_table(const TreatmentEffects& e, const Matching& m, const std::string& estimator);

// ---------------------------------------------------------------- balance

struct BalanceRow {
  std::string name;
  bool binary = false;                 // only 0/1 values: SMD uses sqrt(p(1−p))
  double mean_treated_before = 0, mean_control_before = 0, mean_treated_after = 0, mean_control_after = 0;
  double smd_before = 0, smd_after = 0;        // MatchIt: (m_T − m_C) / SD_T of the full sample
  double bias_before = 0, bias_after = 0;      // pstest %bias: 100 (m_T − m_C)/sqrt((var_T + var_C)/2), full-sample variances
  double bias_reduction = 0;                   // 100 (1 − |after|/|before|)
  double t_before = 0, p_before = 0, t_after = 0, p_after = 0;  // regression of x on T (after: iweights)
};

struct BalanceTable {
  std::vector<BalanceRow> rows;
  int64_t n_treated = 0, n_control = 0, n_treated_matched = 0, n_control_matched = 0;
};

// Balance of the columns of X (one row per unit, names given) before and after the ATT match. The
// first row is the score itself ("distance", as MatchIt prints it). The matched means use
// weight_att (treated: matched ones; controls: weighted by how often they were used). The t-test
// after matching is pstest's `regress x T [iw = _weight]` (df = Σw − 2).
BalanceTable balance_table(const Matching& m, const std::vector<std::string>& names, const Eigen::MatrixXd& X);

// Renders the balance table (text/md/tex/csv/html) with the sample sizes below it.
std::string render_balance(const BalanceTable& b, TableFormat format, int digits = 4);

// ---------------------------------------------------------------- the whole procedure

struct PsmOptions {
  Link link = Link::kLogit;
  MatchingOptions matching;
  MatchingSe se = MatchingSe::kBootstrap;
  int bootstrap_reps = 200;
  uint64_t bootstrap_seed = 12345;
  int ai_neighbors = 2;                // same-group neighbours for σ̂² (teffects vce(robust, nn(2)))
  bool ai_population = false;          // Abadie–Imbens population instead of sample variance
};

struct PsmResult {
  BinaryFit ps_model;                  // the propensity-score model (fit_binary)
  Matching matching;                   // on the estimation sample, in the order of `rows`
  TreatmentEffects effects;
  BalanceTable balance;
  FitResult table;                     // effects_table()
  std::vector<int64_t> rows;           // DataFrame row of each unit
  int bootstrap_failed = 0;            // replicates skipped (PS model failed or nothing matched)
};

// Fits the propensity score (logit by default) of `treatment` (lhs 0/1, rhs covariates; no fixed
// effects) on the rows where the covariates and `outcome` are present, matches, and estimates the
// effects on `outcome`. Bootstrap SEs re-draw units with replacement and redo the PS fit and the
// matching in each replicate (psmatch2 users' `bootstrap r(att)`), SD with n−1; replicates whose PS
// model fails are skipped and counted. The balance table covers every covariate of the formula,
// with one row per level of an i() factor (as MatchIt lists them).
PsmResult propensity_score_matching(const Formula& treatment, const std::string& outcome, const DataFrame& d,
                                    const PsmOptions& o = {});

// Rows `rows` of `d` (repeats allowed), as a new DataFrame with the same columns.
DataFrame take_rows(const DataFrame& d, const std::vector<int64_t>& rows);

}  // namespace tradedig::measure
