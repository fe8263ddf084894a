// Under- and weak-identification statistics of ivreg2, computed as its ranktest does (ranktest
// 2.0.04, full-rank test): canonical correlations under iid errors, the Kleibergen–Paap (2006) rk
// statistic by SVD otherwise (REFERENCES.md §2.4).
#include <Eigen/Eigenvalues>
#include <algorithm>
#include <cmath>

#include "measure/iv.h"
#include "measure/model_frame.h"
#include "util/error.h"

namespace tradedig::measure {
namespace {

Eigen::MatrixXd kron(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b) {
  Eigen::MatrixXd out(a.rows() * b.rows(), a.cols() * b.cols());
  for (Eigen::Index i = 0; i < a.rows(); ++i)
    for (Eigen::Index j = 0; j < a.cols(); ++j) out.block(i * b.rows(), j * b.cols(), b.rows(), b.cols()) = a(i, j) * b;
  return out;
}

Eigen::MatrixXd sqrt_psd(const Eigen::MatrixXd& m) {
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(m);
  Eigen::VectorXd ev = es.eigenvalues().cwiseMax(0.0).cwiseSqrt();
  return es.eigenvectors() * ev.asDiagonal() * es.eigenvectors().transpose();
}

// Kleibergen–Paap rk statistic for H0: rank(Π) = k2 − 1, Π the coefficients of Z in the
// regression of Y on Z. Θ = Lz'Π Ly⁻ᵀ with Lz Lz' = Z'Z/N and Ly Ly' = Y'Y/N; the moments
// (v_i ⊗ z_i) use v = Y (LM version) or the first-stage residuals (Wald version), their variance S
// is HC0 (Σ/N) or summed within clusters; Var(vec Θ)·N = (Ly⁻¹ ⊗ Lz⁻¹) S (Ly⁻¹ ⊗ Lz⁻¹)'. With
// Θ = U Σ V' (singular values descending) and q = k2 − 1, the projections on the smallest
// singular value are A = U[:, q:] U22⁻¹ (U22 U22')^½ and B = (V22 V22')^½ V22'⁻¹ V[:, q:]' and the
// statistic is N λ'(K Var K')⁻¹λ with λ = K vec Θ, K = B ⊗ A'.
double kp_rk_statistic(const Eigen::MatrixXd& Y, const Eigen::MatrixXd& Z, const Eigen::MatrixXd& pi,
                       const Eigen::MatrixXd& v, VcovType type, const std::vector<Grouping>& clusters,
                       double* fewest_clusters) {
  const double n = static_cast<double>(Y.rows());
  const Eigen::Index k2 = Y.cols(), l2 = Z.cols(), q = k2 - 1;
  const Eigen::MatrixXd Lz = Eigen::LLT<Eigen::MatrixXd>(Z.transpose() * Z / n).matrixL();
  const Eigen::MatrixXd Ly = Eigen::LLT<Eigen::MatrixXd>(Y.transpose() * Y / n).matrixL();
  const Eigen::MatrixXd Lz_inv = Lz.triangularView<Eigen::Lower>().solve(Eigen::MatrixXd::Identity(l2, l2));
  const Eigen::MatrixXd Ly_inv = Ly.triangularView<Eigen::Lower>().solve(Eigen::MatrixXd::Identity(k2, k2));
  const Eigen::MatrixXd theta = Lz.transpose() * pi * Ly_inv.transpose();

  // Scores: column j·l2 + a is v_j ∘ z_a, the order of vec(Π).
  Eigen::MatrixXd scores(Y.rows(), k2 * l2);
  for (Eigen::Index j = 0; j < k2; ++j)
    for (Eigen::Index a = 0; a < l2; ++a) scores.col(j * l2 + a) = v.col(j).cwiseProduct(Z.col(a));
  Eigen::MatrixXd S;
  if (type == VcovType::kCluster) {
    std::vector<int64_t> groups;
    S = cluster_meat(scores, Eigen::VectorXd::Ones(Y.rows()), clusters, &groups) / n;
    *fewest_clusters = static_cast<double>(*std::min_element(groups.begin(), groups.end()));
  } else {
    S = scores.transpose() * scores / n;
  }
  const Eigen::MatrixXd T = kron(Ly_inv, Lz_inv);
  const Eigen::MatrixXd var = T * S * T.transpose();

  Eigen::JacobiSVD<Eigen::MatrixXd> svd(theta, Eigen::ComputeFullU | Eigen::ComputeFullV);
  const Eigen::MatrixXd& U = svd.matrixU();
  const Eigen::MatrixXd& V = svd.matrixV();
  const Eigen::MatrixXd u22 = U.bottomRightCorner(l2 - q, l2 - q);
  const Eigen::MatrixXd v22 = V.bottomRightCorner(k2 - q, k2 - q);
  const Eigen::MatrixXd A = U.rightCols(l2 - q) * u22.inverse() * sqrt_psd(u22 * u22.transpose());
  const Eigen::MatrixXd B =
      sqrt_psd(v22 * v22.transpose()) * v22.transpose().inverse() * V.rightCols(k2 - q).transpose();
  const Eigen::MatrixXd K = kron(B, A.transpose());
  const Eigen::VectorXd lambda = K * Eigen::Map<const Eigen::VectorXd>(theta.data(), theta.size());
  const Eigen::MatrixXd vlab = K * var * K.transpose();
  return n * lambda.dot(vlab.ldlt().solve(lambda));
}

}  // namespace

IvDiagnostics identification_tests(const Eigen::MatrixXd& Y, const Eigen::MatrixXd& Z, VcovType type,
                                   const std::vector<Grouping>& clusters, double dof) {
  const double n = static_cast<double>(Y.rows());
  const Eigen::Index k2 = Y.cols(), l2 = Z.cols();
  const Eigen::MatrixXd zz = Z.transpose() * Z, zy = Z.transpose() * Y, yy = Y.transpose() * Y;
  Eigen::LLT<Eigen::MatrixXd> zllt(zz);
  if (zllt.info() != Eigen::Success || Eigen::LLT<Eigen::MatrixXd>(yy).info() != Eigen::Success)
    throw UserError(
        "The identification tests need instruments and endogenous regressors that vary beyond the exogenous ones.");
  const Eigen::MatrixXd pi = zllt.solve(zy);

  IvDiagnostics d;
  d.excluded_instruments = static_cast<int>(l2);
  // Squared canonical correlations: eigenvalues of (Y'Y)⁻¹ Y'P_Z Y, smallest first.
  Eigen::GeneralizedSelfAdjointEigenSolver<Eigen::MatrixXd> ges(zy.transpose() * pi, yy);
  const double cc2 = ges.eigenvalues()(0);
  d.cragg_donald_f = cc2 / (1.0 - cc2) * dof / static_cast<double>(l2);
  d.kp_lm_df = static_cast<double>(l2 - k2 + 1);
  if (type == VcovType::kIid) {
    d.kp_lm = n * cc2;
    d.kp_wald_f = d.cragg_donald_f;
  } else {
    double g = 0;
    d.kp_lm = kp_rk_statistic(Y, Z, pi, Y, type, clusters, &g);
    const double wald = kp_rk_statistic(Y, Z, pi, Y - Z * pi, type, clusters, &g);
    if (type == VcovType::kCluster) {
      d.kp_wald_f = wald / (n - 1.0) * dof * (g - 1.0) / g / static_cast<double>(l2);
    } else {
      d.kp_wald_f = wald / n * dof / static_cast<double>(l2);
    }
  }
  d.kp_lm_p = chi2_upper_p(d.kp_lm, d.kp_lm_df);
  return d;
}

}  // namespace tradedig::measure
