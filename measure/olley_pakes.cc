// Olley–Pakes / Levinsohn–Petrin: a polynomial first stage, a concentrated second stage minimised
// by Nelder–Mead, and a firm-cluster bootstrap.
#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <numeric>
#include <random>

#include <fmt/format.h>

#include "measure/production_tfp.h"
#include "util/error.h"

namespace tradedig::measure {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// The estimation sample sorted by firm and year; `row` is the DataFrame row of each observation.
struct Panel {
  std::vector<int64_t> firm, row;
  std::vector<double> year, y, l, k, p;
  size_t size() const { return y.size(); }
};

struct Estimates {
  double bl = kNaN, bk = kNaN, bm = 0;
  std::vector<double> phi;  // first-stage φ̂ per observation
  int64_t pairs = 0;
};

std::vector<double> evaluate_text(const std::string& text, const DataFrame& d, const char* role) {
  if (text.empty()) throw UserError(fmt::format("The {} variable is not given.", role));
  return evaluate(*parse_formula(text + " ~ 1").lhs, d);
}

// (v − mean) / sd, so that polynomial columns are well conditioned (the span of a full polynomial
// is unchanged by an affine map of its arguments, so the fit is the same).
Eigen::VectorXd standardise(const Eigen::VectorXd& v) {
  const double mean = v.mean();
  const double sd =
      std::sqrt((v.array() - mean).square().sum() / std::max<double>(1.0, static_cast<double>(v.size()) - 1.0));
  return sd > 0 ? Eigen::VectorXd((v.array() - mean) / sd) : Eigen::VectorXd(v.array() - mean);
}

// Every monomial a^i·b^j with 1 <= i + j <= degree (or of `a` alone when b is empty), after a constant.
Eigen::MatrixXd polynomial(const Eigen::VectorXd& a, const Eigen::VectorXd* b, int degree) {
  const Eigen::VectorXd as = standardise(a);
  const Eigen::VectorXd bs = b ? standardise(*b) : Eigen::VectorXd();
  std::vector<Eigen::VectorXd> cols = {Eigen::VectorXd::Ones(a.size())};
  for (int deg = 1; deg <= degree; ++deg)
    for (int j = 0; j <= (b ? deg : 0); ++j) {
      Eigen::ArrayXd c = as.array().pow(static_cast<double>(deg - j));
      if (b) c *= bs.array().pow(static_cast<double>(j));
      cols.emplace_back(c.matrix());
    }
  Eigen::MatrixXd out(a.size(), static_cast<Eigen::Index>(cols.size()));
  for (size_t c = 0; c < cols.size(); ++c) out.col(static_cast<Eigen::Index>(c)) = cols[c];
  return out;
}

// Residual of the least-squares fit of v on the columns of Z.
Eigen::VectorXd ls_residual(const Eigen::MatrixXd& Z, const Eigen::VectorXd& v) {
  return v - Z * Z.colPivHouseholderQr().solve(v);
}

// Nelder–Mead simplex minimiser (Lagarias et al. coefficients); returns false when it has not
// settled within max_iter.
bool nelder_mead(const std::function<double(const Eigen::VectorXd&)>& f, Eigen::VectorXd& x, double step,
                 int max_iter = 5000) {
  const Eigen::Index n = x.size();
  std::vector<Eigen::VectorXd> s(static_cast<size_t>(n + 1), x);
  std::vector<double> fv(static_cast<size_t>(n + 1));
  for (Eigen::Index j = 0; j < n; ++j) s[static_cast<size_t>(j + 1)][j] += step;
  for (size_t j = 0; j < s.size(); ++j) fv[j] = f(s[j]);
  std::vector<size_t> order(s.size());
  for (int it = 0; it < max_iter; ++it) {
    std::iota(order.begin(), order.end(), size_t{0});
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return fv[a] < fv[b]; });
    const size_t best = order.front(), worst = order.back(), second = order[order.size() - 2];
    double diameter = 0;
    for (size_t j = 0; j < s.size(); ++j) diameter = std::max(diameter, (s[j] - s[best]).cwiseAbs().maxCoeff());
    if (diameter < 1e-10 && std::fabs(fv[worst] - fv[best]) <= 1e-12 * (1.0 + std::fabs(fv[best]))) {
      x = s[best];
      return true;
    }
    Eigen::VectorXd centroid = Eigen::VectorXd::Zero(n);
    for (size_t j = 0; j < s.size(); ++j)
      if (j != worst) centroid += s[j];
    centroid /= static_cast<double>(n);
    const Eigen::VectorXd xr = centroid + (centroid - s[worst]);
    const double fr = f(xr);
    if (fr < fv[best]) {
      const Eigen::VectorXd xe = centroid + 2.0 * (centroid - s[worst]);
      const double fe = f(xe);
      if (fe < fr) s[worst] = xe, fv[worst] = fe;
      else s[worst] = xr, fv[worst] = fr;
      continue;
    }
    if (fr < fv[second]) {
      s[worst] = xr, fv[worst] = fr;
      continue;
    }
    const bool outside = fr < fv[worst];
    const Eigen::VectorXd xc = outside ? Eigen::VectorXd(centroid + 0.5 * (xr - centroid))
                                       : Eigen::VectorXd(centroid + 0.5 * (s[worst] - centroid));
    const double fc = f(xc);
    if (fc < (outside ? fr : fv[worst])) {
      s[worst] = xc, fv[worst] = fc;
      continue;
    }
    for (size_t j = 0; j < s.size(); ++j) {
      if (j == best) continue;
      s[j] = s[best] + 0.5 * (s[j] - s[best]);
      fv[j] = f(s[j]);
    }
  }
  x = s[*std::min_element(order.begin(), order.end(), [&](size_t a, size_t b) { return fv[a] < fv[b]; })];
  return false;
}

Eigen::VectorXd gather(const std::vector<double>& v, const std::vector<size_t>& idx) {
  Eigen::VectorXd out(static_cast<Eigen::Index>(idx.size()));
  for (size_t j = 0; j < idx.size(); ++j) out[static_cast<Eigen::Index>(j)] = v[idx[j]];
  return out;
}

// Both stages on one panel. Throws UserError when the sample is too small; sets *converged.
Estimates fit_stages(const Panel& P, const TfpOptions& o, bool* converged) {
  Estimates e;
  const auto n = static_cast<Eigen::Index>(P.size());
  Eigen::Map<const Eigen::VectorXd> y(P.y.data(), n), l(P.l.data(), n), k(P.k.data(), n), p(P.p.data(), n);
  const Eigen::VectorXd kv = k, pv = p;
  const Eigen::MatrixXd poly = polynomial(kv, &pv, o.degree);
  if (n <= poly.cols() + 1)
    throw UserError(fmt::format("{} observations are too few for a degree-{} first stage.", n, o.degree));
  Eigen::MatrixXd X(n, poly.cols() + 1);
  X.col(0) = l;
  X.rightCols(poly.cols()) = poly;
  const Eigen::VectorXd coef = X.colPivHouseholderQr().solve(Eigen::VectorXd(y));
  e.bl = coef[0];
  const Eigen::VectorXd phi = poly * coef.tail(poly.cols());
  e.phi.assign(phi.data(), phi.data() + n);

  std::vector<size_t> cur, prev;
  for (size_t j = 1; j < P.size(); ++j)
    if (P.firm[j] == P.firm[j - 1] && P.year[j] == P.year[j - 1] + 1) {
      cur.push_back(j);
      prev.push_back(j - 1);
    }
  e.pairs = static_cast<int64_t>(cur.size());
  if (e.pairs <= o.degree + 2)
    throw UserError(fmt::format("{} pairs of consecutive firm-years are too few for the second stage.", e.pairs));
  const Eigen::VectorXd yt = gather(P.y, cur) - e.bl * gather(P.l, cur);
  const Eigen::VectorXd kt = gather(P.k, cur), kp = gather(P.k, prev), mt = gather(P.p, cur), mp = gather(P.p, prev);
  const Eigen::VectorXd phip = gather(e.phi, prev);
  const bool gross = o.gross_output;
  auto residual = [&](double bk, double bm) {
    Eigen::VectorXd omega_prev = phip - bk * kp;
    Eigen::VectorXd target = yt - bk * kt;
    if (gross) {
      omega_prev -= bm * mp;
      target -= bm * mt;
    }
    return ls_residual(polynomial(omega_prev, nullptr, o.degree), target);
  };
  // Instruments of the gross-output moments, scaled so both count alike (the residual has mean 0).
  const Eigen::VectorXd zk = standardise(kt), zm = standardise(mp);
  std::function<double(const Eigen::VectorXd&)> objective = [&](const Eigen::VectorXd& b) {
    const Eigen::VectorXd xi = residual(b[0], gross ? b[1] : 0.0);
    if (!gross) return xi.squaredNorm() / static_cast<double>(xi.size());
    const double g1 = xi.dot(zk) / static_cast<double>(xi.size()), g2 = xi.dot(zm) / static_cast<double>(xi.size());
    return g1 * g1 + g2 * g2;
  };
  // Start at OLS of y on (1, l, k [, m]).
  Eigen::MatrixXd Xo(n, gross ? 4 : 3);
  Xo.col(0).setOnes();
  Xo.col(1) = l;
  Xo.col(2) = k;
  if (gross) Xo.col(3) = p;
  const Eigen::VectorXd ols = Xo.colPivHouseholderQr().solve(Eigen::VectorXd(y));
  Eigen::VectorXd b(gross ? 2 : 1);
  b[0] = ols[2];
  if (gross) b[1] = ols[3];
  *converged = nelder_mead(objective, b, 0.1);
  e.bk = b[0];
  e.bm = gross ? b[1] : 0.0;
  return e;
}

}  // namespace

TfpResult estimate_tfp(const DataFrame& d, const ProductionVariables& v, const TfpOptions& o) {
  if (o.degree < 1 || o.degree > 5) throw UserError("The polynomial degree must be between 1 and 5.");
  if (o.gross_output && o.method == TfpMethod::kOlleyPakes)
    throw UserError("Gross output needs the materials proxy: use the Levinsohn–Petrin method.");
  if (o.bootstrap_reps < 0) throw UserError("The number of bootstrap replications cannot be negative.");
  const Column* fc = d.find(v.firm);
  if (!fc) throw UserError(fmt::format("The firm variable {} is not in the data.", v.firm));
  const Column* yc = d.find(v.year);
  if (!yc) throw UserError(fmt::format("The year variable {} is not in the data.", v.year));
  if (!yc->numeric) throw UserError(fmt::format("The year variable {} must be numeric.", v.year));
  const auto y = evaluate_text(v.output, d, "output"), l = evaluate_text(v.labour, d, "labour"),
             k = evaluate_text(v.capital, d, "capital"), p = evaluate_text(v.proxy, d, "proxy");
  int32_t levels = 0;
  const auto firm = factor_codes(*fc, &levels);

  std::vector<size_t> rows;
  for (size_t i = 0; i < y.size(); ++i)
    if (firm[i] >= 0 && std::isfinite(yc->values[i]) && std::isfinite(y[i]) && std::isfinite(l[i]) &&
        std::isfinite(k[i]) && std::isfinite(p[i]))
      rows.push_back(i);
  std::sort(rows.begin(), rows.end(),
            [&](size_t a, size_t b) { return firm[a] != firm[b] ? firm[a] < firm[b] : yc->values[a] < yc->values[b]; });
  Panel P;
  for (size_t j = 0; j < rows.size(); ++j) {
    const size_t i = rows[j];
    if (j > 0 && firm[i] == firm[rows[j - 1]] && yc->values[i] == yc->values[rows[j - 1]])
      throw UserError(fmt::format(
          "Firm {} occurs twice in year {}; TFP needs one row per firm-year.",
          fc->numeric ? fmt::format("{}", fc->values[i]) : fc->levels[static_cast<size_t>(firm[i])], yc->values[i]));
    P.firm.push_back(firm[i]);
    P.row.push_back(static_cast<int64_t>(i));
    P.year.push_back(yc->values[i]);
    P.y.push_back(y[i]);
    P.l.push_back(l[i]);
    P.k.push_back(k[i]);
    P.p.push_back(p[i]);
  }

  TfpResult r;
  bool converged = true;
  Estimates e = fit_stages(P, o, &converged);
  r.beta_l = e.bl;
  r.beta_k = e.bk;
  r.beta_m = e.bm;
  r.first_stage_nobs = static_cast<int64_t>(P.size());
  r.second_stage_nobs = e.pairs;
  std::vector<int64_t> distinct(P.firm.begin(), P.firm.end());
  distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
  r.firms = static_cast<int64_t>(distinct.size());
  if (!converged) r.fit.messages.push_back("Warning: the second-stage minimisation did not converge.");
  if (o.gross_output)
    r.fit.messages.push_back(
        "Gross-output β_k and β_m rest on materials varying beyond (k, ω); when they do not, the "
        "proxy moments do not identify them (Gandhi, Navarro & Rivers 2020): compare with value added.");

  // Firm-cluster bootstrap: whole firms drawn with replacement, each copy a new firm.
  const int k_par = o.gross_output ? 3 : 2;
  std::vector<Eigen::VectorXd> draws;
  if (o.bootstrap_reps > 0) {
    std::vector<size_t> start;
    for (size_t j = 0; j < P.size(); ++j)
      if (j == 0 || P.firm[j] != P.firm[j - 1]) start.push_back(j);
    start.push_back(P.size());
    std::mt19937_64 rng(o.seed);
    std::uniform_int_distribution<size_t> pick(0, start.size() - 2);
    for (int rep = 0; rep < o.bootstrap_reps; ++rep) {
      Panel B;
      for (size_t g = 0; g + 1 < start.size(); ++g) {
        const size_t f = pick(rng);
        for (size_t j = start[f]; j < start[f + 1]; ++j) {
          B.firm.push_back(static_cast<int64_t>(g));
          B.year.push_back(P.year[j]);
          B.y.push_back(P.y[j]);
          B.l.push_back(P.l[j]);
          B.k.push_back(P.k[j]);
          B.p.push_back(P.p[j]);
        }
      }
      try {
        bool ok = true;
        Estimates be = fit_stages(B, o, &ok);
        if (!ok || !std::isfinite(be.bk)) {
          ++r.bootstrap_failed;
          continue;
        }
        Eigen::VectorXd dv(k_par);
        dv[0] = be.bl;
        dv[1] = be.bk;
        if (o.gross_output) dv[2] = be.bm;
        draws.push_back(dv);
      } catch (const UserError&) {
        ++r.bootstrap_failed;
      }
    }
  }

  FitResult& f = r.fit;
  f.estimator = o.method == TfpMethod::kOlleyPakes ? "Olley–Pakes" : "Levinsohn–Petrin";
  f.formula = fmt::format("{} ~ {} + {}{} (proxy {}, degree {})", v.output, v.labour, v.capital,
                          o.gross_output ? " + " + v.proxy : "", v.proxy, o.degree);
  f.names = {v.labour, v.capital};
  if (o.gross_output) f.names.push_back(v.proxy);
  f.coef.resize(k_par);
  f.coef[0] = e.bl;
  f.coef[1] = e.bk;
  if (o.gross_output) f.coef[2] = e.bm;
  f.vcov = Eigen::MatrixXd::Constant(k_par, k_par, kNaN);
  if (draws.size() >= 2) {
    Eigen::VectorXd mean = Eigen::VectorXd::Zero(k_par);
    for (const auto& dv : draws) mean += dv;
    mean /= static_cast<double>(draws.size());
    f.vcov.setZero();
    for (const auto& dv : draws) f.vcov += (dv - mean) * (dv - mean).transpose();
    f.vcov /= static_cast<double>(draws.size() - 1);
  }
  f.se = f.vcov.diagonal().cwiseSqrt();
  f.t = f.coef.cwiseQuotient(f.se);
  f.p.resize(k_par);
  for (Eigen::Index j = 0; j < k_par; ++j) f.p[j] = 2.0 * normal_cdf(-std::fabs(f.t[j]));
  const double z = normal_quantile(0.975);
  f.ci_low = f.coef - z * f.se;
  f.ci_high = f.coef + z * f.se;
  f.nobs = r.first_stage_nobs;
  f.df_resid = std::numeric_limits<double>::infinity();
  f.vcov_type = fmt::format("firm bootstrap, {} reps", draws.size());
  f.r2 = f.adj_r2 = f.within_r2 = f.within_adj_r2 = kNaN;
  f.extra_stats = {{"Second-stage obs", fmt::format("{}", r.second_stage_nobs)},
                   {"Firms", fmt::format("{}", r.firms)},
                   {"Polynomial degree", fmt::format("{}", o.degree)}};
  if (r.bootstrap_failed > 0)
    f.messages.push_back(
        fmt::format("{} of {} bootstrap resamples failed and were skipped.", r.bootstrap_failed, o.bootstrap_reps));
  if (o.bootstrap_reps == 0) f.messages.push_back("No bootstrap was run, so there are no standard errors.");

  r.lntfp.assign(y.size(), kNaN);
  r.omega.assign(y.size(), kNaN);
  for (size_t i = 0; i < y.size(); ++i) {
    const double v_i = y[i] - r.beta_l * l[i] - r.beta_k * k[i] - (o.gross_output ? r.beta_m * p[i] : 0.0);
    if (std::isfinite(v_i)) r.lntfp[i] = v_i;
  }
  for (size_t j = 0; j < P.size(); ++j)
    r.omega[static_cast<size_t>(P.row[j])] = e.phi[j] - r.beta_k * P.k[j] - (o.gross_output ? r.beta_m * P.p[j] : 0.0);
  return r;
}

nlohmann::json to_json(const TfpResult& r) {
  nlohmann::json j = to_json(r.fit);
  j["beta_l"] = r.beta_l;
  j["beta_k"] = r.beta_k;
  j["beta_m"] = r.beta_m;
  j["first_stage_nobs"] = r.first_stage_nobs;
  j["second_stage_nobs"] = r.second_stage_nobs;
  j["firms"] = r.firms;
  j["bootstrap_failed"] = r.bootstrap_failed;
  return j;
}

}  // namespace tradedig::measure
