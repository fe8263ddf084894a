// match_on_score: checks the input, applies the common-support rule and the caliper, runs the
// matching in each requested direction and derives psmatch2's weights and the matched counts.
#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "measure/matching_internal.h"
#include "util/error.h"

namespace tradedig::measure {
namespace {

double sample_sd(const Eigen::VectorXd& v) {
  const double mean = v.mean();
  return std::sqrt((v.array() - mean).square().sum() / static_cast<double>(v.size() - 1));
}

// psmatch2 `common`: a unit of one group is on support when its score lies within the range of the
// other group's scores. Controls are only checked when they are matched too (ATU/ATE).
std::vector<char> common_support(const std::vector<char>& treated, const Eigen::VectorXd& score, const MatchingOptions& o) {
  const size_t n = treated.size();
  std::vector<char> on(n, 1);
  if (o.support == CommonSupport::kNone) return on;
  double lo[2] = {INFINITY, INFINITY}, hi[2] = {-INFINITY, -INFINITY};
  for (size_t i = 0; i < n; ++i) {
    const int g = treated[i] ? 1 : 0;
    lo[g] = std::min(lo[g], score[static_cast<Eigen::Index>(i)]);
    hi[g] = std::max(hi[g], score[static_cast<Eigen::Index>(i)]);
  }
  for (size_t i = 0; i < n; ++i) {
    const int other = treated[i] ? 0 : 1;
    if (!treated[i] && !o.match_controls) continue;
    const double s = score[static_cast<Eigen::Index>(i)];
    if (s < lo[other] || s > hi[other]) on[i] = 0;
  }
  return on;
}

}  // namespace

Matching match_on_score(const std::vector<char>& treated, const Eigen::VectorXd& score, const MatchingOptions& o) {
  const auto n = static_cast<int64_t>(treated.size());
  if (score.size() != n)
    throw UserError(fmt::format("The score has {} values but there are {} units.", score.size(), n));
  if (o.neighbors < 1) throw UserError("The number of neighbours must be at least 1.");
  if (o.method == MatchMethod::kKernel && !(o.bandwidth > 0)) throw UserError("The kernel bandwidth must be positive.");
  if (o.caliper < 0) throw UserError("The caliper must not be negative.");
  for (int64_t i = 0; i < n; ++i)
    if (!std::isfinite(score[i])) throw UserError(fmt::format("The score of unit {} is missing.", i + 1));

  Matching m;
  m.options = o;
  m.treated = treated;
  m.score = score;
  for (char t : treated) (t ? m.n_treated : m.n_control)++;
  if (m.n_treated == 0 || m.n_control == 0) throw UserError("Matching needs both treated and control units.");
  if (o.caliper > 0) m.caliper = o.caliper_in_sd ? o.caliper * sample_sd(score) : o.caliper;
  m.on_support = common_support(treated, score, o);

  std::vector<int64_t> t_units, c_units;
  for (int64_t i = 0; i < n; ++i)
    if (m.on_support[static_cast<size_t>(i)]) (treated[static_cast<size_t>(i)] ? t_units : c_units).push_back(i);
  const auto off = static_cast<int64_t>(std::count(m.on_support.begin(), m.on_support.end(), 0));
  if (off > 0) m.messages.push_back(fmt::format("{} units are off the common support and were not matched.", off));

  m.matches.assign(static_cast<size_t>(n), {});
  auto run = [&](const std::vector<int64_t>& from, const std::vector<int64_t>& to) {
    if (o.method == MatchMethod::kKernel) kernel_match(score, from, to, o, m.matches);
    else nearest_neighbor_match(score, from, to, o, m.caliper, m.matches);
  };
  run(t_units, c_units);
  if (o.match_controls) run(c_units, t_units);

  m.weight_att = Eigen::VectorXd::Zero(n);
  m.weight_atu = Eigen::VectorXd::Zero(n);
  for (int64_t i = 0; i < n; ++i) {
    const MatchedSet& s = m.matches[static_cast<size_t>(i)];
    if (s.units.empty()) continue;
    Eigen::VectorXd& w = treated[static_cast<size_t>(i)] ? m.weight_att : m.weight_atu;
    w[i] += 1;
    for (size_t k = 0; k < s.units.size(); ++k) w[s.units[k]] += s.weights[k];
    (treated[static_cast<size_t>(i)] ? m.n_treated_matched : m.n_control_as_units)++;
  }
  for (int64_t i = 0; i < n; ++i)
    if (!treated[static_cast<size_t>(i)] && m.weight_att[i] > 0) ++m.n_control_matched;
  if (m.n_treated_matched == 0) throw UserError("No treated unit found a match; widen the caliper or bandwidth.");
  if (m.n_treated_matched < static_cast<int64_t>(t_units.size()))
    m.messages.push_back(fmt::format("{} treated units on support found no match within the {} and were dropped.",
                                     static_cast<int64_t>(t_units.size()) - m.n_treated_matched,
                                     o.method == MatchMethod::kKernel ? "bandwidth" : "caliper"));
  return m;
}

}  // namespace tradedig::measure
