// propensity_score_matching: the PS model (fit_binary), the matching, the effects with their SEs
// (bootstrap redoing the PS fit and the matching per replicate) and the balance table.
#include <algorithm>
#include <cmath>
#include <random>

#include <fmt/format.h>

#include "measure/matching_internal.h"
#include "util/error.h"

namespace tradedig::measure {
namespace {

// Rows `rows` of the columns `names` of d (all columns when names is null).
DataFrame copy_rows(const DataFrame& d, const std::vector<int64_t>& rows, const std::vector<std::string>* names) {
  DataFrame out;
  for (const auto& c : d.columns()) {
    if (names && std::find(names->begin(), names->end(), c.name) == names->end()) continue;
    if (c.numeric) {
      std::vector<double> x;
      x.reserve(rows.size());
      for (int64_t r : rows) x.push_back(c.values[static_cast<size_t>(r)]);
      out.add_numeric_column(c.name, std::move(x));
    } else {
      std::vector<std::string> x;
      x.reserve(rows.size());
      for (int64_t r : rows) {
        const int32_t code = c.codes[static_cast<size_t>(r)];
        x.push_back(code < 0 ? std::string() : c.levels[static_cast<size_t>(code)]);
      }
      out.add_text_column(c.name, x);
    }
  }
  return out;
}

// Only the columns the procedure reads, and only rows with an outcome: bootstrap replicates copy
// this, not the whole input.
DataFrame working_data(const Formula& treatment, const std::string& outcome, const DataFrame& d,
                       std::vector<int64_t>* source_rows) {
  std::vector<std::string> vars = formula_variables(treatment);
  vars.push_back(outcome);
  const Column* y = d.find(outcome);
  if (!y) throw UserError(fmt::format("The outcome {} is not in the data.", outcome));
  if (!y->numeric) throw UserError(fmt::format("The outcome {} must be numeric.", outcome));
  for (const auto& v : vars)
    if (!d.find(v)) throw UserError(fmt::format("The variable {} is not in the data.", v));
  source_rows->clear();
  for (int64_t i = 0; i < d.rows(); ++i)
    if (!std::isnan(y->values[static_cast<size_t>(i)])) source_rows->push_back(i);
  return copy_rows(d, *source_rows, &vars);
}

struct OneFit {
  BinaryFit model;
  Matching matching;
  TreatmentEffects effects;
  Eigen::VectorXd y;
};

OneFit fit_once(const Formula& treatment, const std::string& outcome, const DataFrame& d, const PsmOptions& o) {
  OneFit f;
  BinaryOptions bo;
  bo.link = o.link;
  f.model = fit_binary(treatment, d, bo);
  const Eigen::VectorXd ps = predicted_probability(f.model);
  std::vector<char> treated(static_cast<size_t>(f.model.y.size()));
  for (Eigen::Index i = 0; i < f.model.y.size(); ++i) treated[static_cast<size_t>(i)] = f.model.y[i] == 1;
  const Column& yc = *d.find(outcome);
  f.y.resize(static_cast<Eigen::Index>(f.model.rows.size()));
  for (size_t i = 0; i < f.model.rows.size(); ++i)
    f.y[static_cast<Eigen::Index>(i)] = yc.values[static_cast<size_t>(f.model.rows[i])];
  f.matching = match_on_score(treated, ps, o.matching);
  f.effects = matching_effects(f.matching, f.y);
  return f;
}

double sd(const std::vector<double>& v) {
  if (v.size() < 2) return std::nan("");
  double mean = 0, ss = 0;
  for (double x : v) mean += x;
  mean /= static_cast<double>(v.size());
  for (double x : v) ss += (x - mean) * (x - mean);
  return std::sqrt(ss / static_cast<double>(v.size() - 1));
}

std::string method_label(const MatchingOptions& m) {
  if (m.method == MatchMethod::kKernel) return fmt::format("PSM kernel (bandwidth {})", m.bandwidth);
  return fmt::format("PSM nearest neighbour (k={}, {} replacement{})", m.neighbors, m.replacement ? "with" : "without",
                     m.caliper > 0 ? fmt::format(", caliper {}{}", m.caliper, m.caliper_in_sd ? " SD" : "") : "");
}

}  // namespace

void balance_covariates(const Formula& f, const DataFrame& d, const std::vector<int64_t>& rows,
                        std::vector<std::string>* names, Eigen::MatrixXd* X) {
  const size_t n = static_cast<size_t>(d.rows());
  std::vector<std::vector<double>> cols;
  for (const auto& term : f.terms) {
    std::vector<std::vector<double>> acc = {std::vector<double>(n, 1.0)};
    std::vector<std::string> acc_names = {""};
    for (const auto& part : term.parts) {
      const std::string sep = acc_names[0].empty() ? "" : ":";
      if (!part.is_factor) {
        const auto v = evaluate(*part.expr, d);
        for (size_t a = 0; a < acc.size(); ++a) {
          for (size_t i = 0; i < n; ++i) acc[a][i] *= v[i];
          acc_names[a] += sep + part.label;
        }
        continue;
      }
      const Column& c = *d.find(part.factor_var);
      int32_t levels = 0;
      const auto codes = factor_codes(c, &levels);
      // Labels of the levels, listed in sorted order like R's factor levels.
      std::vector<std::pair<std::string, int32_t>> labels;
      for (int32_t l = 0; l < levels; ++l) {
        std::string label;
        if (c.numeric) {
          for (size_t i = 0; i < n; ++i)
            if (codes[i] == l) {
              label = fmt::format("{}", c.values[i]);
              break;
            }
        } else {
          label = c.levels[static_cast<size_t>(l)];
        }
        labels.emplace_back(label, l);
      }
      std::sort(labels.begin(), labels.end());
      std::vector<std::vector<double>> next;
      std::vector<std::string> next_names;
      for (size_t a = 0; a < acc.size(); ++a)
        for (const auto& [label, l] : labels) {
          std::vector<double> col(n);
          for (size_t i = 0; i < n; ++i) col[i] = codes[i] < 0 ? std::nan("") : acc[a][i] * (codes[i] == l ? 1.0 : 0.0);
          next.push_back(std::move(col));
          next_names.push_back(acc_names[a] + sep + part.factor_var + "::" + label);
        }
      acc = std::move(next);
      acc_names = std::move(next_names);
    }
    for (size_t a = 0; a < acc.size(); ++a) {
      cols.push_back(std::move(acc[a]));
      names->push_back(acc_names[a]);
    }
  }
  X->resize(static_cast<Eigen::Index>(rows.size()), static_cast<Eigen::Index>(cols.size()));
  for (size_t j = 0; j < cols.size(); ++j)
    for (size_t r = 0; r < rows.size(); ++r)
      (*X)(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(j)) = cols[j][static_cast<size_t>(rows[r])];
}

DataFrame take_rows(const DataFrame& d, const std::vector<int64_t>& rows) { return copy_rows(d, rows, nullptr); }

PsmResult propensity_score_matching(const Formula& treatment, const std::string& outcome, const DataFrame& d,
                                    const PsmOptions& o) {
  std::vector<int64_t> source_rows;
  const DataFrame work = working_data(treatment, outcome, d, &source_rows);
  if (work.rows() == 0) throw UserError(fmt::format("The outcome {} is missing in every row.", outcome));
  OneFit main = fit_once(treatment, outcome, work, o);

  PsmResult r;
  r.matching = std::move(main.matching);
  r.effects = main.effects;
  for (int64_t row : main.model.rows) r.rows.push_back(source_rows[static_cast<size_t>(row)]);

  switch (o.se) {
    case MatchingSe::kNone: break;
    case MatchingSe::kPsmatch2: psmatch2_standard_error(r.matching, main.y, r.effects); break;
    case MatchingSe::kAbadieImbens: abadie_imbens_standard_errors(r.matching, main.y, o.ai_neighbors, r.effects, o.ai_population);
      break;
    case MatchingSe::kBootstrap: {
      if (o.bootstrap_reps < 2) throw UserError("The bootstrap needs at least 2 replicates.");
      // Units of the estimation sample are re-drawn with replacement; each replicate redoes the
      // PS fit and the matching, so the SEs include the estimation of the score.
      std::mt19937_64 rng(o.bootstrap_seed);
      const auto& units = main.model.rows;
      std::vector<double> att, atu, ate;
      std::vector<int64_t> draw(units.size());
      for (int b = 0; b < o.bootstrap_reps; ++b) {
        for (auto& x : draw) x = units[rng() % units.size()];
        try {
          OneFit f = fit_once(treatment, outcome, take_rows(work, draw), o);
          att.push_back(f.effects.att);
          if (f.effects.has_atu) {
            atu.push_back(f.effects.atu);
            ate.push_back(f.effects.ate);
          }
        } catch (const UserError&) {
          ++r.bootstrap_failed;
        }
      }
      r.effects.se_att = sd(att);
      r.effects.se_atu = sd(atu);
      r.effects.se_ate = sd(ate);
      r.effects.se_method = MatchingSe::kBootstrap;
      break;
    }
  }

  std::vector<std::string> names;
  Eigen::MatrixXd X;
  balance_covariates(treatment, work, main.model.rows, &names, &X);
  r.balance = balance_table(r.matching, names, X);

  r.table = effects_table(r.effects, r.matching, method_label(o.matching));
  r.table.formula = treatment.text;
  r.table.extra_stats.push_back({"PS model", o.link == Link::kLogit ? "Logit" : "Probit"});
  if (o.se == MatchingSe::kBootstrap) {
    r.table.vcov_type = fmt::format("bootstrap, {} replicates", o.bootstrap_reps - r.bootstrap_failed);
    if (r.bootstrap_failed > 0)
      r.table.messages.push_back(fmt::format("{} of {} bootstrap replicates failed (PS model or matching) and were skipped.",
                                             r.bootstrap_failed, o.bootstrap_reps));
  }
  r.ps_model = std::move(main.model);
  return r;
}

}  // namespace tradedig::measure
