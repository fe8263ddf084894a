// Probit and logit by Newton–Raphson with step halving, their VCOVs (Stata conventions) and
// average marginal effects with delta-method standard errors.
#include "measure/binary_choice.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "measure/model_frame.h"
#include "util/error.h"

namespace tradedig::measure {
namespace {

// The link's pieces at index z: F(z) = Pr(y = 1), its density f(z) and f'(z).
struct LinkFunctions {
  Link link;
  double cdf(double z) const { return link == Link::kProbit ? normal_cdf(z) : 1.0 / (1.0 + std::exp(-z)); }
  double pdf(double z) const {
    if (link == Link::kProbit) return normal_pdf(z);
    const double p = 1.0 / (1.0 + std::exp(-z));
    return p * (1.0 - p);
  }
  double pdf_slope(double z) const {
    if (link == Link::kProbit) return -z * normal_pdf(z);
    const double p = 1.0 / (1.0 + std::exp(-z));
    return p * (1.0 - p) * (1.0 - 2.0 * p);
  }
  // log F(q·z) for q = ±1, accurate in the far tail.
  double log_cdf(double qz) const {
    if (link == Link::kLogit) return -std::log1p(std::exp(-qz));
    if (qz > -30) return std::log(normal_cdf(qz));
    // Mills-ratio expansion: Φ(z) ≈ φ(z)/(−z)·(1 − 1/z² + 3/z⁴).
    const double z2 = qz * qz;
    return -0.5 * z2 - std::log(-qz) - 0.5 * std::log(2 * M_PI) + std::log1p(-1 / z2 + 3 / (z2 * z2));
  }
  // d log F(q·z) / dz = q·f(qz)/F(qz) and the second derivative w.r.t. z (always negative).
  void derivatives(double z, double y, double* g, double* h) const {
    if (link == Link::kLogit) {
      const double p = 1.0 / (1.0 + std::exp(-z));
      *g = y - p;
      *h = -p * (1.0 - p);
      return;
    }
    const double q = y > 0.5 ? 1.0 : -1.0, qz = q * z;
    // Inverse Mills ratio φ(qz)/Φ(qz), by the continued-fraction-free asymptotic form in the far tail.
    double lambda;
    if (qz > -30) lambda = normal_pdf(qz) / normal_cdf(qz);
    else lambda = -qz / (1 - 1 / (qz * qz) + 3 / (qz * qz * qz * qz));
    *g = q * lambda;
    *h = -lambda * (lambda + qz);
  }
};

double log_likelihood(const LinkFunctions& lf, const Eigen::VectorXd& xb, const Eigen::VectorXd& y) {
  double ll = 0;
  for (Eigen::Index i = 0; i < y.size(); ++i) ll += lf.log_cdf((y[i] > 0.5 ? 1.0 : -1.0) * xb[i]);
  return ll;
}

// The outcome as 0/1: a numeric 0/1 column, or a text column with exactly two levels where the
// level that sorts last is 1 (R's factor convention: "yes" over "no").
DataFrame with_binary_outcome(const Formula& f, const DataFrame& d, std::vector<std::string>* messages) {
  if (f.lhs->kind != Expr::Kind::kVariable) return d;
  const Column* c = d.find(f.lhs->name);
  if (!c || c->numeric) return d;
  if (c->levels.size() != 2)
    throw UserError(fmt::format("The outcome {} is text with {} distinct values; a binary model needs two (or 0/1).",
                                c->name, c->levels.size()));
  const int32_t one = c->levels[0] < c->levels[1] ? 1 : 0;
  std::vector<double> y(c->codes.size());
  for (size_t i = 0; i < y.size(); ++i)
    y[i] = c->codes[i] < 0 ? std::numeric_limits<double>::quiet_NaN() : (c->codes[i] == one ? 1.0 : 0.0);
  messages->push_back(fmt::format("{}: \"{}\" = 1, \"{}\" = 0.", c->name, c->levels[static_cast<size_t>(one)],
                                  c->levels[static_cast<size_t>(1 - one)]));
  DataFrame out = d;
  out.add_numeric_column(c->name, std::move(y));
  return out;
}

bool is_dummy(const Eigen::VectorXd& x) {
  bool zero = false, one = false;
  for (Eigen::Index i = 0; i < x.size(); ++i) {
    if (x[i] == 0) zero = true;
    else if (x[i] == 1) one = true;
    else return false;
  }
  return zero && one;
}

// Throws when a 0/1 regressor predicts the outcome perfectly in one of its groups (the MLE then
// does not exist: the coefficient diverges). Stata drops such observations; we ask the user.
void check_perfect_prediction(const Eigen::MatrixXd& X, const Eigen::VectorXd& y, const std::vector<std::string>& names) {
  for (Eigen::Index j = 0; j < X.cols(); ++j) {
    if (!is_dummy(X.col(j))) continue;
    for (double v : {0.0, 1.0}) {
      double count = 0, ones = 0;
      for (Eigen::Index i = 0; i < y.size(); ++i)
        if (X(i, j) == v) {
          count += 1;
          ones += y[i];
        }
      if (count > 0 && (ones == 0 || ones == count))
        throw UserError(fmt::format("{} = {} predicts the outcome perfectly ({} observations, all {}), so its "
                                    "coefficient has no finite estimate; drop those observations or the variable.",
                                    names[static_cast<size_t>(j)], v, count, ones == 0 ? 0 : 1));
    }
  }
}

}  // namespace

BinaryFit fit_binary(const Formula& f, const DataFrame& d_in, const BinaryOptions& opts) {
  if (f.has_iv) throw UserError("A binary model has no IV part; use 2SLS (`tradedig regress` with '| endog ~ inst').");
  if (opts.cluster.size() > 1) throw UserError("Probit/logit take one cluster variable.");
  BinaryFit b;
  b.link = opts.link;
  FitResult& r = b.fit;
  const DataFrame d = with_binary_outcome(f, d_in, &r.messages);

  FitOptions fo;
  fo.cluster = opts.cluster;
  fo.drop_singletons = false;
  ModelFrame mf = build_model_frame(f, d, fo);
  for (Eigen::Index i = 0; i < mf.y.size(); ++i)
    if (mf.y[i] != 0 && mf.y[i] != 1)
      throw UserError(fmt::format("The outcome {} must be 0/1 (found {}).", f.lhs_label, mf.y[i]));
  const double n_one = mf.y.sum();
  if (n_one == 0 || n_one == static_cast<double>(mf.y.size()))
    throw UserError(fmt::format("The outcome {} does not vary in the estimation sample.", f.lhs_label));

  // Fixed effects enter as dummies (first level of each omitted) next to an intercept.
  std::vector<std::string> names;
  std::vector<bool> fe_dummy;
  int64_t fe_levels = 0;
  for (const auto& g : mf.fixed_effects) fe_levels += g.levels;
  if (fe_levels > opts.max_fe_levels)
    throw UserError(fmt::format("The fixed effects have {} levels in all; probit/logit estimate them as dummies, "
                                "allowed up to {} (raise --max-fe-levels, or use a linear probability model).",
                                fe_levels, opts.max_fe_levels));
  const Eigen::Index n = mf.y.size();
  const bool add_intercept = !mf.fixed_effects.empty();
  Eigen::Index k_all = mf.X.cols() + (add_intercept ? 1 : 0);
  for (const auto& g : mf.fixed_effects) k_all += g.levels - 1;
  Eigen::MatrixXd X = Eigen::MatrixXd::Zero(n, k_all);
  Eigen::Index col = 0;
  if (add_intercept) {
    X.col(col++).setOnes();
    names.emplace_back("(Intercept)");
    fe_dummy.push_back(false);
  }
  X.middleCols(col, mf.X.cols()) = mf.X;
  col += mf.X.cols();
  for (const auto& nm : mf.names) {
    names.push_back(nm);
    fe_dummy.push_back(false);
  }
  for (const auto& g : mf.fixed_effects) {
    for (int32_t l = 1; l < g.levels; ++l) {
      names.push_back(fmt::format("{}::{}", g.name, l));
      fe_dummy.push_back(true);
    }
    for (Eigen::Index i = 0; i < n; ++i)
      if (g.codes[static_cast<size_t>(i)] > 0) X(i, col + g.codes[static_cast<size_t>(i)] - 1) = 1.0;
    col += g.levels - 1;
  }
  if (!mf.fixed_effects.empty())
    r.messages.push_back(fmt::format("{} fixed-effect dummies estimated; with few observations per level the "
                                     "slopes suffer from the incidental-parameters bias.",
                                     k_all - static_cast<Eigen::Index>(mf.X.cols()) - 1));

  // Drop collinear columns (same rule as feols).
  Eigen::MatrixXd xtx = X.transpose() * X;
  std::vector<bool> constant;
  Eigen::VectorXd raw_ss = xtx.diagonal();
  std::vector<Eigen::Index> kept = independent_columns(xtx, raw_ss, 1e-9, &constant);
  if (static_cast<Eigen::Index>(kept.size()) < X.cols()) {
    Eigen::MatrixXd Xk(n, static_cast<Eigen::Index>(kept.size()));
    std::vector<std::string> kn;
    for (size_t a = 0; a < kept.size(); ++a) {
      Xk.col(static_cast<Eigen::Index>(a)) = X.col(kept[a]);
      kn.push_back(names[static_cast<size_t>(kept[a])]);
    }
    for (Eigen::Index j = 0; j < X.cols(); ++j)
      if (std::find(kept.begin(), kept.end(), j) == kept.end() && !fe_dummy[static_cast<size_t>(j)])
        r.dropped_collinear.push_back(names[static_cast<size_t>(j)]);
    std::vector<bool> kf;
    for (Eigen::Index j : kept) kf.push_back(fe_dummy[static_cast<size_t>(j)]);
    X = std::move(Xk);
    names = std::move(kn);
    fe_dummy = std::move(kf);
  }
  check_perfect_prediction(X, mf.y, names);

  const LinkFunctions lf{opts.link};
  const Eigen::Index k = X.cols();
  Eigen::VectorXd beta = Eigen::VectorXd::Zero(k), xb = Eigen::VectorXd::Zero(n);
  double ll = log_likelihood(lf, xb, mf.y);
  Eigen::VectorXd g_obs(n), h_obs(n);
  Eigen::MatrixXd hessian(k, k);
  auto derivatives = [&](const Eigen::VectorXd& index) {
    for (Eigen::Index i = 0; i < n; ++i) lf.derivatives(index[i], mf.y[i], &g_obs[i], &h_obs[i]);
    hessian.noalias() = X.transpose() * (X.array().colwise() * h_obs.array()).matrix();
    return Eigen::VectorXd(X.transpose() * g_obs);
  };
  bool converged = false;
  int it = 0;
  for (; it < opts.max_iterations; ++it) {
    Eigen::VectorXd score = derivatives(xb);
    Eigen::LDLT<Eigen::MatrixXd> ldlt(-hessian);
    Eigen::VectorXd step = ldlt.solve(score);
    // Newton decrement g'(-H)⁻¹g: twice the predicted gain in log L, invariant to the regressors' scale.
    const double decrement = score.dot(step);
    if (decrement < opts.tolerance * (1.0 + std::fabs(ll))) {
      converged = true;
      break;
    }
    // Step halving while log L falls by more than rounding.
    double t = 1.0, ll_new = ll;
    Eigen::VectorXd beta_new, xb_new;
    for (int half = 0; half < 40; ++half, t *= 0.5) {
      beta_new = beta + t * step;
      xb_new = X * beta_new;
      ll_new = log_likelihood(lf, xb_new, mf.y);
      if (ll_new >= ll - 1e-13 * (1.0 + std::fabs(ll))) break;
    }
    const double largest_change = ((beta_new - beta).array().abs() / (1.0 + beta.array().abs())).maxCoeff();
    beta = std::move(beta_new);
    xb = std::move(xb_new);
    ll = ll_new;
    // A full Newton step this small leaves the estimate unchanged to ~1e-12 relative.
    if (t == 1.0 && largest_change < 1e-12) {
      converged = true;
      break;
    }
  }
  if (!converged)
    throw UserError(fmt::format("The {} did not converge in {} iterations; check for regressors that predict the "
                                "outcome almost perfectly.",
                                opts.link == Link::kProbit ? "probit" : "logit", opts.max_iterations));
  derivatives(xb);  // scores and Hessian at the estimate
  if (opts.expected_information && opts.link == Link::kProbit) {
    // E[−∂²ℓ_i/∂z²] = φ(z)²/(Φ(z)(1 − Φ(z))).
    for (Eigen::Index i = 0; i < n; ++i) {
      const double p = normal_cdf(xb[i]), dens = normal_pdf(xb[i]);
      h_obs[i] = -dens * dens / (p * (1.0 - p));
    }
    hessian.noalias() = X.transpose() * (X.array().colwise() * h_obs.array()).matrix();
  }
  const Eigen::MatrixXd info_inv = (-hessian).ldlt().solve(Eigen::MatrixXd::Identity(k, k));

  r.formula = f.text;
  r.estimator = opts.link == Link::kProbit ? "Probit" : "Logit";
  r.names = names;
  r.coef = beta;
  r.nobs = n;
  r.n_missing = mf.n_missing;
  if (!mf.clusters.empty() || opts.vcov == VcovType::kHetero) {
    // Sandwich on the per-observation scores g_i·x_i.
    Eigen::MatrixXd scores = X.array().colwise() * g_obs.array();
    Eigen::MatrixXd meat;
    double factor;
    if (!mf.clusters.empty()) {
      const Grouping& cl = mf.clusters[0];
      Eigen::MatrixXd sums = Eigen::MatrixXd::Zero(cl.levels, k);
      for (Eigen::Index i = 0; i < n; ++i) sums.row(cl.codes[static_cast<size_t>(i)]) += scores.row(i);
      meat = sums.transpose() * sums;
      const double G = cl.levels;
      factor = G / (G - 1);
      r.n_clusters = {cl.levels};
      r.vcov_type = fmt::format("cluster({})", cl.name);
      r.df_resid = G - 1;
    } else {
      meat = scores.transpose() * scores;
      factor = static_cast<double>(n) / static_cast<double>(n - 1);
      r.vcov_type = "robust";
    }
    r.vcov = factor * info_inv * meat * info_inv;
  } else {
    r.vcov = info_inv;
    r.vcov_type = opts.expected_information && opts.link == Link::kProbit ? "EIM" : "OIM";
  }
  r.df_resid = std::numeric_limits<double>::infinity();
  r.se = r.vcov.diagonal().cwiseSqrt();
  r.t = r.coef.cwiseQuotient(r.se);
  r.p.resize(k);
  r.ci_low.resize(k);
  r.ci_high.resize(k);
  const double zc = normal_quantile(0.975);
  for (Eigen::Index j = 0; j < k; ++j) {
    r.p[j] = 2.0 * normal_cdf(-std::fabs(r.t[j]));
    r.ci_low[j] = r.coef[j] - zc * r.se[j];
    r.ci_high[j] = r.coef[j] + zc * r.se[j];
  }

  const double pbar = n_one / static_cast<double>(n);
  b.log_likelihood = ll;
  b.log_likelihood_null = n_one * std::log(pbar) + (static_cast<double>(n) - n_one) * std::log1p(-pbar);
  b.pseudo_r2 = 1.0 - ll / b.log_likelihood_null;
  b.iterations = it;
  r.r2 = r.adj_r2 = r.within_r2 = r.within_adj_r2 = std::numeric_limits<double>::quiet_NaN();
  // LR χ² that all coefficients but the intercept (and FE dummies) are zero.
  r.extra_stats = {{"Pseudo R²", fmt::format("{:.4f}", b.pseudo_r2)},
                   {"Log likelihood", fmt::format("{:.3f}", ll)}};
  for (const auto& g : mf.fixed_effects) r.fixed_effects.push_back({g.name, g.levels, false, 1});

  b.X = std::move(X);
  b.y = std::move(mf.y);
  b.xb = std::move(xb);
  b.rows = std::move(mf.rows);
  for (Eigen::Index j = 0; j < b.X.cols(); ++j)
    if (names[static_cast<size_t>(j)] != "(Intercept)" && !fe_dummy[static_cast<size_t>(j)] && is_dummy(b.X.col(j)))
      b.dummy_names.push_back(names[static_cast<size_t>(j)]);
  return b;
}

Eigen::VectorXd predicted_probability(const BinaryFit& b) {
  const LinkFunctions lf{b.link};
  return b.xb.unaryExpr([&](double z) { return lf.cdf(z); });
}

FitResult average_marginal_effects(const BinaryFit& b, const std::vector<std::string>& discrete) {
  const LinkFunctions lf{b.link};
  const FitResult& m = b.fit;
  const Eigen::Index n = b.X.rows(), k = b.X.cols();
  const double inv_n = 1.0 / static_cast<double>(n);
  Eigen::VectorXd f(n), fp(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    f[i] = lf.pdf(b.xb[i]);
    fp[i] = lf.pdf_slope(b.xb[i]);
  }
  // Regressors that are FE dummies are named "fe::level" (fit_binary); they are not reported.
  std::vector<Eigen::Index> report;
  for (Eigen::Index j = 0; j < k; ++j) {
    const std::string& nm = m.names[static_cast<size_t>(j)];
    bool fe = false;
    for (const auto& g : m.fixed_effects) fe = fe || nm.rfind(g.name + "::", 0) == 0;
    if (nm != "(Intercept)" && !fe) report.push_back(j);
  }
  const auto q = static_cast<Eigen::Index>(report.size());
  Eigen::VectorXd ame(q);
  Eigen::MatrixXd J(q, k);
  for (Eigen::Index a = 0; a < q; ++a) {
    const Eigen::Index j = report[static_cast<size_t>(a)];
    const std::string& nm = m.names[static_cast<size_t>(j)];
    if (std::find(discrete.begin(), discrete.end(), nm) != discrete.end()) {
      // F(x'β with x_j = 1) − F(x'β with x_j = 0), averaged; d/dβ_k = mean f1·x1_k − f0·x0_k.
      double sum = 0;
      Eigen::RowVectorXd grad = Eigen::RowVectorXd::Zero(k);
      for (Eigen::Index i = 0; i < n; ++i) {
        const double base = b.xb[i] - m.coef[j] * b.X(i, j);
        const double z1 = base + m.coef[j], z0 = base;
        sum += lf.cdf(z1) - lf.cdf(z0);
        const double f1 = lf.pdf(z1), f0 = lf.pdf(z0);
        Eigen::RowVectorXd x = b.X.row(i);
        x[j] = 0;
        grad += (f1 - f0) * x;
        grad[j] += f1;
      }
      ame[a] = sum * inv_n;
      J.row(a) = grad * inv_n;
    } else {
      // mean f(x'β)·β_j; d/dβ_k = mean f·1{j=k} + β_j·mean f'(x'β)·x_k.
      ame[a] = f.mean() * m.coef[j];
      J.row(a) = m.coef[j] * (b.X.transpose() * fp).transpose() * inv_n;
      J(a, j) += f.mean();
    }
  }
  FitResult r;
  r.formula = m.formula;
  r.estimator = m.estimator + " AME";
  for (Eigen::Index j : report) r.names.push_back(m.names[static_cast<size_t>(j)]);
  r.coef = ame;
  r.vcov = J * m.vcov * J.transpose();
  r.se = r.vcov.diagonal().cwiseSqrt();
  r.t = r.coef.cwiseQuotient(r.se);
  r.p.resize(q);
  r.ci_low.resize(q);
  r.ci_high.resize(q);
  const double zc = normal_quantile(0.975);
  for (Eigen::Index a = 0; a < q; ++a) {
    r.p[a] = 2.0 * normal_cdf(-std::fabs(r.t[a]));
    r.ci_low[a] = r.coef[a] - zc * r.se[a];
    r.ci_high[a] = r.coef[a] + zc * r.se[a];
  }
  r.nobs = m.nobs;
  r.n_missing = m.n_missing;
  r.vcov_type = m.vcov_type + ", delta method";
  r.n_clusters = m.n_clusters;
  r.df_resid = m.df_resid;
  r.fixed_effects = m.fixed_effects;
  r.r2 = r.adj_r2 = r.within_r2 = r.within_adj_r2 = std::numeric_limits<double>::quiet_NaN();
  r.extra_stats = m.extra_stats;
  return r;
}

}  // namespace tradedig::measure
