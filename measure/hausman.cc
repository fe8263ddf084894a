// Hausman (1978) test of FE against RE, as plm's phtest and Stata's hausman compute it.
#include "measure/hausman.h"

#include <fmt/format.h>
#include <Eigen/Eigenvalues>

#include "util/error.h"

namespace tradedig::measure {

HausmanTest hausman_test(const FitResult& consistent, const FitResult& efficient) {
  std::vector<Eigen::Index> ic, ie;
  HausmanTest h;
  for (size_t a = 0; a < consistent.names.size(); ++a) {
    if (consistent.names[a] == "(Intercept)") continue;
    for (size_t b = 0; b < efficient.names.size(); ++b)
      if (efficient.names[b] == consistent.names[a]) {
        ic.push_back(static_cast<Eigen::Index>(a));
        ie.push_back(static_cast<Eigen::Index>(b));
        h.names.push_back(consistent.names[a]);
      }
  }
  if (h.names.empty()) throw UserError("The two models have no coefficient in common to compare.");
  const auto k = static_cast<Eigen::Index>(h.names.size());
  h.difference.resize(k);
  Eigen::MatrixXd dv(k, k);
  for (Eigen::Index a = 0; a < k; ++a) {
    h.difference[a] = consistent.coef[ic[static_cast<size_t>(a)]] - efficient.coef[ie[static_cast<size_t>(a)]];
    for (Eigen::Index b = 0; b < k; ++b)
      dv(a, b) = consistent.vcov(ic[static_cast<size_t>(a)], ic[static_cast<size_t>(b)]) -
                 efficient.vcov(ie[static_cast<size_t>(a)], ie[static_cast<size_t>(b)]);
  }
  Eigen::FullPivLU<Eigen::MatrixXd> lu(dv);
  if (!lu.isInvertible())
    throw UserError("The difference of the two VCOV matrices is singular; the Hausman statistic is undefined.");
  h.statistic = h.difference.dot(lu.solve(h.difference));
  h.df = static_cast<int>(k);
  h.p = chi2_upper_p(h.statistic, h.df);
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(dv, Eigen::EigenvaluesOnly);
  if (es.eigenvalues().minCoeff() <= 0)
    h.messages.push_back(
        "V_FE - V_RE is not positive definite, so the Hausman statistic may be negative or misleading "
        "(Stata warns the same way); consider a regression-based (auxiliary) test.");
  return h;
}

FeReComparison compare_fe_re(const Formula& f, const DataFrame& d, const PanelOptions& o) {
  FeReComparison c;
  c.re = random_effects(f, d, o);
  Formula fe = f;
  fe.fixed_effects = {{o.id}};
  FitOptions fo;
  fo.drop_singletons = false;  // plm keeps units observed once; they add nothing to the within fit
  c.fe = feols(fe, d, fo);
  c.fe.estimator = "FE (within)";
  if (c.fe.nobs != c.re.fit.nobs)
    throw UserError(fmt::format("The FE and RE samples differ ({} vs {} observations); check missing values.",
                                c.fe.nobs, c.re.fit.nobs));
  c.test = hausman_test(c.fe, c.re.fit);
  return c;
}

}  // namespace tradedig::measure
