// Specification tests after dynamic panel GMM, as plm computes them: sargan(), mtest() (Arellano
// and Bond 1991, eq. 8) and pwaldtest() for pgmm objects.
#include <cmath>

#include "measure/gmm_internal.h"

namespace tradedig::measure {

using Eigen::Index;
using Eigen::MatrixXd;
using Eigen::VectorXd;

GmmTest sargan_hansen_test(const GmmMoments& m) {
  GmmTest t;
  VectorXd z = m.Zy - m.ZX * m.coef;  // Σ Z_i'e_i at the final coefficients
  t.statistic = z.dot(m.weight2 * z);
  t.df = static_cast<double>(m.ZX.rows() - m.ZX.cols());
  if (t.df > 0) t.p = chi2_upper_p(t.statistic, t.df);
  return t;
}

// Only the differenced residuals enter (in system GMM the level rows are set to zero), lagged
// within each individual: num = Σ e_t e_{t-m}; its variance counts the estimation error of β with
// the non-robust bread and the reported VCOV, as pgmm mtest() does.
GmmTest arellano_bond_test(const GmmMoments& m, int order) {
  GmmTest t;
  const GmmDesign& design = *m.design;
  const int nd = design.diff_rows();
  if (order >= nd) return t;
  const Index K = m.ZX.cols(), L = m.ZX.rows();
  VectorXd y, ed, el;
  MatrixXd X, Z;
  double num = 0, eve = 0;
  VectorXd ex = VectorXd::Zero(K), zve = VectorXd::Zero(L);
  for (int64_t i = 0; i < m.n; ++i) {
    if (design.fill(i, y, X, Z) == 0) continue;
    ed = VectorXd::Zero(y.size());
    ed.head(nd) = (y - X * m.coef).head(nd);
    el = VectorXd::Zero(y.size());
    el.segment(order, nd - order) = ed.head(nd - order);
    const double s = ed.dot(el);
    num += s;
    eve += s * s;
    ex.noalias() += X.transpose() * el;
    zve.noalias() += Z.transpose() * ed * s;
  }
  const double middle = ex.dot(m.bread * (m.ZX.transpose() * (m.weight * zve)));
  const double denom = eve - 2 * middle + ex.dot(m.vcov * ex);
  if (!(denom > 0)) return t;
  t.statistic = num / std::sqrt(denom);
  t.p = 2 * normal_cdf(-std::fabs(t.statistic));
  return t;
}

GmmTest wald_zero_test(const VectorXd& coef, const MatrixXd& vcov, Index begin, Index end) {
  GmmTest t;
  const Index k = end - begin;
  if (k <= 0) return t;
  VectorXd b = coef.segment(begin, k);
  MatrixXd v = vcov.block(begin, begin, k, k);
  t.statistic = b.dot(v.partialPivLu().solve(b));
  t.df = static_cast<double>(k);
  t.p = chi2_upper_p(t.statistic, t.df);
  return t;
}

}  // namespace tradedig::measure
