// Full-precision JSON of a fit, for scripts (`tradedig regress --json`) and the runs table.
#include <cmath>
#include <limits>

#include "measure/estimate.h"
#include "util/error.h"

namespace tradedig::measure {

nlohmann::json to_json(const FitResult& r) {
  using nlohmann::json;
  json coefs = json::array();
  for (size_t j = 0; j < r.names.size(); ++j) {
    const auto i = static_cast<Eigen::Index>(j);
    coefs.push_back({{"name", r.names[j]}, {"estimate", r.coef[i]}, {"std_error", r.se[i]}, {"t", r.t[i]},
                     {"p", r.p[i]}, {"ci_low", r.ci_low[i]}, {"ci_high", r.ci_high[i]}});
  }
  json vcov = json::array();
  for (Eigen::Index a = 0; a < r.vcov.rows(); ++a) {
    json row = json::array();
    for (Eigen::Index b = 0; b < r.vcov.cols(); ++b) row.push_back(r.vcov(a, b));
    vcov.push_back(std::move(row));
  }
  json fes = json::array();
  for (const auto& f : r.fixed_effects)
    fes.push_back({{"name", f.name}, {"levels", f.levels}, {"nested_in_cluster", f.nested_in_cluster},
                   {"redundant", f.redundant}});
  json extra = json::array();  // an array keeps the table order
  for (const auto& [label, value] : r.extra_stats) extra.push_back({{"label", label}, {"value", value}});
  return {{"formula", r.formula},
          {"estimator", r.estimator},
          {"extra_stats", extra},
          {"coefficients", coefs},
          {"vcov", vcov},
          {"vcov_type", r.vcov_type},
          {"n_clusters", r.n_clusters},
          {"nobs", r.nobs},
          {"n_singletons", r.n_singletons},
          {"n_missing", r.n_missing},
          {"dropped_collinear", r.dropped_collinear},
          {"fixed_effects", fes},
          {"df_a", r.df_a},
          {"df_resid", r.df_resid},
          {"rss", r.rss},
          {"tss", r.tss},
          {"r2", r.r2},
          {"adj_r2", r.adj_r2},
          {"within_r2", r.within_r2},
          {"within_adj_r2", r.within_adj_r2},
          {"f_stat", r.f_stat},
          {"f_p", r.f_p},
          {"demean_method", r.demean_method},
          {"demean_iterations", r.demean_iterations},
          {"converged", r.converged},
          {"messages", r.messages}};
}

namespace {

// JSON null (how NaN is written) back to NaN.
double number(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  return it == j.end() || !it->is_number() ? std::numeric_limits<double>::quiet_NaN() : it->get<double>();
}

}  // namespace

FitResult fit_from_json(const nlohmann::json& j) {
  if (!j.is_object() || !j.contains("coefficients") || !j["coefficients"].is_array())
    throw UserError("These results are not a fitted model (no \"coefficients\").");
  FitResult r;
  r.formula = j.value("formula", "");
  r.estimator = j.value("estimator", "OLS");
  const auto& coefs = j["coefficients"];
  const auto k = static_cast<Eigen::Index>(coefs.size());
  r.coef.resize(k);
  r.se.resize(k);
  r.t.resize(k);
  r.p.resize(k);
  r.ci_low.resize(k);
  r.ci_high.resize(k);
  for (Eigen::Index i = 0; i < k; ++i) {
    const auto& c = coefs[static_cast<size_t>(i)];
    r.names.push_back(c.value("name", ""));
    r.coef[i] = number(c, "estimate");
    r.se[i] = number(c, "std_error");
    r.t[i] = number(c, "t");
    r.p[i] = number(c, "p");
    r.ci_low[i] = number(c, "ci_low");
    r.ci_high[i] = number(c, "ci_high");
  }
  r.vcov = Eigen::MatrixXd::Constant(k, k, std::numeric_limits<double>::quiet_NaN());
  if (j.contains("vcov") && j["vcov"].size() == static_cast<size_t>(k))
    for (Eigen::Index a = 0; a < k; ++a)
      for (Eigen::Index b = 0; b < k; ++b) {
        const auto& v = j["vcov"][static_cast<size_t>(a)][static_cast<size_t>(b)];
        r.vcov(a, b) = v.is_number() ? v.get<double>() : std::numeric_limits<double>::quiet_NaN();
      }
  r.vcov_type = j.value("vcov_type", "");
  r.nobs = j.value("nobs", int64_t{0});
  r.n_singletons = j.value("n_singletons", int64_t{0});
  r.n_missing = j.value("n_missing", int64_t{0});
  if (j.contains("n_clusters")) r.n_clusters = j["n_clusters"].get<std::vector<int64_t>>();
  if (j.contains("fixed_effects"))
    for (const auto& f : j["fixed_effects"])
      r.fixed_effects.push_back({f.value("name", ""), f.value("levels", int64_t{0}), f.value("nested_in_cluster", false),
                                 f.value("redundant", int64_t{0})});
  r.df_a = number(j, "df_a");
  r.df_resid = number(j, "df_resid");
  r.rss = number(j, "rss");
  r.tss = number(j, "tss");
  r.r2 = number(j, "r2");
  r.adj_r2 = number(j, "adj_r2");
  r.within_r2 = number(j, "within_r2");
  r.within_adj_r2 = number(j, "within_adj_r2");
  r.f_stat = number(j, "f_stat");
  r.f_p = number(j, "f_p");
  if (j.contains("extra_stats") && j["extra_stats"].is_array())
    for (const auto& e : j["extra_stats"]) r.extra_stats.emplace_back(e.value("label", ""), e.value("value", ""));
  if (j.contains("messages")) r.messages = j["messages"].get<std::vector<std::string>>();
  return r;
}

}  // namespace tradedig::measure
