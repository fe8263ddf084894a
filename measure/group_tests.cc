// Cross-group coefficient tests: per-group feols, a suest-style Wald test on stacked scores and the
// interaction (Chow) test in one pooled regression.
#include "measure/group_tests.h"

#include <algorithm>
#include <numeric>
#include <unordered_map>

#include <fmt/format.h>

#include "measure/model_frame.h"
#include "measure/row_subset.h"
#include "util/error.h"

namespace tradedig::measure {
namespace {

struct Groups {
  std::vector<std::string> labels;
  std::vector<std::vector<int64_t>> rows;  // DataFrame rows of each group
};

// Groups in the order i(by) uses for its dummies, so that the first group is its reference level.
Groups split_rows(const DataFrame& d, const std::string& by) {
  const Column* c = d.find(by);
  if (!c) throw UserError(fmt::format("The grouping variable {} is not in the data.", by));
  int32_t levels = 0;
  auto codes = factor_codes(*c, &levels);
  std::vector<std::string> label(static_cast<size_t>(levels));
  std::vector<double> value(static_cast<size_t>(levels));
  for (size_t i = 0; i < codes.size(); ++i) {
    if (codes[i] < 0) continue;
    const auto l = static_cast<size_t>(codes[i]);
    if (c->numeric) value[l] = c->values[i];
    label[l] = c->numeric ? fmt::format("{}", c->values[i]) : c->levels[l];
  }
  std::vector<size_t> order(static_cast<size_t>(levels));
  std::iota(order.begin(), order.end(), 0);
  if (!c->numeric) std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return label[a] < label[b]; });
  std::vector<size_t> position(order.size());
  for (size_t k = 0; k < order.size(); ++k) position[order[k]] = k;
  Groups g;
  g.rows.resize(order.size());
  for (size_t k = 0; k < order.size(); ++k) g.labels.push_back(label[order[k]]);
  for (size_t i = 0; i < codes.size(); ++i)
    if (codes[i] >= 0) g.rows[position[static_cast<size_t>(codes[i])]].push_back(static_cast<int64_t>(i));
  if (g.labels.size() < 2)
    throw UserError(fmt::format("The grouping variable {} has {} distinct value(s); at least two groups are needed.",
                                by, g.labels.size()));
  return g;
}

// Cluster codes over all rows of d for `a` or `a^b` (-1 = missing).
std::vector<int64_t> cluster_codes(const DataFrame& d, const std::string& spec) {
  std::vector<int64_t> out;
  size_t start = 0;
  for (size_t k = 0; k <= spec.size(); ++k) {
    if (k < spec.size() && spec[k] != '^') continue;
    const std::string name = spec.substr(start, k - start);
    start = k + 1;
    const Column* c = d.find(name);
    if (!c) throw UserError(fmt::format("The cluster variable {} is not in the data.", name));
    int32_t lv = 0;
    auto codes = factor_codes(*c, &lv);
    if (out.empty()) out.assign(codes.size(), 0);
    for (size_t i = 0; i < codes.size(); ++i) out[i] = (out[i] < 0 || codes[i] < 0) ? -1 : out[i] * lv + codes[i];
  }
  return out;
}

// y and X of a model frame with the fixed effects partialled out, as feols does it.
void absorb_fixed_effects(ModelFrame& mf, const FitOptions& o) {
  FitResult scratch;
  partial_out_fixed_effects(mf.fixed_effects, mf.w, o, mf.y, mf.X, scratch);
}

Eigen::Index position_of(const std::vector<std::string>& names, const std::string& name) {
  auto it = std::find(names.begin(), names.end(), name);
  return it == names.end() ? -1 : static_cast<Eigen::Index>(it - names.begin());
}

// One group's contribution to the stacked scores: for each observation (the DataFrame row `rows`),
// the score of every tested coefficient, (X̃'X̃)⁻¹ x̃_i e_i.
struct GroupScores {
  std::vector<int64_t> rows;
  Eigen::MatrixXd s;  // observations × tested coefficients
};

GroupScores group_scores(const Formula& f, const DataFrame& sub, const std::vector<int64_t>& sub_rows,
                         const FitResult& fit, const std::vector<Eigen::Index>& tested, const FitOptions& o) {
  ModelFrame mf = build_model_frame(f, sub, o);
  absorb_fixed_effects(mf, o);
  const auto k = static_cast<Eigen::Index>(fit.names.size());
  Eigen::MatrixXd Xk(mf.X.rows(), k);
  for (Eigen::Index a = 0; a < k; ++a) Xk.col(a) = mf.X.col(position_of(mf.names, fit.names[static_cast<size_t>(a)]));
  const Eigen::VectorXd e = mf.y - Xk * fit.coef;
  const Eigen::MatrixXd bread = (Xk.transpose() * Xk).ldlt().solve(Eigen::MatrixXd::Identity(k, k));
  Eigen::MatrixXd bt(k, static_cast<Eigen::Index>(tested.size()));
  for (size_t j = 0; j < tested.size(); ++j) bt.col(static_cast<Eigen::Index>(j)) = bread.col(tested[j]);
  GroupScores g;
  g.s = (Xk.array().colwise() * e.array()).matrix() * bt;
  for (int64_t r : mf.rows) g.rows.push_back(sub_rows[static_cast<size_t>(r)]);
  return g;
}

// W = d'(V)⁻¹d.
double wald(const Eigen::VectorXd& d, const Eigen::MatrixXd& v) {
  Eigen::FullPivLU<Eigen::MatrixXd> lu(v);
  if (!lu.isInvertible())
    throw UserError("The VCOV of the tested differences is singular; the Wald test is undefined.");
  return d.dot(lu.solve(d));
}

// The pooled model: every term also interacted with i(by); group intercepts or FE within groups.
Formula interacted(const Formula& f, const std::string& by) {
  Formula p = f;
  TermPart group;
  group.is_factor = true;
  group.factor_var = by;
  group.label = fmt::format("i({})", by);
  for (const Term& t : f.terms) {
    Term ti = t;
    ti.parts.push_back(group);
    ti.label = t.label + ":" + group.label;
    p.terms.push_back(ti);
  }
  if (f.fixed_effects.empty()) {
    if (f.intercept) p.terms.push_back(Term{{group}, group.label});
  } else {
    for (auto& fe : p.fixed_effects) fe.push_back(by);
  }
  p.text = f.text + " (interacted with " + by + ")";
  return p;
}

std::string joined(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
  return s;
}

}  // namespace

GroupComparison compare_groups(const Formula& f, const DataFrame& d, const GroupTestOptions& o) {
  if (o.test.empty()) throw UserError("Name at least one coefficient to test across groups (--test).");
  if (!o.fit.weights.empty()) throw UserError("The cross-group tests do not support weights.");
  if (o.fit.cluster.size() > 1)
    throw UserError("The SUR (suest) test takes one cluster variable; combine several as a^b.");
  for (const auto& v : formula_variables(f))
    if (v == o.by) throw UserError(fmt::format("The grouping variable {} cannot also appear in the formula.", o.by));
  Groups groups = split_rows(d, o.by);
  const size_t ng = groups.labels.size(), q = o.test.size();
  std::vector<int64_t> clusters;
  if (!o.fit.cluster.empty()) clusters = cluster_codes(d, o.fit.cluster[0]);

  GroupComparison c;
  c.groups = groups.labels;
  std::vector<GroupScores> scores;
  std::vector<Eigen::VectorXd> b(ng, Eigen::VectorXd(static_cast<Eigen::Index>(q)));
  for (size_t g = 0; g < ng; ++g) {
    const DataFrame sub = select_rows(d, groups.rows[g]);
    try {
      c.fits.push_back(feols(f, sub, o.fit));
    } catch (const UserError& e) {
      throw UserError(fmt::format("In the group {} = {}: {}", o.by, groups.labels[g], e.what()));
    }
    const FitResult& fit = c.fits.back();
    std::vector<Eigen::Index> tested;
    for (size_t j = 0; j < q; ++j) {
      const Eigen::Index at = position_of(fit.names, o.test[j]);
      if (at < 0)
        throw UserError(fmt::format("The coefficient {} is not estimated in the group {} = {} (coefficients: {}).",
                                    o.test[j], o.by, groups.labels[g], joined(fit.names)));
      tested.push_back(at);
      b[g][static_cast<Eigen::Index>(j)] = fit.coef[at];
    }
    scores.push_back(group_scores(f, sub, groups.rows[g], fit, tested, o.fit));
  }

  // suest: V = factor · Σ_c u_c u_c' over clusters (each observation its own cluster when robust).
  const auto cols = static_cast<Eigen::Index>(ng * q);
  std::unordered_map<int64_t, Eigen::Index> cluster_index;
  int64_t n_obs = 0;
  for (const auto& s : scores) n_obs += static_cast<int64_t>(s.rows.size());
  Eigen::MatrixXd U = Eigen::MatrixXd::Zero(static_cast<Eigen::Index>(n_obs), cols);
  Eigen::Index next = 0;
  for (size_t g = 0; g < ng; ++g)
    for (size_t i = 0; i < scores[g].rows.size(); ++i) {
      Eigen::Index row = next;
      if (!clusters.empty()) {
        auto [it, added] = cluster_index.emplace(clusters[static_cast<size_t>(scores[g].rows[i])], next);
        row = it->second;
        if (added) ++next;
      } else {
        ++next;
      }
      U.block(row, static_cast<Eigen::Index>(g * q), 1, static_cast<Eigen::Index>(q)) +=
          scores[g].s.row(static_cast<Eigen::Index>(i));
    }
  const double units = static_cast<double>(next);
  const Eigen::MatrixXd V = units / (units - 1.0) * U.topRows(next).transpose() * U.topRows(next);
  c.sur_nobs = n_obs;
  c.sur_clusters = clusters.empty() ? 0 : next;
  c.sur_vcov = clusters.empty() ? "robust" : fmt::format("cluster({})", o.fit.cluster[0]);

  // H0: b_g − b_1 = 0 for g ≥ 2 and every tested coefficient.
  const auto nd = static_cast<Eigen::Index>((ng - 1) * q);
  Eigen::MatrixXd R = Eigen::MatrixXd::Zero(nd, cols);
  Eigen::VectorXd diff(nd);
  for (size_t g = 1; g < ng; ++g)
    for (size_t j = 0; j < q; ++j) {
      const auto r = static_cast<Eigen::Index>((g - 1) * q + j);
      R(r, static_cast<Eigen::Index>(g * q + j)) = 1;
      R(r, static_cast<Eigen::Index>(j)) = -1;
      diff[r] = b[g][static_cast<Eigen::Index>(j)] - b[0][static_cast<Eigen::Index>(j)];
    }
  const Eigen::MatrixXd vd = R * V * R.transpose();
  c.sur_chi2 = wald(diff, vd);
  c.sur_df = static_cast<int>(nd);
  c.sur_p = chi2_upper_p(c.sur_chi2, c.sur_df);

  // Interaction (Chow) test in the pooled, fully interacted model.
  try {
    c.pooled = feols(interacted(f, o.by), d, o.fit);
  } catch (const UserError& e) {
    throw UserError(fmt::format("The pooled interaction model could not be fitted: {}", e.what()));
  }
  std::vector<Eigen::Index> at;
  for (size_t g = 1; g < ng; ++g)
    for (size_t j = 0; j < q; ++j) {
      const std::string name = fmt::format("{}:{}::{}", o.test[j], o.by, groups.labels[g]);
      const Eigen::Index k = position_of(c.pooled.names, name);
      if (k < 0)
        throw UserError(fmt::format("The interaction {} was dropped from the pooled model (collinear).", name));
      at.push_back(k);
    }
  Eigen::VectorXd pd(nd);
  Eigen::MatrixXd pv(nd, nd);
  for (Eigen::Index a = 0; a < nd; ++a) {
    pd[a] = c.pooled.coef[at[static_cast<size_t>(a)]];
    for (Eigen::Index k = 0; k < nd; ++k)
      pv(a, k) = c.pooled.vcov(at[static_cast<size_t>(a)], at[static_cast<size_t>(k)]);
  }
  c.chow_df1 = static_cast<double>(nd);
  c.chow_df2 = c.pooled.df_resid;
  c.chow_f = wald(pd, pv) / c.chow_df1;
  c.chow_p = f_upper_p(c.chow_f, c.chow_df1, c.chow_df2);

  for (size_t g = 1; g < ng; ++g)
    for (size_t j = 0; j < q; ++j) {
      const auto r = static_cast<Eigen::Index>((g - 1) * q + j);
      c.differences.push_back({o.test[j], groups.labels[g], diff[r], std::sqrt(vd(r, r)), std::sqrt(pv(r, r))});
    }

  const std::string tested = joined(o.test);
  c.fits.back().extra_stats.push_back(
      {fmt::format("SUR chi2({}) {}", c.sur_df, tested), fmt::format("{:.4f}", c.sur_chi2)});
  c.fits.back().extra_stats.push_back({"SUR p-value", fmt::format("{:.4f}", c.sur_p)});
  c.fits.back().extra_stats.push_back(
      {fmt::format("Interaction F({}, {:g}) {}", c.sur_df, c.chow_df2, tested), fmt::format("{:.4f}", c.chow_f)});
  c.fits.back().extra_stats.push_back({"Interaction p-value", fmt::format("{:.4f}", c.chow_p)});
  return c;
}

}  // namespace tradedig::measure
