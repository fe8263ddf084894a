// Three-step mediation analysis (Baron & Kenny 1986, as used in Chinese trade papers; paper 003
// eq. 12–13, Table 5): the total effect, the a-path and the b-path estimated with feols, the
// indirect effect a·b with the Sobel test, the share mediated and a percentile bootstrap interval.
//
//   (1) total     y ~ x + controls | fe          → c  (coefficient of x)
//   (2) a-path    m ~ x + controls | fe          → a
//   (3) b-path    y ~ x + m + controls | fe      → c' (x) and b (m)
//   indirect = a·b, Sobel SE = √(b²·se_a² + a²·se_b²), z = a·b / SE, p = 2·(1 − Φ(|z|)),
//   share mediated = a·b / c.
//
//   MediationResult r = mediate(parse_formula("QSY ~ lndig + lnsca | firm + year"), "flex", d,
//                               {.fit = {.cluster = {"firm"}}, .bootstrap_reps = 500});
//   render_table({r.total, r.a_path, r.b_path}, TableFormat::kText, {.model_titles = mediation_titles(r)});
//
// All three regressions use one sample: the rows complete for every variable of (3) (and the
// cluster variables), after singletons are dropped for (3); so c = c' + a·b holds exactly. The
// SEs of a and b follow FitOptions (iid, HC1, or clustered with the reghdfe conventions).
// Bootstrap: `bootstrap_reps` resamples of the observations, or of the clusters of the first
// cluster variable when opts.fit.cluster is set (a resampled cluster keeps its FE levels; copies of
// one firm absorbed by a firm FE give the same estimates as relabelled copies); each resample
// refits (2) and (3) and records a·b; the interval is the percentile interval (R's quantile()
// type 7) at `level`. Resamples in which x or m drops out (collinearity) are skipped and counted.
// Errors (UserError): the formula's, feols', a mediator or treatment that is not a plain numeric
// term, weights (not supported), a treatment that drops out of a regression.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "measure/estimate.h"

namespace tradedig::measure {

struct MediationOptions {
  FitOptions fit;            // cluster / vcov / singletons / tolerance of every regression
  std::string treatment;     // a term of the formula; "" = the first term
  int bootstrap_reps = 500;  // 0 = no bootstrap
  uint64_t seed = 20240601;
  double level = 0.95;  // of the bootstrap interval
};

struct MediationResult {
  FitResult total, a_path, b_path;  // (1), (2), (3); b_path.extra_stats holds the mediation rows
  std::string outcome, treatment, mediator;
  double a = 0, se_a = 0, b = 0, se_b = 0;
  double total_effect = 0, direct_effect = 0;  // c and c'
  double indirect = 0, sobel_se = 0, sobel_z = 0, sobel_p = 0;
  double share_mediated = 0;                              // a·b / c
  int bootstrap_reps = 0, bootstrap_failed = 0;           // requested; skipped resamples
  double boot_se = 0, boot_ci_low = 0, boot_ci_high = 0;  // NaN without a bootstrap
  double level = 0.95;
};

// `f` is the total-effect formula (1); `mediator` a variable or expression of the data.
MediationResult mediate(const Formula& f, const std::string& mediator, const DataFrame& d,
                        const MediationOptions& opts = {});

// Column titles for render_table: outcome, mediator, outcome.
std::vector<std::string> mediation_titles(const MediationResult& r);

// The three fits (to_json each) and the mediation statistics at full precision.
nlohmann::json to_json(const MediationResult& r);

}  // namespace tradedig::measure
