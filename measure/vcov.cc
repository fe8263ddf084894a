// Variance–covariance matrices with the reghdfe/fixest small-sample conventions
// (REFERENCES.md §1.1 Regression.mata, §1.2 fixest ssc() defaults up to 0.12.x):
//   iid     V = RSS/(N - df_a - df_m) · (X'X)^-1
//   HC1     V = N/(N - df_a - df_m) · bread · Σ x_i x_i' e_i² · bread
//   cluster V = (N-1)/(N - nested_adj - df_m - df_a) · G/(G-1) · bread · meat · bread,
//           G = min over cluster dimensions, multiway meat by inclusion–exclusion, t with G-1 df.
// With frequency weights N = Σw and the HC1 meat is Σ w_i e_i² x_i x_i', so every matrix equals
// the one of the data expanded by the weights (Stata's reg/reghdfe [fw=]).
#include <algorithm>
#include <unordered_map>

#include <Eigen/Eigenvalues>
#include <fmt/format.h>

#include "measure/model_frame.h"

namespace tradedig::measure {
namespace {

// Σ_g s_g s_g' with s_g = Σ_{i in g} we_i x_i, for groups given by codes.
Eigen::MatrixXd one_way_meat(const Eigen::MatrixXd& X, const Eigen::VectorXd& we, const std::vector<int64_t>& codes,
                             int64_t groups) {
  Eigen::MatrixXd scores = Eigen::MatrixXd::Zero(groups, X.cols());
  for (Eigen::Index j = 0; j < X.cols(); ++j)
    for (Eigen::Index i = 0; i < X.rows(); ++i) scores(codes[static_cast<size_t>(i)], j) += X(i, j) * we[i];
  return scores.transpose() * scores;
}

// Codes of the intersection of several cluster dimensions (dense).
std::vector<int64_t> intersect(const std::vector<Grouping>& cl, unsigned mask, int64_t* groups) {
  const size_t n = cl[0].codes.size();
  std::vector<int64_t> out(n, 0);
  std::unordered_map<int64_t, int64_t> index;
  int64_t count = 0;
  bool first = true;
  for (size_t d = 0; d < cl.size(); ++d) {
    if (!(mask & (1u << d))) continue;
    if (first) {
      for (size_t i = 0; i < n; ++i) out[i] = cl[d].codes[i];
      count = cl[d].levels;
      first = false;
      continue;
    }
    index.clear();
    int64_t next = 0;
    for (size_t i = 0; i < n; ++i) {
      auto [it, added] = index.emplace(out[i] * cl[d].levels + cl[d].codes[i], next);
      if (added) ++next;
      out[i] = it->second;
    }
    count = next;
  }
  *groups = count;
  return out;
}

}  // namespace

Eigen::MatrixXd cluster_meat(const Eigen::MatrixXd& X, const Eigen::VectorXd& we, const std::vector<Grouping>& cl,
                             std::vector<int64_t>* n_clusters) {
  Eigen::MatrixXd meat = Eigen::MatrixXd::Zero(X.cols(), X.cols());
  n_clusters->clear();
  for (unsigned mask = 1; mask < (1u << cl.size()); ++mask) {
    int64_t groups = 0;
    auto codes = intersect(cl, mask, &groups);
    const int sign = (__builtin_popcount(mask) % 2 == 1) ? 1 : -1;
    meat += sign * one_way_meat(X, we, codes, groups);
    if (__builtin_popcount(mask) == 1) n_clusters->push_back(groups);
  }
  return meat;
}

void compute_vcov(const VcovInput& in, FitResult& r) {
  const Eigen::MatrixXd& X = *in.X;
  const Eigen::VectorXd& e = *in.e;
  const bool weighted = in.w && in.w->size();
  const bool frequency = weighted && in.frequency_weights;
  const double n = frequency ? in.w->sum() : static_cast<double>(X.rows());
  const double df_m = static_cast<double>(X.cols());
  Eigen::VectorXd we = weighted ? Eigen::VectorXd(e.array() * in.w->array()) : e;

  if (in.type == VcovType::kIid) {
    const double rss = e.dot(we);
    r.df_resid = n - in.df_a - df_m;
    r.vcov = rss / (in.small_sample ? r.df_resid : n) * in.bread;
    r.vcov_type = "iid";
    return;
  }
  if (in.type == VcovType::kHetero) {
    // Row i's score x_i·w_i·e_i; a frequency weight counts w_i copies of x_i·e_i instead.
    // Σ s_i² x_i x_i' with s_i = w_i e_i (a frequency weight: s_i² = w_i e_i²).
    const Eigen::VectorXd s2 = frequency ? Eigen::VectorXd(e.array().square() * in.w->array()) : Eigen::VectorXd(we.array().square());
    r.df_resid = n - in.df_a - df_m;
    r.vcov = (in.small_sample ? n / r.df_resid : 1.0) * in.bread * weighted_crossprod(X, s2) * in.bread;
    r.vcov_type = in.small_sample ? "HC1" : "HC0";
    return;
  }
  const auto& cl = *in.clusters;
  Eigen::MatrixXd meat = cluster_meat(X, we, cl, &r.n_clusters);
  const int64_t g_min = *std::min_element(r.n_clusters.begin(), r.n_clusters.end());
  const double g = static_cast<double>(g_min);
  // nested_adj = 1 when an FE is nested in a cluster "so we match xtreg" (reghdfe).
  const double q = !in.small_sample ? 1.0 : (n - 1.0) / (n - (in.any_nested ? 1.0 : 0.0) - df_m - in.df_a) * g / (g - 1.0);
  r.vcov = q * in.bread * meat * in.bread;
  r.df_resid = g - 1.0;
  std::string names;
  for (const auto& c : cl) names += (names.empty() ? "" : ", ") + c.name;
  r.vcov_type = fmt::format("cluster({})", names);
  if (cl.size() > 1) {
    // Multiway V may be indefinite: clip negative eigenvalues (Cameron, Gelbach & Miller 2011),
    // as reghdfe and fixest's mat_posdef_fix do.
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(r.vcov);
    if (es.eigenvalues().minCoeff() < 0) {
      Eigen::VectorXd ev = es.eigenvalues().cwiseMax(0.0);
      r.vcov = es.eigenvectors() * ev.asDiagonal() * es.eigenvectors().transpose();
      r.messages.push_back("The multiway-clustered VCOV was not positive semi-definite; negative eigenvalues were set to 0.");
    }
  }
}

}  // namespace tradedig::measure
