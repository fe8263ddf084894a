// Chinese scores on a 0–1 scale: the Fellegi–Sunter posterior over the field comparisons of
// compare_zh_names, instead of the index's IDF dot product (≈ 4.5–5 for an exact name, and
// 2 for an unrelated one in a short list, so no fixed threshold could read it).
#include <algorithm>
#include <cmath>

#include "matcher/matcher.h"

namespace tradedig::matcher {

namespace {

// How many pseudo-pairs the default u weigh against the neighbour pairs of the list: a list of
// five firms has five, too few to say how often neighbouring firms share an industry word.
constexpr double kPriorPairs = 200.0;
// A query is as likely to name a listed firm as not (crawled names are often of other firms).
constexpr double kPriorMatch = 0.5;
// No level is impossible in either class (a region conflict happens for a real match when a firm
// moves): the floor is one pair in 20,000.
constexpr double kMinProbability = 5e-5;

}  // namespace

FsModel default_zh_model() {
  // Levels as in compare_zh_names: {字号, industry, region, legal form, whole name}.
  // m: the level shares of the true pairs when each of the 4,136 A-share full names is
  // perturbed by one kind of noise and again by two (tests/matcher/name_noise.h, seed 20210114).
  // u: the level shares of the pairs of each A-share name and its nearest other A-share name
  // by the Chinese index (as NameLinker::finalize samples them). Printed with
  // TRADEDIG_SHOW_ZH_LEVELS=1 by tests/matcher/zh_match_model_test.cc, which checks these digits.
  FsModel f;
  f.m = {{0.722, 0.118, 0.054, 0.106}, {0.887, 0.113, 0.0006}, {0.672, 0.294, 0.035}, {0.801, 0.199},
         {0.663, 0.297, 0.033, 0.008}};
  f.u = {{0.103, 0.063, 0.070, 0.764}, {0.452, 0.354, 0.194}, {0.422, 0.302, 0.277}, {0.852, 0.148},
         {0.001, 0.206, 0.717, 0.076}};
  f.lambda = 0.0;
  return f;
}

ZhMatchModel::ZhMatchModel(const std::vector<ZhName>& listed,
                           const std::vector<std::pair<uint32_t, uint32_t>>& neighbours)
    : model_(default_zh_model()) {
  const std::vector<int> levels = zh_comparison_levels();
  std::vector<std::vector<double>> counts(levels.size());
  for (size_t f = 0; f < levels.size(); ++f) counts[f].assign(levels[f], 0.0);
  for (const auto& [a, b] : neighbours) {
    std::vector<uint8_t> g = compare_zh_names(listed.at(a), listed.at(b));
    for (size_t f = 0; f < g.size(); ++f) counts[f][g[f]] += 1;
  }
  const double pairs = static_cast<double>(neighbours.size());
  for (size_t f = 0; f < levels.size(); ++f)
    for (int l = 0; l < levels[f]; ++l)
      model_.u[f][l] = std::max(kMinProbability, (counts[f][l] + kPriorPairs * model_.u[f][l]) / (pairs + kPriorPairs));
  model_.lambda = kPriorMatch;
  double n = 0, sum_sq = 0;
  for (const ZhName& z : listed)
    if (!z.brand.empty()) ++brand_count_[z.brand], ++n;
  for (const auto& [brand, c] : brand_count_) sum_sq += static_cast<double>(c) * c;
  brand_norm_ = sum_sq > 0 ? n / sum_sq : 0;
}

double ZhMatchModel::brand_tf_factor(const std::string& brand) const {
  auto it = brand_count_.find(brand);
  if (it == brand_count_.end() || brand_norm_ <= 0) return 1.0;
  return std::clamp(static_cast<double>(it->second) * brand_norm_, kTfMinFactor, kTfMaxFactor);
}

size_t ZhMatchModel::learn_from_labels(const std::vector<std::vector<uint8_t>>& same_firm,
                                       const std::vector<std::vector<uint8_t>>& different_firms) {
  const std::vector<int> levels = zh_comparison_levels();
  auto update = [&](std::vector<std::vector<double>>& p, const std::vector<std::vector<uint8_t>>& gammas) {
    if (gammas.empty()) return;
    for (size_t f = 0; f < levels.size(); ++f) {
      std::vector<double> counts(static_cast<size_t>(levels[f]), 0.0);
      for (const auto& g : gammas) counts.at(g.at(f)) += 1;
      const double n = static_cast<double>(gammas.size());
      for (int l = 0; l < levels[f]; ++l)
        p[f][l] = std::max(kMinProbability, (counts[l] + kLabelPriorPairs * p[f][l]) / (n + kLabelPriorPairs));
    }
  };
  update(model_.m, same_firm);
  update(model_.u, different_firms);
  return same_firm.size() + different_firms.size();
}

double ZhMatchModel::log_bayes_factor(const ZhName& query, const ZhName& candidate) const {
  std::vector<uint8_t> g = compare_zh_names(query, candidate);
  double lbf = 0;
  for (size_t f = 0; f < g.size(); ++f)
    lbf += std::log(std::max(kMinProbability, model_.m[f][g[f]])) - std::log(model_.u[f][g[f]]);
  // Field 0 level 0: the 字号 agree exactly, so the candidate's 字号 is the query's.
  if (!g.empty() && g[0] == 0 && !candidate.brand.empty()) {
    const double u = model_.u[0][0];
    const double u_tf = std::clamp(u * brand_tf_factor(candidate.brand), kMinProbability, 0.999);
    lbf += std::log(u) - std::log(u_tf);
  }
  return lbf;
}

double ZhMatchModel::probability(double log_bayes_factor) const {
  // P = lambda K / (lambda K + 1 - lambda), on the log-odds scale so that K = e^700 cannot overflow;
  // then recalibrated on real names.
  return calibrated_zh_probability(log_bayes_factor + std::log(model_.lambda) - std::log1p(-model_.lambda));
}

}  // namespace tradedig::matcher
