// Two-stage least squares with absorbed fixed effects, and the instrument diagnostics of
// ivreg2/ivreghdfe (Baum, Schaffer & Stillman; Correia): first-stage F on the excluded instruments,
// Cragg–Donald Wald F, Kleibergen–Paap rk LM and rk Wald F.
//
// Formula (fixest syntax): `y ~ exog | fe1 + fe2 | endog1 + endog2 ~ z1 + z2`, the FE part optional
// (`y ~ x | d ~ z`). The exogenous regressors instrument themselves; z1, z2 are the excluded ones.
//
// Typical use:
//   IvResult iv = feiv(parse_formula("lnq ~ lnsca | firm + year | lnp ~ lnp_other"), d, {.cluster = {"firm"}});
//   std::string t = render_table({iv.second_stage}, TableFormat::kText);  // diagnostics at the foot
//   std::string fs = render_table(iv.first_stages, TableFormat::kText);
//
// Conventions (REFERENCES.md §2.4; all after absorbing the FE, weights W when given):
//   - β = (X̂'WX̂)⁻¹X̂'Wy with X̂ = P_Z X and Z = [exogenous, excluded instruments]; the residuals
//     e = y − Xβ use the actual endogenous regressors (not the fitted ones).
//   - VCOV: compute_vcov() with X̂ as the design, i.e. feols' small-sample factors with K = the
//     second-stage regressors: iid RSS/(N−K−df_a) (= AER::ivreg, ivreg2 `small`, ivreghdfe);
//     HC1 N/(N−K−df_a) (= Stata ivregress robust, sandwich HC1); cluster
//     (N−1)/(N−K−df_a−[1 if an FE is nested in a cluster])·G/(G−1), t with G−1 df (reghdfe).
//   - Coefficient order: intercept (no FE), endogenous regressors, exogenous regressors; the
//     endogenous ones keep their own names so that OLS and IV columns line up in one table.
//   - Diagnostics partial the exogenous regressors (and FE) out of the endogenous regressors and the
//     excluded instruments (ranktest's partial()). With N observations, L = kept columns of Z (the
//     intercept included), l2 excluded instruments, k2 endogenous regressors and
//     d = N − L − df_a − [1 if an FE is nested in a cluster]:
//       first-stage F  Wald F on the excluded instruments in each first stage, with that stage's
//                      VCOV (iid / HC1 / cluster as above) and F(l2, df_resid) p-value; with one
//                      endogenous regressor and iid errors it equals the Cragg–Donald F.
//       Cragg–Donald F d/l2 · λ/(1−λ), λ the smallest squared canonical correlation.
//       KP rk LM       ranktest's LM test that the first-stage matrix has rank k2−1, df l2−k2+1:
//                      under iid the Anderson canonical-correlation LM N·λ; robust or clustered,
//                      the Kleibergen–Paap (2006) rk statistic by SVD, the moments' variance taken
//                      from the partialled endogenous regressors themselves (LM version).
//       KP rk Wald F   the same statistic with first-stage residuals (Wald version), scaled as
//                      ivreg2 does: χ²/N·d/l2, clustered χ²/(N−1)·d·(G−1)/G/l2 (G = fewest
//                      clusters); equals the Cragg–Donald F under iid.
//     ivreghdfe uses d = N − L − max(df_a, 1): the same whenever no FE is nested in a cluster or
//     df_a = 0 (e.g. firm FE with firm clusters).
//
// Errors: UserError (one sentence) for a formula without an IV part, fewer excluded instruments than
// endogenous regressors once collinear ones are dropped, instruments with no first-stage power
// (singular X̂'X̂), and everything feols() rejects (unknown variables, empty sample).
#pragma once
#include <Eigen/Dense>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "measure/estimate.h"

namespace tradedig::measure {

struct Grouping;

// Instrument strength and identification, full precision (also shown rounded in extra_stats).
struct IvDiagnostics {
  std::vector<std::string> endogenous;  // kept endogenous regressors
  std::vector<double> first_stage_f;    // per endogenous regressor, Wald F on the excluded instruments
  std::vector<double> first_stage_p;    // its F(l2, first-stage df_resid) p-value
  int excluded_instruments = 0;         // l2 (kept)
  double cragg_donald_f = 0;
  double kp_lm = 0, kp_lm_df = 0, kp_lm_p = 0;  // Anderson canon. corr. LM under iid
  double kp_wald_f = 0;                         // = cragg_donald_f under iid
};

struct IvResult {
  FitResult second_stage;               // estimator "2SLS"; diagnostics in extra_stats
  std::vector<FitResult> first_stages;  // one per kept endogenous regressor: same sample, FE and VCOV type
  IvDiagnostics diagnostics;
};

// Fits 2SLS with absorbed fixed effects; see the conventions above. Options as for feols()
// (cluster, vcov, weights, singletons, demeaning tolerance, collinearity tolerance).
IvResult feiv(const Formula& f, const DataFrame& d, const FitOptions& opts = {});

// The identification statistics for endogenous regressors Y and excluded instruments Z that are
// already partialled (FE and exogenous regressors removed) and multiplied by √w when weighted.
// `clusters` is read when type == kCluster; `dof` is d above. Fills every field except the
// first-stage ones and `endogenous`. Throws UserError when Z'Z or Y'Y is singular.
IvDiagnostics identification_tests(const Eigen::MatrixXd& Y, const Eigen::MatrixXd& Z, VcovType type,
                                   const std::vector<Grouping>& clusters, double dof);

// to_json(second_stage) plus "first_stages" (to_json of each) and "iv_diagnostics".
nlohmann::json to_json(const IvResult& r);

}  // namespace tradedig::measure
