// The balanced panel grid and the per-individual equations and instruments of difference and
// system GMM, laid out exactly as plm::pgmm does (makegmm, makeW2, the time-dummy blocks V1/V2 and
// the FSM "full" H matrix) so that every sum over individuals matches it.
#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include <fmt/format.h>

#include "measure/gmm_internal.h"
#include "util/error.h"

namespace tradedig::measure {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string number_label(double v) {
  if (v == std::floor(v) && std::fabs(v) < 1e15) return fmt::format("{}", static_cast<int64_t>(v));
  return fmt::format("{}", v);
}

// Period (0-based) of every row, -1 when the time is missing; fills the sorted period labels.
std::vector<int> period_codes(const Column& c, std::vector<std::string>* labels) {
  std::vector<int> out(c.numeric ? c.values.size() : c.codes.size(), -1);
  if (c.numeric) {
    std::vector<double> distinct;
    for (double v : c.values)
      if (!std::isnan(v)) distinct.push_back(v);
    std::sort(distinct.begin(), distinct.end());
    distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
    for (double v : distinct) labels->push_back(number_label(v));
    for (size_t r = 0; r < out.size(); ++r)
      if (!std::isnan(c.values[r]))
        out[r] = static_cast<int>(std::lower_bound(distinct.begin(), distinct.end(), c.values[r]) - distinct.begin());
    return out;
  }
  std::vector<int> order(c.levels.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](int a, int b) { return c.levels[a] < c.levels[b]; });
  std::vector<int> rank(c.levels.size());
  for (size_t k = 0; k < order.size(); ++k) {
    rank[order[k]] = static_cast<int>(k);
    labels->push_back(c.levels[order[k]]);
  }
  for (size_t r = 0; r < out.size(); ++r)
    if (c.codes[r] >= 0) out[r] = rank[c.codes[r]];
  return out;
}

}  // namespace

int GmmPanel::series_index(const std::string& label) const {
  auto it = std::find(series_labels.begin(), series_labels.end(), label);
  return it == series_labels.end() ? -1 : static_cast<int>(it - series_labels.begin());
}

GmmPanel build_gmm_panel(const DynamicFormula& f, const DataFrame& d, const std::string& id, const std::string& time) {
  const Column* idc = d.find(id);
  const Column* tc = d.find(time);
  if (!idc) throw UserError(fmt::format("The individual index variable {} is not in the data.", id));
  if (!tc) throw UserError(fmt::format("The time index variable {} is not in the data.", time));
  GmmPanel p;
  int32_t n_ids = 0;
  std::vector<int32_t> ids = factor_codes(*idc, &n_ids);
  std::vector<int> periods = period_codes(*tc, &p.period_labels);
  p.n = n_ids;
  p.T = static_cast<int>(p.period_labels.size());
  const size_t cells = static_cast<size_t>(p.n) * static_cast<size_t>(p.T);
  std::vector<char> seen(cells, 0);
  for (size_t r = 0; r < ids.size(); ++r) {
    if (ids[r] < 0 || periods[r] < 0) continue;
    char& s = seen[static_cast<size_t>(ids[r]) * p.T + periods[r]];
    if (s)
      throw UserError(fmt::format("The panel has two rows for {} = {}, {} = {}; GMM needs one row per individual "
                                  "and period.",
                                  id, idc->numeric ? number_label(idc->values[r]) : idc->levels[ids[r]], time,
                                  p.period_labels[periods[r]]));
    s = 1;
  }
  auto add = [&](const std::string& label, const ExprPtr& e) {
    if (p.series_index(label) >= 0) return;
    std::vector<double> v = evaluate(*e, d);
    std::vector<double> grid(cells, kNaN);
    for (size_t r = 0; r < v.size(); ++r)
      if (ids[r] >= 0 && periods[r] >= 0) grid[static_cast<size_t>(ids[r]) * p.T + periods[r]] = v[r];
    p.series_labels.push_back(label);
    p.series.push_back(std::move(grid));
  };
  add(f.lhs_label, f.lhs);
  for (const auto* terms : {&f.regressors, &f.gmm, &f.iv})
    for (const auto& t : *terms) add(t.label, t.expr);
  return p;
}

GmmDesign::GmmDesign(const DynamicFormula& f, const GmmPanel& p, const GmmOptions& o) : panel_(p) {
  const bool system = o.transformation == GmmTransformation::kSystem;
  int main_maxlag = 0, gmm_minlag = std::numeric_limits<int>::max();
  for (const auto& r : f.regressors)
    main_maxlag = std::max(main_maxlag, *std::max_element(r.lags.begin(), r.lags.end()));
  for (const auto& g : f.gmm) gmm_minlag = std::min(gmm_minlag, *std::min_element(g.lags.begin(), g.lags.end()));
  // pgmm: TL1 = max(main.maxlag + 1, gmm.minlag) periods are lost to differencing and lags.
  tl1_ = std::max(main_maxlag + 1, gmm_minlag);
  nd_ = p.T - tl1_;
  if (nd_ < 1)
    throw UserError(fmt::format("The panel has {} periods, too few for the lags of this model: the first differenced "
                                "equation would be for period {}.", p.T, tl1_ + 1));
  nl_ = system ? nd_ + 1 : 0;
  y_series_ = p.series_index(f.lhs_label);
  for (const auto& r : f.regressors)
    for (int lag : r.lags) {
      regressors_.push_back({p.series_index(r.label), lag});
      names_.push_back(lag == 0 ? r.label : fmt::format("lag({}, {})", r.label, lag));
    }
  k_main_ = static_cast<Eigen::Index>(names_.size());

  for (const auto& g : f.gmm) add_gmm_block(g, p.series_index(g.label), o);
  if (system) {
    // Level equation for period t: Δexpr_{t-a+1} (pgmm: Δexpr_{t-1}, the same for a = 2).
    for (const auto& g : f.gmm) {
      const int a = *std::min_element(g.lags.begin(), g.lags.end());
      const int s = p.series_index(g.label);
      int col = o.collapse ? add_column() : -1;
      for (int r = 0; r < nl_; ++r) {
        int period = tl1_ - 1 + r - a + 1;
        if (period < 1) continue;
        inst_cells_.push_back({nd_ + r, o.collapse ? col : add_column(), s, period, true, 0});
      }
    }
  }
  if (o.effect == GmmEffect::kTwoWays) add_time_dummies(system, o.time);
  first_tested_dummy_ = k_main_ + (system ? 1 : 0);
  for (const auto& z : f.iv)
    for (int lag : z.lags) {
      int col = add_column();
      for (int r = 0; r < nd_; ++r) inst_cells_.push_back({r, col, p.series_index(z.label), tl1_ + r - lag, true, 0});
    }
  if (system)
    for (const auto& z : f.iv)
      for (int lag : z.lags) {
        int col = add_column();
        for (int r = 0; r < nl_; ++r)
          inst_cells_.push_back({nd_ + r, col, p.series_index(z.label), tl1_ - 1 + r - lag, false, 0});
      }

  // pgmm's one-step H: G(nd) = MA(1) covariance of differenced errors (2 on the diagonal, -1 next
  // to it); for system GMM FSM(.., "full"): Cov(Δe_t, e_t) = 1, Cov(Δe_t, e_{t-1}) = -1, levels I.
  H_ = Eigen::MatrixXd::Zero(rows(), rows());
  for (int r = 0; r < nd_; ++r) {
    H_(r, r) = 2;
    if (r + 1 < nd_) H_(r, r + 1) = H_(r + 1, r) = -1;
    if (system) {
      H_(r, nd_ + r) = H_(nd_ + r, r) = -1;
      H_(r, nd_ + r + 1) = H_(nd_ + r + 1, r) = 1;
    }
  }
  for (int r = 0; r < nl_; ++r) H_(nd_ + r, nd_ + r) = 1;
}

// pgmm makegmm(): for the differenced equation of period t, the levels at s in [t-b, t-a]; one
// column per (t, s) pair, or collapsed one column per lag a + j (column j holds s = t - a - j).
void GmmDesign::add_gmm_block(const LaggedTerm& g, int series, const GmmOptions& o) {
  const int a = *std::min_element(g.lags.begin(), g.lags.end());
  const int b = *std::max_element(g.lags.begin(), g.lags.end());
  const int T = panel_.T;
  if (o.collapse) {
    const int ncol = std::min(T - a, b - a + 1);
    for (int j = 0; j < ncol; ++j) {
      int col = add_column();
      for (int r = 0; r < nd_; ++r) {
        int s = tl1_ + r - a - j;
        if (s >= 0) inst_cells_.push_back({r, col, series, s, false, 0});
      }
    }
    return;
  }
  for (int r = 0; r < nd_; ++r) {
    const int t = tl1_ + r;
    for (int s = std::max(0, t - b); s <= t - a; ++s) inst_cells_.push_back({r, add_column(), series, s, false, 0});
  }
}

// pgmm V1/V2. Difference GMM: dummies for periods tl1..T-1 in differences (regressors and
// instruments). System GMM: an intercept and dummies for periods tl1+1..T-1 (the first level
// period is the base) in the level equation, their differences in the differenced equation; only
// the level part instruments.
void GmmDesign::add_time_dummies(bool system, const std::string& time_name) {
  const Eigen::Index base = k_main_;
  if (!system) {
    const int col0 = static_cast<int>(n_inst_);
    for (int c = 0; c < nd_; ++c) {
      names_.push_back(fmt::format("{}::{}", time_name, panel_.period_labels[tl1_ + c]));
      add_column();
    }
    for (int r = 0; r < nd_; ++r) {
      dummy_cells_.push_back({r, static_cast<int>(base) + r, -1, 0, false, 1});
      inst_cells_.push_back({r, col0 + r, -1, 0, false, 1});
      if (r == 0) continue;
      dummy_cells_.push_back({r, static_cast<int>(base) + r - 1, -1, 0, false, -1});
      inst_cells_.push_back({r, col0 + r - 1, -1, 0, false, -1});
    }
    return;
  }
  names_.emplace_back("(Intercept)");
  for (int c = 1; c < nl_; ++c) names_.push_back(fmt::format("{}::{}", time_name, panel_.period_labels[tl1_ - 1 + c]));
  const int col0 = static_cast<int>(n_inst_);
  for (int c = 0; c < nl_; ++c) add_column();
  for (int r = 0; r < nl_; ++r) {
    dummy_cells_.push_back({nd_ + r, static_cast<int>(base), -1, 0, false, 1});
    inst_cells_.push_back({nd_ + r, col0, -1, 0, false, 1});
    if (r > 0) {
      dummy_cells_.push_back({nd_ + r, static_cast<int>(base) + r, -1, 0, false, 1});
      inst_cells_.push_back({nd_ + r, col0 + r, -1, 0, false, 1});
    }
  }
  for (int r = 0; r < nd_; ++r) {
    dummy_cells_.push_back({r, static_cast<int>(base) + r + 1, -1, 0, false, 1});
    if (r > 0) dummy_cells_.push_back({r, static_cast<int>(base) + r, -1, 0, false, -1});
  }
}

double GmmDesign::value(int64_t i, int series, int period, bool diff) const {
  if (period < (diff ? 1 : 0) || period >= panel_.T) return kNaN;
  const double* v = panel_.series[series].data() + i * panel_.T;
  return diff ? v[period] - v[period - 1] : v[period];
}

int GmmDesign::fill(int64_t i, Eigen::VectorXd& y, Eigen::MatrixXd& X, Eigen::MatrixXd& Z) const {
  const int n_rows = rows();
  y.setZero(n_rows);
  X.setZero(n_rows, k_total());
  Z.setZero(n_rows, n_inst_);
  std::vector<char> usable(n_rows, 1);
  for (int r = 0; r < n_rows; ++r) {
    const bool diff = r < nd_;
    const int t = diff ? tl1_ + r : tl1_ - 1 + (r - nd_);
    y[r] = value(i, y_series_, t, diff);
    bool ok = !std::isnan(y[r]);
    for (size_t k = 0; k < regressors_.size(); ++k) {
      double v = value(i, regressors_[k].series, t - regressors_[k].lag, diff);
      X(r, static_cast<Eigen::Index>(k)) = v;
      ok = ok && !std::isnan(v);
    }
    usable[r] = ok;
  }
  for (const auto& c : dummy_cells_) X(c.row, c.col) = c.constant;
  for (const auto& c : inst_cells_) {
    double v = c.series < 0 ? c.constant : value(i, c.series, c.period, c.diff);
    Z(c.row, c.col) = std::isnan(v) ? 0.0 : v;
  }
  int used = 0;
  for (int r = 0; r < n_rows; ++r) {
    if (usable[r]) {
      ++used;
      continue;
    }
    y[r] = 0;
    X.row(r).setZero();
    Z.row(r).setZero();
  }
  return used;
}

}  // namespace tradedig::measure
