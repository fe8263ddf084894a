// Covariate balance before and after matching: MatchIt's standardized mean differences and
// psmatch2/pstest's %bias, bias reduction and t-tests, in one table laid out like pstest.
#include <cmath>

#include <fmt/format.h>

#include "measure/grid_table.h"
#include "measure/matching.h"
#include "util/error.h"

namespace tradedig::measure {
namespace {

// Weighted means, sums of weights and within-group sums of squares of x by treatment.
struct GroupMoments {
  double w[2] = {0, 0}, mean[2] = {0, 0}, ss[2] = {0, 0};
};

GroupMoments moments(const std::vector<char>& treated, const Eigen::VectorXd& x, const Eigen::VectorXd& w) {
  GroupMoments g;
  for (Eigen::Index i = 0; i < x.size(); ++i) {
    if (w[i] <= 0) continue;
    const int t = treated[static_cast<size_t>(i)] ? 1 : 0;
    g.w[t] += w[i];
    g.mean[t] += w[i] * x[i];
  }
  for (int t = 0; t < 2; ++t) g.mean[t] /= g.w[t];
  for (Eigen::Index i = 0; i < x.size(); ++i) {
    if (w[i] <= 0) continue;
    const int t = treated[static_cast<size_t>(i)] ? 1 : 0;
    g.ss[t] += w[i] * (x[i] - g.mean[t]) * (x[i] - g.mean[t]);
  }
  return g;
}

// t-test of the treated–control difference from `regress x T [iw = w]`: pooled residual variance
// with Σw − 2 degrees of freedom (with unit weights, the equal-variance two-sample t-test).
void regression_t(const GroupMoments& g, double* t, double* p) {
  const double df = g.w[0] + g.w[1] - 2;
  const double s2 = (g.ss[0] + g.ss[1]) / df;
  *t = (g.mean[1] - g.mean[0]) / std::sqrt(s2 * (1 / g.w[0] + 1 / g.w[1]));
  *p = t_two_sided_p(*t, df);
}

BalanceRow balance_row(const Matching& m, const std::string& name, const Eigen::VectorXd& x) {
  for (Eigen::Index i = 0; i < x.size(); ++i)
    if (!std::isfinite(x[i])) throw UserError(fmt::format("Covariate {} has a missing value at unit {}.", name, i + 1));
  BalanceRow r;
  r.name = name;
  r.binary = (x.array() == 0 || x.array() == 1).all();
  const GroupMoments before = moments(m.treated, x, Eigen::VectorXd::Ones(x.size()));
  const GroupMoments after = moments(m.treated, x, m.weight_att);
  r.mean_treated_before = before.mean[1];
  r.mean_control_before = before.mean[0];
  r.mean_treated_after = after.mean[1];
  r.mean_control_after = after.mean[0];
  const double var_t = before.ss[1] / (before.w[1] - 1), var_c = before.ss[0] / (before.w[0] - 1);
  // MatchIt: SD of the treated in the full sample; √(p(1−p)) without n−1 for binary variables.
  const double p = before.mean[1];
  const double sd_t = r.binary ? std::sqrt(p * (1 - p)) : std::sqrt(var_t);
  r.smd_before = (before.mean[1] - before.mean[0]) / sd_t;
  r.smd_after = (after.mean[1] - after.mean[0]) / sd_t;
  // pstest: the same unmatched-sample denominator before and after.
  const double pooled = std::sqrt((var_t + var_c) / 2);
  r.bias_before = 100 * (before.mean[1] - before.mean[0]) / pooled;
  r.bias_after = 100 * (after.mean[1] - after.mean[0]) / pooled;
  r.bias_reduction = 100 * (1 - std::fabs(r.bias_after) / std::fabs(r.bias_before));
  regression_t(before, &r.t_before, &r.p_before);
  regression_t(after, &r.t_after, &r.p_after);
  return r;
}

std::string num(double v, int digits) { return std::isfinite(v) ? fmt::format("{:.{}f}", v, digits) : ""; }

}  // namespace

BalanceTable balance_table(const Matching& m, const std::vector<std::string>& names, const Eigen::MatrixXd& X) {
  if (X.rows() != static_cast<Eigen::Index>(m.treated.size()))
    throw UserError(fmt::format("The covariates have {} rows but {} units were matched.", X.rows(), m.treated.size()));
  if (static_cast<Eigen::Index>(names.size()) != X.cols()) throw UserError("Each covariate column needs a name.");
  BalanceTable b;
  b.rows.push_back(balance_row(m, "distance", m.score));
  for (Eigen::Index j = 0; j < X.cols(); ++j) b.rows.push_back(balance_row(m, names[static_cast<size_t>(j)], X.col(j)));
  b.n_treated = m.n_treated;
  b.n_control = m.n_control;
  b.n_treated_matched = m.n_treated_matched;
  b.n_control_matched = m.n_control_matched;
  return b;
}

std::string render_balance(const BalanceTable& b, TableFormat format, int digits) {
  const std::vector<std::string> header = {"Variable", "Sample", "Mean treated", "Mean control", "SMD", "%bias",
                                           "%reduct |bias|", "t", "p>|t|"};
  std::vector<std::vector<std::string>> rows;
  for (const auto& r : b.rows) {
    rows.push_back({r.name, "Unmatched", num(r.mean_treated_before, digits), num(r.mean_control_before, digits),
                    num(r.smd_before, digits), num(r.bias_before, 1), "", num(r.t_before, 2), num(r.p_before, 3)});
    rows.push_back({"", "Matched", num(r.mean_treated_after, digits), num(r.mean_control_after, digits),
                    num(r.smd_after, digits), num(r.bias_after, 1), num(r.bias_reduction, 1), num(r.t_after, 2),
                    num(r.p_after, 3)});
  }
  const std::string note = fmt::format(
      "Treated: {} ({} matched). Controls: {} ({} matched, {} unmatched). SMD = (mean_T - mean_C) / SD of the "
      "treated before matching (sqrt(p(1-p)) for 0/1 variables), as MatchIt; %bias as pstest.",
      b.n_treated, b.n_treated_matched, b.n_control, b.n_control_matched, b.n_control - b.n_control_matched);
  return render_grid(header, rows, format, note);
}

}  // namespace tradedig::measure
