// Size classes, capital-intensity terciles, firm-age and trade-mode splits (see heterogeneity_groups.h).
#include "measure/heterogeneity_groups.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <tuple>

#include "util/error.h"
#include "util/parse.h"

namespace tradedig::measure {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

}  // namespace

SizeClass nbs2017_industrial_size(double employees, double revenue) {
  if (!(employees > 0)) employees = kNaN;  // no firm has no staff: a data error, not a micro firm
  if (!(revenue >= 0)) revenue = kNaN;
  // 微型企业只须满足所列指标中的一项: one known value under the small bounds decides.
  if (employees < 20 || revenue < 300) return SizeClass::kMicro;
  if (std::isnan(employees) || std::isnan(revenue)) return SizeClass::kMissing;
  if (employees >= 1000 && revenue >= 40000) return SizeClass::kLarge;
  if (employees >= 300 && revenue >= 2000) return SizeClass::kMedium;
  return SizeClass::kSmall;
}

double to_10k_yuan_factor(const std::string& unit) {
  const std::string u = to_lower_ascii(trim(unit));
  if (u == "yuan" || u == "元") return 1e-4;
  if (u == "thousand" || u == "千元") return 0.1;
  if (u == "10k" || u == "万元") return 1;
  if (u == "million" || u == "百万元") return 100;
  throw UserError(fmt::format("unknown money unit '{}': use yuan, thousand (千元), 10k (万元) or million", unit));
}

std::vector<double> top_tercile(const std::vector<double>& x, const std::vector<int16_t>& group) {
  std::vector<double> out(x.size(), kNaN);
  std::map<int16_t, std::vector<double>> sorted;
  for (size_t i = 0; i < x.size(); ++i)
    if (!std::isnan(x[i])) sorted[group[i]].push_back(x[i]);
  std::map<int16_t, double> cut;
  for (auto& [g, v] : sorted) {
    std::sort(v.begin(), v.end());
    const size_t n = v.size();
    // Stata's _pctile at p = 200/3 (R type 2): average at a whole rank, else the next order statistic.
    if ((2 * n) % 3 == 0) {
      const size_t k = 2 * n / 3;  // 1-based rank; k < n since n ≥ 3 here
      cut[g] = (v[k - 1] + v[k]) / 2;
    } else {
      cut[g] = v[(2 * n + 2) / 3 - 1];  // ⌈2n/3⌉
    }
  }
  for (size_t i = 0; i < x.size(); ++i)
    if (!std::isnan(x[i])) out[i] = x[i] > cut[group[i]] ? 1.0 : 0.0;
  return out;
}

double startup_indicator(double age) {
  if (!(age >= 1)) return kNaN;
  return age <= 2 ? 1.0 : 0.0;
}

bool is_ordinary_trade_mode(std::string_view mode) {
  mode = trim(mode);
  return mode == "一般贸易" || iequals(mode, "ordinary") || iequals(mode, "ordinary trade") ||
         iequals(mode, "general trade") || mode == "10" || mode == "0110";
}

TradeModeSplit ordinary_trade_split(const db::CustomsColumns& c, double threshold) {
  TradeModeSplit out;
  std::vector<int8_t> kind(c.mode_names.size());  // -1 no mode, 1 ordinary, 0 other
  for (size_t m = 0; m < c.mode_names.size(); ++m) {
    const auto name = trim(c.mode_names[m]);
    kind[m] = name.empty() ? -1 : is_ordinary_trade_mode(name) ? 1 : 0;
    if (kind[m] == 1) out.ordinary_modes.emplace_back(name);
    if (kind[m] == 0) out.other_modes.emplace_back(name);
  }
  std::vector<uint32_t> rows;
  for (size_t i = 0; i < c.size(); ++i)
    if (c.value[i] > 0) rows.push_back(static_cast<uint32_t>(i));
  std::sort(rows.begin(), rows.end(),
            [&](uint32_t a, uint32_t b) { return std::tie(c.firm[a], c.year[a]) < std::tie(c.firm[b], c.year[b]); });
  for (size_t k = 0; k < rows.size();) {
    const int32_t f = c.firm[rows[k]];
    const int16_t t = c.year[rows[k]];
    double ordinary = 0, known = 0;
    for (; k < rows.size() && c.firm[rows[k]] == f && c.year[rows[k]] == t; ++k) {
      const uint32_t i = rows[k];
      const int8_t m = kind[static_cast<size_t>(c.mode[i])];
      if (m < 0) {
        ++out.rows_without_mode;
        continue;
      }
      known += c.value[i];
      if (m == 1) ordinary += c.value[i];
    }
    const double share = known > 0 ? ordinary / known : kNaN;
    if (std::isnan(share)) ++out.firm_years_without;
    out.ordinary_share.push_back({f, t, share});
    out.ordinary_trade.push_back({f, t, std::isnan(share) ? kNaN : share >= threshold ? 1.0 : 0.0});
  }
  return out;
}

HeterogeneityGroups heterogeneity_groups(const FirmSurvey& s, const HeterogeneityOptions& opts) {
  HeterogeneityGroups g;
  const double to_10k = to_10k_yuan_factor(opts.money_unit);
  const auto& emp = s[SurveyField::kEmployees];
  const auto& revenue = s[SurveyField::kRevenue];
  const auto& fa = s[SurveyField::kFixedAssets];
  const auto& founded = s[SurveyField::kFounded];
  std::vector<double> kl(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    const SizeClass sc = nbs2017_industrial_size(emp[i], revenue[i] * to_10k);
    ++g.size_counts[static_cast<size_t>(sc)];
    g.size_class.push_back(sc == SizeClass::kMissing ? kNaN : static_cast<double>(sc));
    g.small_micro.push_back(sc == SizeClass::kMissing ? kNaN : sc <= SizeClass::kSmall ? 1.0 : 0.0);
    kl[i] = capital_per_worker(fa[i], emp[i]);
    g.startup.push_back(startup_indicator(firm_age(s.year[i], founded[i])));
    if (!std::isnan(g.startup.back())) {
      ++g.age_rows;
      g.startup_rows += g.startup.back() == 1;
    }
  }
  g.cap_intensive = top_tercile(kl, opts.capital_terciles_by_year ? s.year : std::vector<int16_t>(s.size(), 0));
  for (double v : g.cap_intensive)
    if (!std::isnan(v)) {
      ++g.cap_rows;
      g.cap_intensive_rows += v == 1;
    }
  return g;
}

}  // namespace tradedig::measure
