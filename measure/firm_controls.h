// Firm controls of the baseline regression from industrial-survey-style firm-year columns
// (METHODS.md §3, paper 003 §3.2.3). One value per row of the survey file; NaN = missing.
//
//   variable  formula                                      missing when (counted in the report)
//   lnage     ln(year − founded + 1)                       founded missing/invalid, or founded > year
//   lnsca     ln(employees)                                employees missing or ≤ 0
//   lncap     ln(fixed assets / employees + 1)             employees missing or ≤ 0; fixed assets missing or < 0
//   lnpwa     ln(wages payable / employees + 1)            employees missing or ≤ 0; wages payable missing or < 0
//   lnfir     ln(interest expense / total assets + 1)      total assets missing or ≤ 0; interest missing or < 0
//   lnpro     ln(total profit / industrial sales + 1)      sales missing or ≤ 0; profit missing; profit/sales ≤ −1
//   foe       1 if foreign capital / paid-in capital ≥ 25% paid-in missing or ≤ 0; foreign capital missing or < 0
//   lninn     ln(patent applications + 1)                  patents missing or < 0
//
// Conventions
//   - Money columns are used in the file's own unit (the ratios inside lncap, lnpwa depend on it;
//     ASIE reports thousand yuan). A founding year equal to the survey year gives age 1, lnage = 0.
//   - Losses are kept: lnpro is defined for any profit/sales above −1.
//   - foe compares 4 × foreign ≥ paid-in, so that exactly 25% counts as foreign without rounding.
//     Foreign capital is 外商资本 alone unless `foe_include_hmt` adds 港澳台资本 (HMT capital; an empty
//     HMT cell then counts as 0 when the foreign cell is present). A share above 1 (foreign capital
//     larger than paid-in capital, a data error) still gives foe = 1 and is counted.
//   - A column absent from the file leaves its variables missing for every row (never 0).
//   - A cell that is not a number is missing, counted per field, and the first one is named.
//
// Example: a firm surveyed in 2005, founded 2003, 250 employees, fixed assets 5,000 →
//   lnage = ln 3, lnsca = ln 250, lncap = ln(5000/250 + 1) = ln 21.
#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "db/import.h"
#include "db/table_reader.h"

namespace tradedig::measure {

// The numeric fields a survey file may carry, beside firm_id and year.
enum class SurveyField {
  kFounded,          // founding year (开业年份, 成立年份, a date is read as its year)
  kEmployees,        // 从业人数
  kFixedAssets,      // 固定资产合计
  kWagesPayable,     // 应付工资
  kInterestExpense,  // 利息支出
  kTotalAssets,      // 资产总计
  kTotalProfit,      // 利润总额
  kIndustrialSales,  // 工业销售产值
  kRevenue,          // 营业收入 / 主营业务收入 (size classes)
  kForeignCapital,   // 外商资本
  kHmtCapital,       // 港澳台资本
  kPaidInCapital,    // 实收资本
  kPatents,          // 专利申请数
};
constexpr size_t kSurveyFieldCount = 13;

// firm_id and year first, then the SurveyFields in enum order, with their default column names.
// Targets are the --map names (firm_id, year, founded, employees, fixed_assets, ...).
std::vector<db::FieldSpec> survey_field_specs();

// A firm-year survey file in columns.
struct FirmSurvey {
  std::string path;
  std::vector<std::string> firm_id;
  std::vector<int16_t> year;
  std::array<std::vector<double>, kSurveyFieldCount> values;  // NaN: empty cell, bad cell or no column
  std::array<std::string, kSurveyFieldCount> column;          // the file column used ("" = none)
  std::array<int64_t, kSurveyFieldCount> bad_cells{};         // non-empty cells that were not values
  std::string first_bad_cell;                                 // "file:line: column C: 'x' is not a number"
  db::ColumnMapping mapping_used;                             // target ← file column, firm_id and year included
  size_t size() const { return year.size(); }
  const std::vector<double>& operator[](SurveyField f) const { return values[static_cast<size_t>(f)]; }
  bool has(SurveyField f) const { return !column[static_cast<size_t>(f)].empty(); }
};

// Reads a survey file. `mapping` (target=column) overrides the default names. Throws UserError for
// an unreadable file, a missing firm_id or year column, a row with an empty firm id or a year
// that is not one (naming file:line), and a firm-year that appears twice (naming both lines).
FirmSurvey load_firm_survey(const std::string& path, const db::ColumnMapping& mapping = {},
                            const db::ReadOptions& read = {});

// Age in years counting the founding year as 1 (year − founded + 1); NaN when either is missing
// or the firm was founded after `year`. Shared by lnage and the start-up split.
double firm_age(double year, double founded);

// Fixed assets per employee; NaN when employees are missing or ≤ 0 or fixed assets missing or < 0.
// Shared by lncap and the capital-intensity split.
double capital_per_worker(double fixed_assets, double employees);

struct FirmControlOptions {
  bool foe_include_hmt = false;  // foreign share = (外商资本 + 港澳台资本) / 实收资本
};

// How one variable came out: rows with a value, rows whose inputs were missing (or absent),
// rows whose inputs were present but broke the rule (negative, zero denominator, ...).
struct ControlReport {
  std::string name, formula, rule;
  int64_t computed = 0, missing_input = 0, out_of_range = 0;
};

struct FirmControls {
  std::vector<double> lnage, lnsca, lncap, lnpwa, lnfir, lnpro, foe, lninn;  // per survey row
  std::vector<ControlReport> report;                                         // in the order above
  int64_t foe_share_above_one = 0;
};

FirmControls compute_firm_controls(const FirmSurvey& survey, const FirmControlOptions& opts = {});

}  // namespace tradedig::measure
