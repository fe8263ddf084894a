// Variables that split the sample for the heterogeneity analysis (METHODS.md §4, paper 003 Table 7).
//
// Size (NBS, 统计上大中小微型企业划分办法(2017), 国统字〔2017〕213号, industry = 工业):
//     large   employees ≥ 1000 and revenue ≥ 40,000 (10k yuan)
//     medium  employees ≥ 300  and revenue ≥ 2,000
//     small   employees ≥ 20   and revenue ≥ 300
//     micro   otherwise (employees < 20 or revenue < 300)
//   The rule's note says large, medium and small firms must meet *both* lower bounds, or fall one
//   class ("须同时满足所列指标的下限，否则下划一档"), and a micro firm need meet only one of its
//   conditions; so 1,500 employees with revenue 5,000 is medium, 5,000 employees with revenue 100
//   micro. Sources: www.stats.gov.cn/sj/tjbz/gjtjbz/202302/t20230213_1902763.html and NBS's reply
//   www.stats.gov.cn/hd/lyzx/zxgk/202405/t20240524_1953570.html. Revenue is 营业收入 (ASIE's 主营业务
//   收入 where that is all there is), converted from the file's unit to 10k yuan. A firm with one
//   known value below the small bounds is micro whatever the other; otherwise a missing value
//   leaves the class missing. Employees ≤ 0 and negative revenue count as missing.
//   size_class: 1 micro, 2 small, 3 medium, 4 large; small_micro = 1 for classes 1–2, 0 for 3–4.
//
// Capital intensity: fixed assets per employee (firm_controls.h capital_per_worker); cap_intensive
//   = 1 in the top third, 0 otherwise, within each survey year (default) or pooled over years. The
//   cut is Stata's `xtile, nq(3)` upper cut point, i.e. R's quantile(type = 2) at 2/3: with n values
//   sorted x(1) ≤ … ≤ x(n), c = (x(2n/3) + x(2n/3+1)) / 2 when 2n/3 is whole, else x(⌈2n/3⌉); the
//   top third is x > c, so ties at the cut stay together below it.
//
// Firm age: startup = 1 for age 1–2 (founding year and the year after; age = year − founded + 1 as
//   in lnage), 0 for age ≥ 3 ("developing"), missing when age is.
//
// Trade mode (customs): ordinary_share = value of ordinary-trade rows / value of rows with a known
//   mode, over the firm-year's rows with value > 0; ordinary_trade = 1 when the share ≥ 0.5 (an
//   option), 0 below, missing when no row of the firm-year has a mode. Ordinary trade is the mode
//   一般贸易 (also "ordinary", "ordinary trade", "general trade", and the customs codes 10 and 0110);
//   every other mode (processing, bonded, border trade, ...) is "other".
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "db/customs_store.h"
#include "measure/firm_controls.h"

namespace tradedig::measure {

enum class SizeClass : int8_t { kMissing = 0, kMicro = 1, kSmall = 2, kMedium = 3, kLarge = 4 };

// NBS 2017 industrial size class from employees and revenue in 10k yuan (NaN = missing).
SizeClass nbs2017_industrial_size(double employees, double revenue_10k_yuan);

// Factor that converts a money amount in `unit` to 10k yuan: yuan, thousand (千元, ASIE), 10k
// (万元), million. Throws UserError for another unit.
double to_10k_yuan_factor(const std::string& unit);

// 1 for values above the top-tercile cut of their group, 0 for the others, NaN for NaN. Groups
// are the distinct `group` values (pass one value for all to pool).
std::vector<double> top_tercile(const std::vector<double>& x, const std::vector<int16_t>& group);

// 1 for age 1–2, 0 for age ≥ 3, NaN otherwise.
double startup_indicator(double age);

// Whether a customs trade mode is ordinary trade (see above).
bool is_ordinary_trade_mode(std::string_view mode);

struct TradeModeSplit {
  std::vector<db::FirmYearValue> ordinary_share, ordinary_trade;  // every firm-year with exports, sorted
  int64_t rows_without_mode = 0;                         // value > 0 rows with an empty mode (left out of the shares)
  size_t firm_years_without = 0;                         // firm-years whose rows all lack a mode
  std::vector<std::string> ordinary_modes, other_modes;  // the mode texts seen, as classified
};

TradeModeSplit ordinary_trade_split(const db::CustomsColumns& customs, double threshold = 0.5);

struct HeterogeneityOptions {
  std::string money_unit = "thousand";   // unit of the file's revenue column
  bool capital_terciles_by_year = true;  // false: pooled over all years
};

struct HeterogeneityGroups {
  std::vector<double> size_class, small_micro, cap_intensive, startup;  // per survey row, NaN = missing
  int64_t size_counts[5] = {0, 0, 0, 0, 0};                             // by SizeClass
  int64_t cap_intensive_rows = 0, cap_rows = 0, startup_rows = 0, age_rows = 0;
};

HeterogeneityGroups heterogeneity_groups(const FirmSurvey& survey, const HeterogeneityOptions& opts = {});

}  // namespace tradedig::measure
