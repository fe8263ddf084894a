// Moderation (paper 003 eq. 14, Table 5 cols 3–6): y ~ x + w + x:w + controls | fe, and the
// marginal effect of x, dy/dx = β_x + β_xw·w, at w = mean − SD, mean and mean + SD of the moderator
// over the estimation sample, with delta-method SEs √(V_xx + w²·V_ww + 2w·V_x,xw) from the fit's
// VCOV (iid, HC1 or clustered as FitOptions says) and t/p/CI with the fit's residual df.
//
//   ModerationResult r = moderate(parse_formula("QSY ~ lndig + lnsca | firm + year"), "lnsdp", d,
//                                 {.fit = {.cluster = {"firm"}}, .center = true});
//   render_table({r.fit}, TableFormat::kText);   // main effects, interaction, dy/dx rows at the foot
//
// `f` is the model without the moderator: its first term (or opts.treatment) is x, the other terms
// are controls (a control equal to w is not repeated). With `center`, w is replaced by w − mean
// (mean over the estimation sample) under its own name, so β_x is the effect at the mean of w;
// the interaction coefficient and the marginal effects do not change.
// Errors (UserError): the formula's and feols', a moderator that is not a numeric column or has no
// variation in the sample, a treatment that is a factor or interaction, x, w or x:w dropped as collinear.
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "measure/estimate.h"

namespace tradedig::measure {

struct ModerationOptions {
  FitOptions fit;
  std::string treatment;  // a term of the formula; "" = the first term
  bool center = false;    // centre the moderator at its sample mean
};

struct ModerationResult {
  FitResult fit;                                  // the interacted model; extra_stats hold the marginal-effect rows
  FitResult marginal;                             // dy/dx at mean − SD, mean, mean + SD (coef, vcov, se, t, p, CI)
  std::string treatment, moderator, interaction;  // names in fit.names
  double moderator_mean = 0, moderator_sd = 0;    // over the estimation sample, SD with n − 1
  std::vector<double> at;                         // the three moderator values (original units)
  bool centered = false;
};

ModerationResult moderate(const Formula& f, const std::string& moderator, const DataFrame& d,
                          const ModerationOptions& opts = {});

// The fit and the marginal effects at full precision.
nlohmann::json to_json(const ModerationResult& r);

}  // namespace tradedig::measure
