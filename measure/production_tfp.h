// Total factor productivity by the control-function estimators of Olley & Pakes (1996, investment
// proxy) and Levinsohn & Petrin (2003, materials proxy), for the `lntfp` control of paper 003.
//
// Model: y = β_l·l + β_k·k [+ β_m·m] + ω + ε with ω = h(k, proxy) invertible and ω Markov.
//   First stage: OLS of y on l and a full polynomial of total degree `degree` in (k, proxy)
//     → β_l and φ̂ = fitted − β_l·l.
//   Second stage, on consecutive firm-years (t−1, t): ω_{t−1}(β) = φ̂_{t−1} − β_k·k_{t−1} [− β_m·m_{t−1}]
//     and ỹ_t = y_t − β_l·l_t − β_k·k_t [− β_m·m_t] = g(ω_{t−1}) + ξ_t + ε_t, g a polynomial of
//     degree `degree` fitted by OLS for each trial β (concentrated out).
//     Value added (OP, LP): β_k minimises Σ ξ̂² (nonlinear least squares, opreg/levpet).
//     Gross output (LP only, `gross_output`): (β_k, β_m) solve the moments E[ξ·k_t] = E[ξ·m_{t−1}] = 0
//     (levpet's GMM), since m_t responds to ξ_t. Caution: when materials depend on (k, ω) alone the
//     two moments carry the same information and β_k, β_m are not identified (Gandhi, Navarro &
//     Rivers 2020); the fit says so in its messages. Prefer value added for lntfp.
//   The minimisation is Nelder–Mead started at the OLS estimates.
// Not implemented: OP's survival (exit) probability correction — the second stage assumes a
// balanced selection of firms, which is what opreg without exit() does; time dummies.
// SEs: `bootstrap_reps` resamples of whole firms (a firm drawn twice enters as two firms), both
// stages refitted; vcov = covariance of the draws; z statistics and normal CIs.
// lntfp: y − β_l·l − β_k·k [− β_m·m] for every row where those inputs are present (the residual
// the Chinese literature calls ln TFP, including ε); omega = φ̂ − β_k·k [− β_m·m] on the first-stage
// sample (the estimate of ω net of ε).
//
//   ProductionVariables v{.firm = "firm", .year = "year", .output = "y", .labour = "l", .capital = "k",
//                         .proxy = "i"};
//   TfpResult r = estimate_tfp(d, v, {.method = TfpMethod::kOlleyPakes, .bootstrap_reps = 200});
//   r.fit (β_l, β_k with bootstrap SEs) goes to render_table; r.lntfp is aligned with the rows of d.
//
// Errors (UserError): a variable that is not in the data (output, labour, capital and proxy may be
// expressions such as log(va)), a non-numeric year, a firm-year that occurs twice, gross output with
// OP, too few observations or consecutive firm-years for the polynomials, a degree outside 1..5.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "measure/estimate.h"

namespace tradedig::measure {

enum class TfpMethod { kOlleyPakes, kLevinsohnPetrin };

struct ProductionVariables {
  std::string firm, year;  // columns
  // Columns or expressions (log(va)); proxy = log investment (OP) or log materials (LP).
  std::string output, labour, capital, proxy;
};

struct TfpOptions {
  TfpMethod method = TfpMethod::kOlleyPakes;
  bool gross_output = false;  // LP only: the proxy (materials) is also an input, β_m is estimated
  int degree = 3;             // of both polynomials
  int bootstrap_reps = 200;   // 0 = no SEs (NaN)
  uint64_t seed = 20240601;
};

struct TfpResult {
  FitResult fit;  // names: labour, capital [, proxy]; estimator "Olley–Pakes" / "Levinsohn–Petrin"
  double beta_l = 0, beta_k = 0, beta_m = 0;  // beta_m = 0 for value added
  std::vector<double> lntfp;                  // one per row of the data, NaN where an input is missing
  std::vector<double> omega;                  // one per row of the data, NaN outside the first-stage sample
  int64_t first_stage_nobs = 0, second_stage_nobs = 0, firms = 0;
  int bootstrap_failed = 0;
};

TfpResult estimate_tfp(const DataFrame& d, const ProductionVariables& v, const TfpOptions& opts = {});

// Coefficients (full precision) and the sample sizes.
nlohmann::json to_json(const TfpResult& r);

}  // namespace tradedig::measure
