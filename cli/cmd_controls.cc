#include <fmt/format.h>

#include "cli/commands.h"
#include "db/import.h"
#include "db/schema.h"
#include "measure/controls_run.h"

namespace tradedig::cli {
namespace {

struct ControlsArgs {
  std::string file, year_col, map, encoding = "auto", capital_terciles = "year";
  measure::ControlsRunOptions run;
};

std::string field_help() {
  std::string s = "Fields and the column names recognised without --map:\n";
  for (const auto& f : measure::survey_field_specs()) {
    std::string aliases;
    for (size_t i = 0; i < f.aliases.size() && i < 6; ++i) aliases += (i ? ", " : "") + f.aliases[i];
    s += fmt::format("  {:<17}{}{} [{}]\n", f.target, f.required ? "(required) " : "", f.help, aliases);
  }
  return s;
}

}  // namespace

void add_controls_command(CLI::App& app, Globals& g) {
  auto a = std::make_shared<ControlsArgs>();
  auto* cmd = app.add_subcommand(
      "controls",
      "Compute the firm controls and heterogeneity splits from an industrial-survey-style firm-year file\n"
      "(CSV/TSV/.dta, Chinese or English column names) into firm_year:\n"
      "  lnage = ln(year - founded + 1), lnsca = ln employees, lncap = ln(fixed assets/employees + 1),\n"
      "  lnpwa = ln(wages payable/employees + 1), lnfir = ln(interest/total assets + 1),\n"
      "  lnpro = ln(profit/industrial sales + 1), foe = foreign capital share >= 25%, lninn = ln(patents + 1);\n"
      "  size_class and small_micro (NBS 2017 industrial classes from employees and revenue), cap_intensive\n"
      "  (top third of fixed assets per employee), startup (age 1-2), and ordinary_share/ordinary_trade from\n"
      "  the customs rows in the store (ordinary trade = 一般贸易). Missing and negative inputs give missing\n"
      "  values, counted per variable in the report. Firm ids must be those of customs for the panel to join.\n"
      "Examples:\n"
      "  tradedig controls asie_2000_2013.dta --year-col 年份\n"
      "  tradedig controls survey.csv --map firm_id=法人代码,employees=全部从业人员年平均人数 --money-unit 10k");
  cmd->add_option("file", a->file, "Firm-year file (CSV, TSV or .dta)")->required();
  cmd->add_option("--year-col", a->year_col, "The survey-year column (default: year, 年份, 年度, 年)");
  cmd->add_option("--map", a->map, "Column mapping FIELD=column,... (fields below)");
  cmd->add_option("--encoding", a->encoding, "auto | utf-8 | gbk | gb18030 | big5")->capture_default_str();
  cmd->add_option("--money-unit", a->run.groups.money_unit,
                  "Unit of the revenue column, for the size classes: yuan, thousand (千元, ASIE), 10k (万元), million")
      ->capture_default_str();
  cmd->add_option("--capital-terciles", a->capital_terciles, "Capital-intensity terciles within each year or pooled")
      ->check(CLI::IsMember({"year", "pooled"}))
      ->capture_default_str();
  cmd->add_flag("--foe-include-hmt", a->run.controls.foe_include_hmt,
                "Count Hong Kong, Macao and Taiwan capital (港澳台资本) as foreign in foe");
  cmd->add_option("--ordinary-threshold", a->run.ordinary_threshold,
                  "ordinary_trade = 1 when ordinary trade is at least this share of the firm-year's export value")
      ->capture_default_str();
  cmd->footer(field_help());
  cmd->callback([&g, a] {
    db::Connection c = db::open_store(g.db_path, /*must_exist=*/true);
    auto& o = a->run;
    if (!a->map.empty()) o.mapping = db::parse_mapping(a->map);
    if (!a->year_col.empty()) o.mapping.emplace_back("year", a->year_col);
    o.read.encoding = a->encoding;
    o.groups.capital_terciles_by_year = a->capital_terciles == "year";
    auto rep = measure::run_controls(c, a->file, o);
    say(g, measure::describe(rep));
  });
}

}  // namespace tradedig::cli
