// Partialling the fixed effects out of an outcome and its regressors (Frisch–Waugh–Lovell), with
// the demeaner chosen by the number of fixed effects.
#include <fmt/format.h>

#include "measure/model_frame.h"

namespace tradedig::measure {

void partial_out_fixed_effects(const std::vector<Grouping>& fes, const Eigen::VectorXd& w, const FitOptions& opts,
                               Eigen::VectorXd& y, Eigen::MatrixXd& X, FitResult& r) {
  if (fes.empty()) return;
  // Two FE: exact sparse direct solve; otherwise (or if factorising fails) accelerated MAP.
  if (fes.size() == 2) {
    TwoWayDemeaner two(fes[0], fes[1], w);
    if (two.ok()) {
      two.demean(y, X);
      r.demean_method = "sparse Cholesky (two FE)";
      return;
    }
  }
  FixedEffectProjector proj(fes, w);
  // y joins the regressors so that one block CG serves all variables.
  Eigen::MatrixXd yx(X.rows(), X.cols() + 1);
  yx.col(0) = y;
  yx.rightCols(X.cols()) = X;
  bool ok = true;
  r.demean_iterations = proj.demean_columns(yx, opts.tolerance, opts.max_iterations, &ok);
  r.converged = ok;
  y = yx.col(0);
  X = yx.rightCols(X.cols());
  r.demean_method = fes.size() == 1 ? "closed form (one FE)" : "CG-accelerated symmetric Kaczmarz";
  if (!r.converged)
    r.messages.push_back(fmt::format("Warning: demeaning did not converge to tolerance {} within {} iterations.",
                                     opts.tolerance, opts.max_iterations));
}

}  // namespace tradedig::measure
