// Full-precision JSON of a fit, for scripts (`tradedig regress --json`) and the runs table.
#include "measure/estimate.h"

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
  json extra = json::object();
  for (const auto& [label, value] : r.extra_stats) extra[label] = value;
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

}  // namespace tradedig::measure
