// The entropy-weight composite index: normalise, entropy per indicator, weights, scores.
#include "measure/entropy_index.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include <fmt/format.h>

#include "util/error.h"

namespace tradedig::measure {
namespace {

const std::vector<double>& numeric_column(const DataFrame& d, const std::string& name, const char* role) {
  const Column* c = d.find(name);
  if (!c) throw UserError(fmt::format("The {} column {} is not in the data.", role, name));
  if (!c->numeric) throw UserError(fmt::format("The {} column {} is not numeric.", role, name));
  return c->values;
}

std::string unit_label(const Column& c, size_t i) {
  if (!c.numeric) return c.codes[i] < 0 ? std::string() : c.levels[static_cast<size_t>(c.codes[i])];
  return std::isnan(c.values[i]) ? std::string() : fmt::format("{}", c.values[i]);
}

struct Indicator {
  std::string name;
  bool positive;
  const std::vector<double>* x;
};

// Weights and scores of one block of rows.
void weigh_block(const std::vector<Indicator>& ind, const std::vector<size_t>& rows, std::optional<int64_t> year,
                 double shift, EntropyIndex& out, std::vector<double>& score) {
  const std::string where = year ? fmt::format(" in {}", *year) : std::string();
  if (rows.size() < 2) throw UserError(fmt::format("The entropy method needs at least two complete rows{}.", where));
  const double n = static_cast<double>(rows.size());
  std::vector<std::vector<double>> norm(ind.size(), std::vector<double>(rows.size()));
  std::vector<double> divergence(ind.size());
  for (size_t j = 0; j < ind.size(); ++j) {
    const auto& x = *ind[j].x;
    double lo = x[rows[0]], hi = lo;
    for (size_t r : rows) {
      lo = std::min(lo, x[r]);
      hi = std::max(hi, x[r]);
    }
    if (!(hi > lo)) throw UserError(fmt::format("The indicator {} has no variation{}; drop it.", ind[j].name, where));
    double total = 0;
    for (size_t i = 0; i < rows.size(); ++i) {
      const double v = x[rows[i]];
      norm[j][i] = (ind[j].positive ? v - lo : hi - v) / (hi - lo) + shift;
      total += norm[j][i];
    }
    double plogp = 0;
    for (double v : norm[j])
      if (v > 0) plogp += (v / total) * std::log(v / total);
    const double entropy = -plogp / std::log(n);
    divergence[j] = 1.0 - entropy;
    out.weights.push_back({ind[j].name, ind[j].positive, year, entropy, divergence[j], 0.0});
  }
  double dsum = 0;
  for (double dj : divergence) dsum += dj;
  const size_t first = out.weights.size() - ind.size();
  for (size_t j = 0; j < ind.size(); ++j) {
    const double w = divergence[j] / dsum;
    out.weights[first + j].weight = w;
    for (size_t i = 0; i < rows.size(); ++i) score[rows[i]] += w * norm[j][i];
  }
}

}  // namespace

EntropyIndex entropy_index(const DataFrame& d, const EntropyOptions& o) {
  if (o.positive.empty() && o.negative.empty()) throw UserError("Name at least one positive or negative indicator.");
  if (!(o.shift >= 0)) throw UserError(fmt::format("The shift constant must be 0 or positive (got {}).", o.shift));
  if (o.per_year && o.year.empty()) throw UserError("Year-by-year weights need the year column (--year).");
  const Column* id = d.find(o.id);
  if (!id) throw UserError(fmt::format("The unit column {} is not in the data.", o.id));
  std::vector<Indicator> ind;
  std::set<std::string> seen;
  for (const auto& p : o.positive) ind.push_back({p, true, &numeric_column(d, p, "indicator")});
  for (const auto& p : o.negative) ind.push_back({p, false, &numeric_column(d, p, "indicator")});
  for (const auto& i : ind)
    if (!seen.insert(i.name).second) throw UserError(fmt::format("The indicator {} is listed twice.", i.name));
  const std::vector<double>* year = o.year.empty() ? nullptr : &numeric_column(d, o.year, "year");

  EntropyIndex out;
  const auto rows = static_cast<size_t>(d.rows());
  std::vector<size_t> complete;
  std::map<int64_t, std::vector<size_t>> by_year;
  std::set<std::pair<std::string, int64_t>> keys;
  for (size_t i = 0; i < rows; ++i) {
    bool ok = !unit_label(*id, i).empty() && (!year || !std::isnan((*year)[i]));
    for (const auto& k : ind) ok = ok && std::isfinite((*k.x)[i]);
    if (!ok) {
      ++out.incomplete;
      continue;
    }
    int64_t y = 0;
    if (year) {
      const double v = (*year)[i];
      if (v != std::floor(v)) throw UserError(fmt::format("The year column {} has a non-integer value {}.", o.year, v));
      y = static_cast<int64_t>(v);
      by_year[y].push_back(i);
    }
    if (!keys.insert({unit_label(*id, i), y}).second)
      throw UserError(year ? fmt::format("The unit {} occurs twice in {}.", unit_label(*id, i), y)
                           : fmt::format("The unit {} occurs twice; give the year column.", unit_label(*id, i)));
    complete.push_back(i);
  }

  std::vector<double> score(rows, 0.0);
  if (o.per_year) {
    for (const auto& [y, block] : by_year) weigh_block(ind, block, y, o.shift, out, score);
  } else {
    weigh_block(ind, complete, std::nullopt, o.shift, out, score);
  }
  for (size_t i : complete) {
    std::optional<int64_t> y;
    if (year) y = static_cast<int64_t>((*year)[i]);
    out.scores.push_back({unit_label(*id, i), y, score[i]});
  }
  return out;
}

}  // namespace tradedig::measure
