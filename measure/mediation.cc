// Three-step mediation: three feols fits on one sample, Sobel's delta-method test and a (cluster)
// percentile bootstrap of a·b done with frequency weights (a row drawn k times gets weight k,
// which gives the coefficients of the resampled data exactly, without building it).
#include "measure/mediation.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>

#include <fmt/format.h>

#include "measure/data_frame_select.h"
#include "measure/formula_rewrite.h"
#include "measure/model_frame.h"
#include "util/error.h"

namespace tradedig::measure {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr const char* kSampleWeight = ".mediation_sample";

std::string stars(double p) { return p < 0.01 ? "***" : p < 0.05 ? "**" : p < 0.10 ? "*" : ""; }

// Coefficient of `name` in a fit; NaN when it was dropped.
double coef_of(const FitResult& r, const std::string& name, double* se = nullptr) {
  auto it = std::find(r.names.begin(), r.names.end(), name);
  if (it == r.names.end()) return kNaN;
  const auto j = static_cast<Eigen::Index>(it - r.names.begin());
  if (se) *se = r.se[j];
  return r.coef[j];
}

double require_coef(const FitResult& r, const std::string& name, double* se, const char* what) {
  double v = coef_of(r, name, se);
  if (std::isnan(v))
    throw UserError(fmt::format("The {} {} dropped out of {} (collinear with the controls or fixed effects).", what,
                                name, r.formula));
  return v;
}

// R's quantile(type = 7) of sorted values.
double quantile7(const std::vector<double>& sorted, double p) {
  const double h = (static_cast<double>(sorted.size()) - 1.0) * p;
  const auto lo = static_cast<size_t>(std::floor(h));
  const size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

struct BootstrapDraws {
  std::vector<double> indirect;
  int failed = 0;
};

// Refits (2) and (3) on `reps` resamples of the estimation sample `mf` (rows of `base`).
BootstrapDraws bootstrap_indirect(const DataFrame& base, const ModelFrame& mf, const Formula& a_formula,
                                  const Formula& b_formula, const std::string& treatment, const std::string& mediator,
                                  const MediationOptions& opts) {
  BootstrapDraws out;
  std::mt19937_64 rng(opts.seed);
  const size_t n = mf.rows.size();
  const bool by_cluster = !mf.clusters.empty();
  // Units to draw: clusters of the first cluster variable, else observations.
  std::vector<std::vector<size_t>> members;
  if (by_cluster) {
    members.resize(static_cast<size_t>(mf.clusters[0].levels));
    for (size_t i = 0; i < n; ++i) members[static_cast<size_t>(mf.clusters[0].codes[i])].push_back(i);
  }
  const size_t units = by_cluster ? members.size() : n;
  std::uniform_int_distribution<size_t> pick(0, units - 1);
  FitOptions fo;
  fo.drop_singletons = opts.fit.drop_singletons;
  fo.tolerance = opts.fit.tolerance;
  fo.max_iterations = opts.fit.max_iterations;
  fo.collinearity_tol = opts.fit.collinearity_tol;
  fo.weights = ".bootstrap_weight";
  for (int rep = 0; rep < opts.bootstrap_reps; ++rep) {
    std::vector<double> w(static_cast<size_t>(base.rows()), 0.0);
    for (size_t u = 0; u < units; ++u) {
      const size_t draw = pick(rng);
      if (by_cluster)
        for (size_t i : members[draw]) w[static_cast<size_t>(mf.rows[i])] += 1.0;
      else w[static_cast<size_t>(mf.rows[draw])] += 1.0;
    }
    DataFrame d = base;
    d.add_numeric_column(fo.weights, std::move(w));
    try {
      const double a = coef_of(feols(a_formula, d, fo), treatment);
      const double b = coef_of(feols(b_formula, d, fo), mediator);
      if (std::isfinite(a) && std::isfinite(b)) out.indirect.push_back(a * b);
      else ++out.failed;
    } catch (const UserError&) {
      ++out.failed;
    }
  }
  return out;
}

}  // namespace

MediationResult mediate(const Formula& f, const std::string& mediator, const DataFrame& d,
                        const MediationOptions& opts) {
  if (!opts.fit.weights.empty()) throw UserError("Mediation does not support weights.");
  if (opts.bootstrap_reps < 0) throw UserError("The number of bootstrap replications cannot be negative.");
  if (!(opts.level > 0 && opts.level < 1)) throw UserError("The bootstrap interval level must be between 0 and 1.");
  MediationResult r;
  const size_t tj = plain_term_index(f, opts.treatment, "treatment");
  r.outcome = f.lhs_label;
  r.treatment = f.terms[tj].label;
  // The mediator parsed as a term gives its canonical label (and rejects i() or a:b).
  const Formula mf_parse = parse_formula("y ~ " + mediator);
  plain_term_index(mf_parse, "", "mediator");
  r.mediator = mf_parse.terms[0].label;
  for (const auto& t : f.terms)
    if (t.label == r.mediator)
      throw UserError(fmt::format("The mediator {} is already a regressor of {}.", r.mediator, f.text));
  r.level = opts.level;

  std::vector<std::string> terms = term_labels(f), with_m = terms;
  with_m.insert(with_m.begin() + static_cast<std::ptrdiff_t>(tj) + 1, r.mediator);
  const Formula total = parse_formula(rewrite_formula(f, r.outcome, terms));
  const Formula a_path = parse_formula(rewrite_formula(f, r.mediator, terms));
  const Formula b_path = parse_formula(rewrite_formula(f, r.outcome, with_m));

  // The common sample: rows feols keeps for (3), marked by a 0/1 weight (weights of 1 leave every
  // estimate and SE as the unweighted fit on those rows).
  std::vector<std::string> vars = formula_variables(b_path);
  for (const auto& c : cluster_variables(opts.fit.cluster)) vars.push_back(c);
  const DataFrame base = select_columns(d, vars);
  const ModelFrame sample = build_model_frame(b_path, base, opts.fit);
  std::vector<double> mask(static_cast<size_t>(base.rows()), 0.0);
  for (int64_t row : sample.rows) mask[static_cast<size_t>(row)] = 1.0;
  DataFrame masked = base;
  masked.add_numeric_column(kSampleWeight, std::move(mask));
  FitOptions fo = opts.fit;
  fo.weights = kSampleWeight;
  auto fit = [&](const Formula& g) {
    FitResult res = feols(g, masked, fo);
    res.n_missing = sample.n_missing;
    res.n_singletons = sample.n_singletons;
    return res;
  };
  r.total = fit(total);
  r.a_path = fit(a_path);
  r.b_path = fit(b_path);

  double se_c = 0;
  r.total_effect = require_coef(r.total, r.treatment, &se_c, "treatment");
  r.a = require_coef(r.a_path, r.treatment, &r.se_a, "treatment");
  r.b = require_coef(r.b_path, r.mediator, &r.se_b, "mediator");
  double se_direct = 0;
  r.direct_effect = require_coef(r.b_path, r.treatment, &se_direct, "treatment");
  r.indirect = r.a * r.b;
  r.sobel_se = std::sqrt(r.b * r.b * r.se_a * r.se_a + r.a * r.a * r.se_b * r.se_b);
  r.sobel_z = r.indirect / r.sobel_se;
  r.sobel_p = 2.0 * normal_cdf(-std::fabs(r.sobel_z));
  r.share_mediated = r.indirect / r.total_effect;

  r.bootstrap_reps = opts.bootstrap_reps;
  r.boot_se = r.boot_ci_low = r.boot_ci_high = kNaN;
  if (opts.bootstrap_reps > 0) {
    BootstrapDraws bd = bootstrap_indirect(base, sample, a_path, b_path, r.treatment, r.mediator, opts);
    r.bootstrap_failed = bd.failed;
    if (bd.indirect.size() >= 2) {
      std::sort(bd.indirect.begin(), bd.indirect.end());
      const double alpha = (1.0 - opts.level) / 2.0;
      r.boot_ci_low = quantile7(bd.indirect, alpha);
      r.boot_ci_high = quantile7(bd.indirect, 1.0 - alpha);
      double mean = 0, ss = 0;
      for (double v : bd.indirect) mean += v;
      mean /= static_cast<double>(bd.indirect.size());
      for (double v : bd.indirect) ss += (v - mean) * (v - mean);
      r.boot_se = std::sqrt(ss / static_cast<double>(bd.indirect.size() - 1));
    }
    if (bd.failed > 0)
      r.b_path.messages.push_back(fmt::format("{} of {} bootstrap resamples were skipped ({} or {} dropped out).",
                                              bd.failed, opts.bootstrap_reps, r.treatment, r.mediator));
  }

  // The paper's rows (Table 5 "ME"): the indirect effect starred by the Sobel p-value.
  auto& x = r.b_path.extra_stats;
  x.emplace_back("Indirect effect (a·b)", fmt::format("{:.4f}{}", r.indirect, stars(r.sobel_p)));
  x.emplace_back("Sobel z", fmt::format("{:.3f}", r.sobel_z));
  x.emplace_back("Sobel p", fmt::format("{:.4f}", r.sobel_p));
  if (opts.bootstrap_reps > 0)
    x.emplace_back(fmt::format("Bootstrap {:g}% CI ({} reps{})", 100 * opts.level,
                               opts.bootstrap_reps - r.bootstrap_failed, sample.clusters.empty() ? "" : ", clusters"),
                   fmt::format("[{:.4f}, {:.4f}]", r.boot_ci_low, r.boot_ci_high));
  x.emplace_back("Share mediated (a·b/c)", fmt::format("{:.4f}", r.share_mediated));
  return r;
}

std::vector<std::string> mediation_titles(const MediationResult& r) {
  return {fmt::format("(1) {}", r.outcome), fmt::format("(2) {}", r.mediator), fmt::format("(3) {}", r.outcome)};
}

nlohmann::json to_json(const MediationResult& r) {
  auto num = [](double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr); };
  return {{"outcome", r.outcome},
          {"treatment", r.treatment},
          {"mediator", r.mediator},
          {"total", to_json(r.total)},
          {"a_path", to_json(r.a_path)},
          {"b_path", to_json(r.b_path)},
          {"a", r.a},
          {"se_a", r.se_a},
          {"b", r.b},
          {"se_b", r.se_b},
          {"total_effect", r.total_effect},
          {"direct_effect", r.direct_effect},
          {"indirect", r.indirect},
          {"sobel_se", r.sobel_se},
          {"sobel_z", r.sobel_z},
          {"sobel_p", r.sobel_p},
          {"share_mediated", r.share_mediated},
          {"bootstrap",
           {{"reps", r.bootstrap_reps},
            {"failed", r.bootstrap_failed},
            {"level", r.level},
            {"se", num(r.boot_se)},
            {"ci_low", num(r.boot_ci_low)},
            {"ci_high", num(r.boot_ci_high)}}}};
}

}  // namespace tradedig::measure
