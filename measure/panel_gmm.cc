// One- and two-step GMM over the individuals' equation blocks (gmm_instruments.cc), with pgmm's
// VCOVs: one-step robust sandwich, two-step uncorrected or Windmeijer (2005) corrected
// (plm vcovHC.pgmm), then the specification tests (gmm_tests.cc) and the FitResult for tables.
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "measure/gmm_internal.h"
#include "util/error.h"

namespace tradedig::measure {
namespace {

using Eigen::Index;
using Eigen::MatrixXd;
using Eigen::VectorXd;

// pgmm: when the smallest eigenvalue of a weighting matrix is below 1e-9 it is inverted with
// MASS::ginv (singular values below sqrt(eps) times the largest are dropped) and a warning is given.
MatrixXd weighting_inverse(const MatrixXd& s, const char* which, std::vector<std::string>& messages) {
  Eigen::SelfAdjointEigenSolver<MatrixXd> es(s);
  const VectorXd& ev = es.eigenvalues();
  // LU with partial pivoting as R's solve(): Eigen's LDLT (diagonal pivoting only) loses digits on
  // these ill-conditioned system-GMM matrices (≈1e-7 relative on EmplUK's coefficients).
  if (ev.size() > 0 && ev.minCoeff() >= 1e-9) return s.partialPivLu().inverse();
  messages.push_back(fmt::format("The {} weighting matrix is singular; its generalised inverse is used (as plm::pgmm "
                                 "does). Fewer or collapsed instruments avoid this.", which));
  const double tol = std::sqrt(std::numeric_limits<double>::epsilon()) * ev.cwiseAbs().maxCoeff();
  VectorXd inv = VectorXd::Zero(ev.size());
  for (Index k = 0; k < ev.size(); ++k)
    if (std::fabs(ev[k]) > tol) inv[k] = 1.0 / ev[k];
  return es.eigenvectors() * inv.asDiagonal() * es.eigenvectors().transpose();
}

// (ZX' A ZX)⁻¹; UserError when the instruments leave a coefficient unidentified.
MatrixXd gmm_bread(const MatrixXd& zx, const MatrixXd& a, const std::vector<std::string>& names) {
  MatrixXd m = zx.transpose() * a * zx;
  Eigen::SelfAdjointEigenSolver<MatrixXd> es(m);
  const VectorXd& ev = es.eigenvalues();
  if (ev.size() > 0 && !(ev.minCoeff() > 1e-12 * ev.cwiseAbs().maxCoeff())) {
    // The eigenvector of the smallest eigenvalue shows which coefficients are not identified.
    Index worst = 0;
    es.eigenvectors().col(0).cwiseAbs().maxCoeff(&worst);
    throw UserError(fmt::format("The instruments do not identify the coefficients (check {} for collinearity or for "
                                "no variation over time).", names[static_cast<size_t>(worst)]));
  }
  return m.partialPivLu().inverse();
}

std::string format_stat(const GmmTest& t, bool with_df) {
  if (std::isnan(t.statistic)) return "";
  if (with_df) return fmt::format("{:.3f} ({:g})", t.statistic, t.df);
  return fmt::format("{:.3f}", t.statistic);
}

std::string format_p(const GmmTest& t) { return std::isnan(t.p) ? "" : fmt::format("{:.4f}", t.p); }

FitResult make_fit(const std::string& formula, const GmmDesign& design, const GmmOptions& o, const GmmResult& g,
                   int64_t nobs, const std::vector<std::string>& messages) {
  const bool two_step = o.steps == GmmSteps::kTwoStep;
  FitResult r;
  r.formula = formula;
  const Index k = design.k_main();
  r.names.assign(design.coef_names().begin(), design.coef_names().begin() + k);
  r.coef = g.all_coef.head(k);
  r.vcov = g.all_vcov.topLeftCorner(k, k);
  r.se = r.vcov.diagonal().cwiseSqrt();
  r.t = r.coef.cwiseQuotient(r.se);
  r.p.resize(k);
  r.ci_low.resize(k);
  r.ci_high.resize(k);
  const double zq = normal_quantile(0.975);
  for (Index j = 0; j < k; ++j) {
    r.p[j] = 2 * normal_cdf(-std::fabs(r.t[j]));
    r.ci_low[j] = r.coef[j] - zq * r.se[j];
    r.ci_high[j] = r.coef[j] + zq * r.se[j];
  }
  r.nobs = nobs;
  r.messages = messages;
  r.df_resid = std::numeric_limits<double>::infinity();  // z tests, as pgmm
  r.vcov_type = o.vcov == GmmVcov::kClassical ? "classical" : two_step ? "Windmeijer" : "robust";
  r.estimator = o.transformation == GmmTransformation::kSystem ? "System GMM" : "Difference GMM";
  const double nan = std::numeric_limits<double>::quiet_NaN();
  r.rss = r.tss = r.tss_within = r.r2 = r.adj_r2 = r.within_r2 = r.within_adj_r2 = nan;
  r.f_stat = r.f_p = nan;
  r.demean_method = "none";
  r.extra_stats = {
      {"GMM steps", two_step ? "two-step" : "one-step"},
      {"Time dummies", o.effect == GmmEffect::kTwoWays ? "Yes" : "No"},
      {"Groups", fmt::format("{}", g.groups)},
      {"Instruments", fmt::format("{}", g.instruments)},
      {"Sargan-Hansen J (df)", format_stat(g.sargan, true)},
      {"Sargan-Hansen p", format_p(g.sargan)},
      {"AR(1) z", format_stat(g.ar1, false)},
      {"AR(1) p", format_p(g.ar1)},
      {"AR(2) z", format_stat(g.ar2, false)},
      {"AR(2) p", format_p(g.ar2)},
      {"Wald coefficients (df)", format_stat(g.wald_coef, true)},
  };
  if (!std::isnan(g.wald_time.statistic))
    r.extra_stats.push_back({"Wald time dummies (df)", format_stat(g.wald_time, true)});
  return r;
}

}  // namespace

GmmResult panel_gmm(const std::string& formula, const DataFrame& d, const GmmOptions& o) {
  const bool two_step = o.steps == GmmSteps::kTwoStep;
  if (!two_step && o.vcov == GmmVcov::kClassical)
    throw UserError("The one-step GMM estimator has only robust standard errors here; use the two-step estimator for "
                    "the classical ones.");
  DynamicFormula f = parse_dynamic_formula(formula);
  GmmPanel panel = build_gmm_panel(f, d, o.id, o.time);
  GmmDesign design(f, panel, o);
  const Index K = design.k_total(), L = design.instruments();
  const MatrixXd& H = design.H();
  std::vector<std::string> messages;

  VectorXd y;
  MatrixXd X, Z;
  MatrixXd S1 = MatrixXd::Zero(L, L), ZX = MatrixXd::Zero(L, K);
  VectorXd Zy = VectorXd::Zero(L);
  int64_t nobs = 0, groups = 0;
  for (int64_t i = 0; i < panel.n; ++i) {
    int used = design.fill(i, y, X, Z);
    if (used == 0) continue;
    nobs += used;
    ++groups;
    S1.noalias() += Z.transpose() * H * Z;
    ZX.noalias() += Z.transpose() * X;
    Zy.noalias() += Z.transpose() * y;
  }
  if (nobs == 0)
    throw UserError("No equation of the GMM model has its outcome and all regressors observed; check the lags and the "
                    "missing values.");
  if (L < K)
    throw UserError(
        fmt::format("The model has {} coefficients but only {} instruments; add GMM instruments or lags.", K, L));

  // Step 1 (pgmm scales A1 by the number of individuals; the scale cancels everywhere below).
  MatrixXd A1 = weighting_inverse(S1, "first-step", messages);
  MatrixXd B1 = gmm_bread(ZX, A1, design.coef_names());
  VectorXd coef1 = B1 * (ZX.transpose() * (A1 * Zy));

  // Step 2's weighting matrix from the one-step residuals: A2 = (Σ Z_i'e_i e_i'Z_i)⁻¹.
  MatrixXd S2 = MatrixXd::Zero(L, L);
  for (int64_t i = 0; i < panel.n; ++i) {
    if (design.fill(i, y, X, Z) == 0) continue;
    VectorXd b = Z.transpose() * (y - X * coef1);
    S2.noalias() += b * b.transpose();
  }
  MatrixXd A2 = weighting_inverse(S2, "second-step", messages);
  // One-step robust VCOV: B1 ZX'A1 S2 A1 ZX B1 (pgmm vcovHC, one-step).
  MatrixXd ZA1 = A1 * ZX;
  MatrixXd V1 = B1 * (ZA1.transpose() * S2 * ZA1) * B1;

  GmmResult g;
  g.instruments = L;
  g.groups = groups;
  g.one_step_coef = coef1;
  g.all_names = design.coef_names();
  GmmMoments m;
  m.design = &design;
  m.ZX = ZX;
  m.Zy = Zy;
  m.weight2 = A2;
  m.n = panel.n;
  if (!two_step) {
    g.all_coef = coef1;
    g.all_vcov = V1;
    m.weight = A1;
    m.bread = B1;
  } else {
    MatrixXd B2 = gmm_bread(ZX, A2, design.coef_names());
    VectorXd coef2 = B2 * (ZX.transpose() * (A2 * Zy));
    g.all_coef = coef2;
    m.weight = A2;
    m.bread = B2;
    if (o.vcov == GmmVcov::kClassical) {
      g.all_vcov = B2;
    } else {
      // Windmeijer (2005): D_k = -B2 ZX'A2 (∂A2⁻¹/∂β_k) A2 Σ Z_i'e2_i with ∂A2⁻¹/∂β_k =
      // -Σ (a_ik b_i' + b_i a_ik'), a_ik = Z_i'x_ik, b_i = Z_i'e1_i. Applying it to c = A2 Σ Z_i'e2_i
      // column by column avoids forming one L×L matrix per coefficient.
      VectorXd c = A2 * (Zy - ZX * coef2);
      MatrixXd M = MatrixXd::Zero(L, K);
      for (int64_t i = 0; i < panel.n; ++i) {
        if (design.fill(i, y, X, Z) == 0) continue;
        VectorXd b = Z.transpose() * (y - X * coef1);
        MatrixXd a = Z.transpose() * X;
        M.noalias() += a * b.dot(c);
        M.noalias() += b * (c.transpose() * a);
      }
      MatrixXd D = B2 * ZX.transpose() * A2 * M;
      g.all_vcov = B2 + D * B2 + B2 * D.transpose() + D * V1 * D.transpose();
    }
  }
  m.coef = g.all_coef;
  m.vcov = g.all_vcov;
  g.sargan = sargan_hansen_test(m);
  g.ar1 = arellano_bond_test(m, 1);
  g.ar2 = arellano_bond_test(m, 2);
  g.wald_coef = wald_zero_test(g.all_coef, g.all_vcov, 0, design.k_main());
  if (o.effect == GmmEffect::kTwoWays && design.first_tested_time_dummy() < K)
    g.wald_time = wald_zero_test(g.all_coef, g.all_vcov, design.first_tested_time_dummy(), K);
  g.fit = make_fit(formula, design, o, g, nobs, messages);
  return g;
}

}  // namespace tradedig::measure
