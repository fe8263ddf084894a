// The estimation sample: evaluate the formula, expand factors, combine FE, drop incomplete rows
// and singletons.
#include <algorithm>
#include <cmath>
#include <unordered_map>

#include <fmt/format.h>

#include "measure/model_frame.h"
#include "util/error.h"
#include "util/huge_pages.h"

namespace tradedig::measure {
namespace {

const Column& require(const DataFrame& d, const std::string& name, const char* role) {
  const Column* c = d.find(name);
  if (c) return *c;
  std::string cols;
  for (const auto& col : d.columns()) cols += (cols.empty() ? "" : ", ") + col.name;
  throw UserError(fmt::format("The {} variable {} is not in the data (columns: {}).", role, name, cols));
}

std::string level_label(const Column& c, int32_t code, const std::vector<double>& distinct) {
  if (!c.numeric) return c.levels[static_cast<size_t>(code)];
  return fmt::format("{}", distinct[static_cast<size_t>(code)]);
}

// `a^b^c` → one dense code per observed combination (-1 when any part is missing).
Grouping combine(const DataFrame& d, const std::vector<std::string>& vars, const char* role) {
  Grouping g;
  for (const auto& v : vars) g.name += (g.name.empty() ? "" : "^") + v;
  int32_t levels = 0;
  g.codes = factor_codes(require(d, vars[0], role), &levels);
  for (size_t k = 1; k < vars.size(); ++k) {
    int32_t lv = 0;
    auto next = factor_codes(require(d, vars[k], role), &lv);
    // Codes in order of first appearance; a dense table of all pairs when that is not much larger
    // than the data (prov^ind^year), a hash map otherwise (firm^year).
    const int64_t pairs = static_cast<int64_t>(levels) * lv;
    const bool dense = pairs <= 4 * static_cast<int64_t>(g.codes.size()) + 1024;
    std::vector<int32_t> table(dense ? static_cast<size_t>(pairs) : 0, -1);
    std::unordered_map<int64_t, int32_t> index;
    int32_t count = 0;
    for (size_t i = 0; i < g.codes.size(); ++i) {
      if (g.codes[i] < 0 || next[i] < 0) {
        g.codes[i] = -1;
        continue;
      }
      const int64_t key = static_cast<int64_t>(g.codes[i]) * lv + next[i];
      int32_t& code = dense ? table[static_cast<size_t>(key)] : index.try_emplace(key, -1).first->second;
      if (code < 0) code = count++;
      g.codes[i] = code;
    }
    levels = count;
  }
  g.levels = levels;
  return g;
}

// A column of the design before the sample is cut: a view of the data's column when the term is
// a plain variable (no copy of it is made), else values computed here; neither = all ones.
struct DesignColumn {
  const double* view = nullptr;
  std::vector<double> own;
  bool ones() const { return !view && own.empty(); }
  const double* data() const { return view ? view : own.data(); }
};

DesignColumn evaluate_column(const Expr& e, const DataFrame& d) {
  DesignColumn out;
  if (e.kind == Expr::Kind::kVariable)
    if (const Column* c = d.find(e.name); c && c->numeric) {
      out.view = c->values.data();
      return out;
    }
  out.own = evaluate(e, d);
  return out;
}

// Columns of one term: the product of its parts; an i() part multiplies by one dummy per
// non-reference level (named "var::level" as fixest does).
void expand_term(const Term& t, const DataFrame& d, std::vector<DesignColumn>& cols, std::vector<std::string>& names) {
  const size_t n = static_cast<size_t>(d.rows());
  std::vector<DesignColumn> acc(1);  // the running product, all ones to start with
  std::vector<std::string> acc_names = {""};
  for (const auto& p : t.parts) {
    std::vector<DesignColumn> next;
    std::vector<std::string> next_names;
    if (!p.is_factor) {
      DesignColumn v = evaluate_column(*p.expr, d);
      for (size_t a = 0; a < acc.size(); ++a) {
        acc_names[a] += (acc_names[a].empty() ? "" : ":") + p.label;
        if (acc[a].ones()) {  // a view stays a view: only a product needs values of its own
          if (acc.size() == 1) acc[a] = std::move(v);
          else acc[a] = v;
          continue;
        }
        if (acc[a].view) {
          acc[a].own.assign(acc[a].view, acc[a].view + n);
          acc[a].view = nullptr;
        }
        const double* x = v.data();
        for (size_t i = 0; i < n; ++i) acc[a].own[i] *= x[i];
      }
      continue;
    }
    const Column& c = require(d, p.factor_var, "factor");
    int32_t lv = 0;
    auto codes = factor_codes(c, &lv);
    std::vector<double> distinct;
    if (c.numeric) {
      for (double x : c.values)
        if (!std::isnan(x)) distinct.push_back(x);
      std::sort(distinct.begin(), distinct.end());
      distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
    }
    int32_t ref = -1;
    for (int32_t l = 0; l < lv && !p.factor_ref.empty(); ++l)
      if (level_label(c, l, distinct) == p.factor_ref) ref = l;
    if (!p.factor_ref.empty() && ref < 0)
      throw UserError(fmt::format("The reference level {} of i({}) does not occur in the data.", p.factor_ref, p.factor_var));
    // Default reference = the first level, as in fixest's i() and R's treatment contrasts:
    // numbers are coded in sorted order; text levels by appearance, so take the smallest label.
    if (ref < 0) {
      ref = 0;
      if (!c.numeric)
        for (int32_t l = 1; l < lv; ++l)
          if (c.levels[static_cast<size_t>(l)] < c.levels[static_cast<size_t>(ref)]) ref = l;
    }
    for (size_t a = 0; a < acc.size(); ++a)
      for (int32_t l = 0; l < lv; ++l) {
        if (l == ref) continue;
        DesignColumn col;
        col.own.resize(n);
        const double* x = acc[a].ones() ? nullptr : acc[a].data();
        for (size_t i = 0; i < n; ++i)
          col.own[i] = codes[i] < 0 ? std::nan("") : (x ? x[i] : 1.0) * (codes[i] == l ? 1.0 : 0.0);
        next.push_back(std::move(col));
        next_names.push_back(acc_names[a] + (acc_names[a].empty() ? "" : ":") + p.factor_var + "::" +
                             level_label(c, l, distinct));
      }
    acc = std::move(next);
    acc_names = std::move(next_names);
  }
  for (size_t a = 0; a < acc.size(); ++a) {
    if (acc[a].ones()) acc[a].own.assign(n, 1.0);
    cols.push_back(std::move(acc[a]));
    names.push_back(acc_names[a]);
  }
}

// Recodes a grouping to the kept rows, densely.
Grouping subset(const Grouping& g, const std::vector<size_t>& rows) {
  Grouping out;
  out.name = g.name;
  out.codes.resize(rows.size());
  std::vector<int32_t> remap(static_cast<size_t>(g.levels), -1);
  for (size_t r = 0; r < rows.size(); ++r) {
    int32_t& m = remap[static_cast<size_t>(g.codes[rows[r]])];
    if (m < 0) m = out.levels++;
    out.codes[r] = m;
  }
  return out;
}

}  // namespace

ModelFrame build_model_frame(const Formula& f, const DataFrame& d, const FitOptions& opts) {
  if (f.has_iv)
    throw UserError("This estimator does not take an IV part (| endog ~ inst); IV formulas are estimated by 2SLS "
                    "(feiv() in measure/iv.h; `tradedig regress` does so automatically).");
  if (d.rows() <= 0) throw UserError("The data have no rows.");
  const size_t n = static_cast<size_t>(d.rows());
  for (const auto& v : formula_variables(f)) require(d, v, "formula");

  const DesignColumn y_column = evaluate_column(*f.lhs, d);
  const double* y = y_column.data();
  std::vector<DesignColumn> cols;
  std::vector<std::string> names;
  if (f.intercept && f.fixed_effects.empty()) {
    cols.emplace_back().own.assign(n, 1.0);
    names.emplace_back("(Intercept)");
  }
  std::vector<int> term_of_column(cols.size(), -1);
  for (size_t t = 0; t < f.terms.size(); ++t) {
    expand_term(f.terms[t], d, cols, names);
    term_of_column.resize(cols.size(), static_cast<int>(t));
  }

  std::vector<Grouping> fes, clusters;
  for (const auto& fe : f.fixed_effects) fes.push_back(combine(d, fe, "fixed-effect"));
  for (const auto& c : opts.cluster) {
    std::vector<std::string> parts;
    size_t start = 0;
    for (size_t k = 0; k <= c.size(); ++k)
      if (k == c.size() || c[k] == '^') {
        parts.push_back(c.substr(start, k - start));
        start = k + 1;
      }
    clusters.push_back(combine(d, parts, "cluster"));
  }
  std::vector<double> w;
  if (!opts.weights.empty()) {
    const Column& wc = require(d, opts.weights, "weight");
    if (!wc.numeric) throw UserError(fmt::format("The weight variable {} must be numeric.", opts.weights));
    w = wc.values;
  }
  const bool frequency = !w.empty() && opts.weight_type == WeightType::kFrequency;

  std::vector<char> keep(n, 1);
  for (size_t i = 0; i < n; ++i) {
    bool ok = std::isfinite(y[i]);
    for (const auto& c : cols) ok = ok && std::isfinite(c.data()[i]);
    for (const auto& g : fes) ok = ok && g.codes[i] >= 0;
    for (const auto& g : clusters) ok = ok && g.codes[i] >= 0;
    // Stata drops non-positive weights from the sample.
    if (!w.empty()) ok = ok && std::isfinite(w[i]) && w[i] > 0;
    keep[i] = ok;
    // Stata: "may not use noninteger frequency weights".
    if (ok && frequency && w[i] != std::floor(w[i]))
      throw UserError(fmt::format("The frequency weight {} is {} in row {}; frequency weights must be whole numbers "
                                  "(use analytic weights otherwise).",
                                  opts.weights, w[i], i + 1));
  }
  ModelFrame mf;
  for (char k : keep) mf.n_missing += !k;
  if (opts.drop_singletons && !fes.empty()) {
    std::vector<std::vector<int32_t>> codes;
    std::vector<int32_t> levels;
    for (const auto& g : fes) {
      codes.push_back(g.codes);
      levels.push_back(g.levels);
    }
    mf.n_singletons = drop_singletons(codes, levels, keep, frequency ? &w : nullptr);
  }
  std::vector<size_t> rows;
  for (size_t i = 0; i < n; ++i)
    if (keep[i]) rows.push_back(i);
  if (rows.empty()) throw UserError("No observations are left after dropping missing values and singletons.");

  const Eigen::Index m = static_cast<Eigen::Index>(rows.size());
  mf.y.resize(m);
  mf.X.resize(m, static_cast<Eigen::Index>(cols.size()));
  util::advise_huge_pages(mf.X.data(), static_cast<size_t>(mf.X.size()) * sizeof(double));
  for (Eigen::Index r = 0; r < m; ++r) mf.y[r] = y[rows[static_cast<size_t>(r)]];
  for (size_t j = 0; j < cols.size(); ++j) {
    const double* x = cols[j].data();
    double* out = mf.X.col(static_cast<Eigen::Index>(j)).data();
    for (Eigen::Index r = 0; r < m; ++r) out[r] = x[rows[static_cast<size_t>(r)]];
    cols[j] = DesignColumn();
  }
  mf.names = std::move(names);
  mf.rows.assign(rows.begin(), rows.end());
  mf.term_of_column = std::move(term_of_column);
  for (const auto& g : fes) mf.fixed_effects.push_back(subset(g, rows));
  for (const auto& g : clusters) mf.clusters.push_back(subset(g, rows));
  if (!w.empty()) {
    mf.w.resize(m);
    for (Eigen::Index r = 0; r < m; ++r) mf.w[r] = w[rows[static_cast<size_t>(r)]];
  }
  return mf;
}

int64_t drop_singletons(const std::vector<std::vector<int32_t>>& fe_codes, const std::vector<int32_t>& fe_levels,
                        std::vector<char>& keep, const std::vector<double>* frequency) {
  int64_t dropped = 0;
  for (bool changed = true; changed;) {
    changed = false;
    for (size_t j = 0; j < fe_codes.size(); ++j) {
      std::vector<double> count(static_cast<size_t>(fe_levels[j]), 0.0);
      for (size_t i = 0; i < keep.size(); ++i)
        if (keep[i]) count[static_cast<size_t>(fe_codes[j][i])] += frequency ? (*frequency)[i] : 1.0;
      for (size_t i = 0; i < keep.size(); ++i)
        if (keep[i] && count[static_cast<size_t>(fe_codes[j][i])] == 1.0) {
          keep[i] = 0;
          ++dropped;
          changed = true;
        }
    }
  }
  return dropped;
}

}  // namespace tradedig::measure
