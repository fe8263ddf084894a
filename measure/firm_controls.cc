// Reading a firm-year survey file and deriving the baseline controls (see firm_controls.h).
#include "measure/firm_controls.h"

#include <fmt/format.h>

#include <cmath>
#include <limits>
#include <unordered_map>
#include <utility>

#include "measure/table_fields.h"
#include "util/error.h"
#include "util/parse.h"

namespace tradedig::measure {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::vector<std::string> aliases_of(db::ImportKind kind, const std::string& target) {
  for (auto& spec : db::field_specs(kind))
    if (spec.target == target) return std::move(spec.aliases);
  return {target};
}

// Tallies one variable over the rows and stores its values.
class Variable {
 public:
  Variable(std::vector<double>& out, ControlReport& rep) : out_(out), rep_(rep) {}
  // inputs missing → NaN (missing_input); inputs present but against the rule → NaN (out_of_range).
  void add(bool missing, bool out_of_range, double value) {
    if (missing) {
      ++rep_.missing_input;
      out_.push_back(kNaN);
    } else if (out_of_range) {
      ++rep_.out_of_range;
      out_.push_back(kNaN);
    } else {
      ++rep_.computed;
      out_.push_back(value);
    }
  }

 private:
  std::vector<double>& out_;
  ControlReport& rep_;
};

}  // namespace

std::vector<db::FieldSpec> survey_field_specs() {
  using T = db::FieldType;
  // The order after firm_id and year is SurveyField's.
  // clang-format off
  return {
      {"firm_id", T::kText, true, "firm identifier, as in customs and the firm list",
       aliases_of(db::ImportKind::kFirms, "firm_id")},
      {"year", T::kYear, true, "survey year (or --year-col)", aliases_of(db::ImportKind::kCustoms, "year")},
      {"founded", T::kYear, false, "founding year or date", aliases_of(db::ImportKind::kFirms, "founded")},
      {"employees", T::kReal, false, "employees",
       {"employees", "从业人数", "年末从业人员", "年末从业人数", "全部从业人员年平均人数", "从业人员年平均人数", "从业人员",
        "全部职工", "employment", "emp", "labor"}},
      {"fixed_assets", T::kReal, false, "fixed assets",
       {"fixed_assets", "固定资产合计", "固定资产总计", "固定资产", "fixed_asset", "fa"}},
      {"wages_payable", T::kReal, false, "wages payable",
       {"wages_payable", "应付工资", "本年应付工资总额", "应付工资总额", "应付职工薪酬", "wage", "wages"}},
      {"interest_expense", T::kReal, false, "interest expense",
       {"interest_expense", "利息支出", "其中:利息支出", "其中：利息支出", "interest"}},
      {"total_assets", T::kReal, false, "total assets", {"total_assets", "资产总计", "资产合计", "资产总额", "assets"}},
      {"total_profit", T::kReal, false, "total profit", {"total_profit", "利润总额", "profit"}},
      {"industrial_sales", T::kReal, false, "industrial sales output",
       {"industrial_sales", "工业销售产值", "工业销售产值(当年价格)", "工业销售产值（当年价格）", "工业销售产值当年价",
        "sales_output"}},
      {"revenue", T::kReal, false, "operating revenue (size classes)",
       {"revenue", "营业收入", "营业收入合计", "主营业务收入", "产品销售收入", "sales"}},
      {"foreign_capital", T::kReal, false, "foreign capital",
       {"foreign_capital", "外商资本", "外商资本金", "外资资本"}},
      {"hmt_capital", T::kReal, false, "Hong Kong, Macao and Taiwan capital",
       {"hmt_capital", "港澳台资本", "港澳台资本金"}},
      {"paid_in_capital", T::kReal, false, "paid-in capital",
       {"paid_in_capital", "实收资本", "实收资本金", "paidin_capital"}},
      {"patents", T::kReal, false, "patent applications",
       {"patents", "专利申请数", "专利申请", "专利申请数量", "patent_applications"}},
  };
  // clang-format on
}

FirmSurvey load_firm_survey(const std::string& path, const db::ColumnMapping& mapping, const db::ReadOptions& read) {
  auto reader = db::open_table(path, read);
  const auto& header = reader->columns();
  const auto specs = survey_field_specs();
  const auto col = resolve_fields(header, specs, mapping, path);
  FirmSurvey s;
  s.path = path;
  for (size_t i = 0; i < specs.size(); ++i)
    if (col[i] >= 0) {
      s.mapping_used.emplace_back(specs[i].target, header[static_cast<size_t>(col[i])]);
      if (i >= 2) s.column[i - 2] = header[static_cast<size_t>(col[i])];
    }
  auto where_text = [&](int64_t where) { return position_of(*reader, where); };

  std::unordered_map<std::string, int64_t> seen;  // firm_id \x1f year → where
  std::vector<std::string_view> row;
  int64_t where = 0;
  while (reader->next(row, where)) {
    const auto id = cell_at(row, col[0]);
    if (id.empty())
      throw UserError(
          fmt::format("{}: column {}: empty firm id", where_text(where), header[static_cast<size_t>(col[0])]));
    const auto year_text = cell_at(row, col[1]);
    const auto year = parse_year(year_text);
    if (!year)
      throw UserError(fmt::format("{}: column {}: '{}' is not a year", where_text(where),
                                  header[static_cast<size_t>(col[1])], year_text));
    auto [it, fresh] = seen.emplace(fmt::format("{}\x1f{}", id, *year), where);
    if (!fresh)
      throw UserError(fmt::format("{}: firm {} appears twice for {} (also at {} {}); keep one row per firm-year",
                                  where_text(where), id, *year, reader->position_word(), it->second));
    s.firm_id.emplace_back(id);
    s.year.push_back(static_cast<int16_t>(*year));
    for (size_t f = 0; f < kSurveyFieldCount; ++f) {
      const int c = col[f + 2];
      const auto text = cell_at(row, c);
      double v = kNaN;
      if (c >= 0 && !is_missing_cell(text)) {
        if (f == static_cast<size_t>(SurveyField::kFounded)) {
          if (auto y = parse_year(text)) v = *y;
        } else if (auto x = parse_double(text)) {
          v = *x;
        }
        if (std::isnan(v)) {
          ++s.bad_cells[f];
          if (s.first_bad_cell.empty())
            s.first_bad_cell =
                fmt::format("{}: column {}: '{}' is not {}", where_text(where), header[static_cast<size_t>(c)], text,
                            f == 0 ? "a year (1800-2200) or a date" : "a number");
        }
      }
      s.values[f].push_back(v);
    }
  }
  return s;
}

double firm_age(double year, double founded) {
  if (std::isnan(year) || std::isnan(founded) || founded > year) return kNaN;
  return year - founded + 1;
}

double capital_per_worker(double fixed_assets, double employees) {
  if (!(employees > 0) || !(fixed_assets >= 0)) return kNaN;  // NaN fails both comparisons
  return fixed_assets / employees;
}

FirmControls compute_firm_controls(const FirmSurvey& s, const FirmControlOptions& opts) {
  FirmControls out;
  out.report = {
      {"lnage", "ln(year - founded + 1)", "founded missing or after the survey year"},
      {"lnsca", "ln(employees)", "employees missing or <= 0"},
      {"lncap", "ln(fixed assets / employees + 1)", "employees missing or <= 0; fixed assets missing or < 0"},
      {"lnpwa", "ln(wages payable / employees + 1)", "employees missing or <= 0; wages payable missing or < 0"},
      {"lnfir", "ln(interest expense / total assets + 1)",
       "total assets missing or <= 0; interest expense missing or < 0"},
      {"lnpro", "ln(total profit / industrial sales + 1)", "sales missing or <= 0; profit missing; profit/sales <= -1"},
      {"foe",
       opts.foe_include_hmt ? "(foreign + HMT capital) / paid-in capital >= 0.25"
                            : "foreign capital / paid-in capital >= 0.25",
       "paid-in capital missing or <= 0; foreign capital missing or < 0"},
      {"lninn", "ln(patent applications + 1)", "patents missing or < 0"},
  };
  Variable lnage(out.lnage, out.report[0]), lnsca(out.lnsca, out.report[1]), lncap(out.lncap, out.report[2]),
      lnpwa(out.lnpwa, out.report[3]), lnfir(out.lnfir, out.report[4]), lnpro(out.lnpro, out.report[5]),
      foe(out.foe, out.report[6]), lninn(out.lninn, out.report[7]);
  using F = SurveyField;
  const auto &founded = s[F::kFounded], &emp = s[F::kEmployees], &fa = s[F::kFixedAssets], &wage = s[F::kWagesPayable],
             &interest = s[F::kInterestExpense], &assets = s[F::kTotalAssets], &profit = s[F::kTotalProfit],
             &sales = s[F::kIndustrialSales], &foreign = s[F::kForeignCapital], &hmt = s[F::kHmtCapital],
             &paid = s[F::kPaidInCapital], &patents = s[F::kPatents];
  for (size_t i = 0; i < s.size(); ++i) {
    const double year = s.year[i];
    lnage.add(std::isnan(founded[i]), founded[i] > year, std::log(firm_age(year, founded[i])));
    lnsca.add(std::isnan(emp[i]), !(emp[i] > 0), std::log(emp[i]));
    const bool emp_bad = !(emp[i] > 0);
    lncap.add(std::isnan(emp[i]) || std::isnan(fa[i]), emp_bad || fa[i] < 0,
              std::log1p(capital_per_worker(fa[i], emp[i])));
    lnpwa.add(std::isnan(emp[i]) || std::isnan(wage[i]), emp_bad || wage[i] < 0, std::log1p(wage[i] / emp[i]));
    lnfir.add(std::isnan(assets[i]) || std::isnan(interest[i]), !(assets[i] > 0) || interest[i] < 0,
              std::log1p(interest[i] / assets[i]));
    const double margin = profit[i] / sales[i];
    lnpro.add(std::isnan(sales[i]) || std::isnan(profit[i]), !(sales[i] > 0) || !(margin > -1), std::log1p(margin));
    const double h = opts.foe_include_hmt && std::isfinite(hmt[i]) ? hmt[i] : 0;
    const double f = foreign[i] + h;
    const bool foe_bad = !(paid[i] > 0) || foreign[i] < 0 || h < 0;
    foe.add(std::isnan(paid[i]) || std::isnan(foreign[i]), foe_bad, 4 * f >= paid[i] ? 1.0 : 0.0);
    if (!std::isnan(paid[i]) && !std::isnan(foreign[i]) && !foe_bad && f > paid[i]) ++out.foe_share_above_one;
    lninn.add(std::isnan(patents[i]), patents[i] < 0, std::log1p(patents[i]));
  }
  return out;
}

}  // namespace tradedig::measure
