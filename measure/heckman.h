// Heckman selection models: the two-step estimator with the corrected VCOV (Stata `heckman,
// twostep`; sampleSelection::heckit), and the "inverse Mills ratio as a regressor" form with
// absorbed fixed effects used in the trade papers, whose SEs are not corrected for the first step.
//
//   HeckmanResult h = heckman_two_step(parse_formula("lwage ~ educ + exper"),
//                                      parse_formula("inlf ~ educ + exper + age + kidslt6"), d);
//   render_table({h.selection.fit, h.outcome}, TableFormat::kText);
//
// The selection formula's outcome must be 0/1 (or two-level text); the outcome equation uses the
// observations with selection = 1 and complete outcome variables. λ = φ(zγ)/Φ(zγ) enters as the
// regressor "lambda" (the column is added to a copy of the data; a column of that name is replaced).
// Errors (UserError): those of fit_binary and feols, and fixed effects in heckman_two_step's outcome
// equation (the corrected VCOV is for the plain two-step; use heckman_imr for FE).
#pragma once
#include <string>

#include "measure/binary_choice.h"
#include "measure/estimate.h"

namespace tradedig::measure {

struct HeckmanResult {
  BinaryFit selection;   // first-step probit
  FitResult outcome;     // second step, "lambda" the last coefficient
  double sigma = 0;      // σ̂ (two-step only)
  double rho = 0;        // ρ̂ = β_λ/σ̂, not truncated (two-step only)
  int64_t n_selected = 0, n_total = 0;
};

// Two-step estimator with the Heckman (1979) corrected VCOV:
// V = σ²(X*'X*)⁻¹[X*'(I − ρ²Δ)X* + ρ²(X*'ΔZ)V_γ(Z'ΔX*)](X*'X*)⁻¹, σ² = e'e/n₁ + β_λ²·mean(δ),
// δ = λ(λ + zγ) (REFERENCES.md §2.5). Extra table rows: σ, ρ, λ, selected/total N.
// `probit` chooses the first step's VCOV (OIM as Stata by default; expected_information as R's glm).
HeckmanResult heckman_two_step(const Formula& outcome, const Formula& selection, const DataFrame& d,
                               const BinaryOptions& probit = {});

// Probit (selection, optionally with FE dummies) → λ → feols(outcome + lambda | FE) with the given
// options (clusters etc.). Labelled "OLS with IMR (first step not accounted for in SEs)".
HeckmanResult heckman_imr(const Formula& outcome, const Formula& selection, const DataFrame& d,
                          const FitOptions& opts = {}, const BinaryOptions& probit = {});

}  // namespace tradedig::measure
