#include <fmt/format.h>

#include "cli/commands.h"
#include "db/export.h"
#include "db/schema.h"

namespace tradedig::cli {

void add_export_command(CLI::App& app, Globals& g) {
  struct Args {
    std::string name, format = "csv", out, where;
  };
  auto a = std::make_shared<Args>();
  auto* cmd = app.add_subcommand(
      "export",
      "Write a table or view of the store to CSV (UTF-8) or Stata .dta (format 118, Stata 14+, with\n"
      "variable labels). The file is written whole or not at all.\n"
      "Examples:\n"
      "  tradedig export v_firm_year_panel --format dta --out panel.dta\n"
      "  tradedig export firms --format csv --out firms.csv --where \"province = '浙江'\"");
  cmd->add_option("table", a->name, "Table or view (see `tradedig schema`)")->required();
  cmd->add_option("--format", a->format, "csv | dta (default: from --out's extension, else csv)");
  cmd->add_option("--out", a->out, "Output file")->required();
  cmd->add_option("--where", a->where, "SQL condition to select rows");
  cmd->callback([&g, a] {
    db::Connection c = db::open_store(g.db_path, /*must_exist=*/true);
    std::string fmt_name = a->format;
    if (fmt_name == "csv" && a->out.size() > 4 && a->out.substr(a->out.size() - 4) == ".dta") fmt_name = "dta";
    auto format = db::parse_export_format(fmt_name);
    std::string sql = db::select_all_sql(c, a->name);
    if (!a->where.empty()) sql += " WHERE " + a->where;
    auto rep = db::export_query(c, sql, format, a->out, a->name);
    std::string msg = fmt::format("wrote {} rows × {} columns of {} to {}", rep.rows, rep.columns, a->name, a->out);
    for (const auto& n : rep.notes) msg += "\n  note: " + n;
    say(g, msg);
  });
}

}  // namespace tradedig::cli
