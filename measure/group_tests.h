// Heterogeneity by subsample: the same model estimated in each group of a variable (state-owned vs
// private, coastal vs inland, ...) and tests that a coefficient is equal across the groups.
//
//   GroupTestOptions o{.by = "soe", .test = {"lndig"}};
//   o.fit.cluster = {"firm"};
//   GroupComparison c = compare_groups(parse_formula("QSY ~ lndig + lnsca | firm + year"), d, o);
//   render_table(c.fits, TableFormat::kText, {.model_titles = c.groups});  // test rows in the last column
//
// Two tests of H0: b_g = b_1 for every group g and every tested coefficient (df = #tested × (#groups − 1)):
// (a) SUR / Stata `suest` Wald test on stacked scores (REFERENCES.md §2.9). Each group's OLS (FE
//     absorbed within the group) contributes the score s_i = (X̃_g'X̃_g)⁻¹ x̃_i e_i in its own block;
//     V = N/(N−1) Σ_i s_i s_i' (robust) or G/(G−1) Σ_c (Σ_{i∈c} s_i)(Σ_{i∈c} s_i)' (one cluster
//     variable; clusters may span groups), N and G counted on the union of the group samples — suest's
//     `_robust` call (minus(1)), with no N−K factor. χ² statistic. With disjoint groups this equals the
//     Wald test on the fully interacted pooled model with HC0 (× N/(N−1)) or cluster (× G/(G−1))
//     VCOV, which is how the tests check it against R's sandwich.
// (b) Interaction (Chow) test: one pooled regression in which every regressor is interacted with the
//     group dummies (`x:by::g`), group intercepts are added (or every fixed effect becomes `fe^by`),
//     estimated by feols with the options in `fit` (reghdfe small-sample VCOV); Wald F = W/q with
//     (q, df_resid) degrees of freedom. Its interaction coefficients equal b_g − b_1 exactly.
// The per-group tables use feols with `fit` (e.g. clustered, singletons dropped iteratively).
// Groups are ordered by value (numbers ascending, text by label); the first is the reference.
//
// Errors (UserError): unknown variables; fewer than two groups; a group whose model cannot be fitted
// (the message names the group); a tested coefficient missing or dropped in some group; weights;
// more than one cluster variable for the SUR test; the grouping variable inside the formula.
#pragma once
#include <string>
#include <vector>

#include <Eigen/Dense>

#include "measure/estimate.h"

namespace tradedig::measure {

struct GroupTestOptions {
  std::string by;                 // grouping variable; rows where it is missing are left out
  std::vector<std::string> test;  // coefficient names as in the table, e.g. "lndig" or "log(x)"
  FitOptions fit;                 // VCOV of the group tables and of the pooled model; its cluster (one
                                  // variable) also clusters the SUR test, else the SUR test is robust
};

struct GroupDifference {
  std::string coefficient, group;  // b_group − b_reference
  double difference = 0;
  double se_sur = 0;     // from the SUR VCOV
  double se_pooled = 0;  // from the pooled interaction model
};

struct GroupComparison {
  std::vector<std::string> groups;  // labels, reference first
  std::vector<FitResult> fits;      // one per group; the last carries the test rows in extra_stats
  std::vector<GroupDifference> differences;
  double sur_chi2 = 0, sur_p = 1;
  int sur_df = 0;
  std::string sur_vcov;  // "robust" or "cluster(firm)"
  int64_t sur_nobs = 0, sur_clusters = 0;
  FitResult pooled;  // the fully interacted model
  double chow_f = 0, chow_df1 = 0, chow_df2 = 0, chow_p = 1;
};

GroupComparison compare_groups(const Formula& f, const DataFrame& d, const GroupTestOptions& o);

}  // namespace tradedig::measure
