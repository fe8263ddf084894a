#include <cstdio>

#include <fmt/format.h>

#include "cli/commands.h"
#include "db/export.h"
#include "db/schema.h"
#include "util/text_table.h"

namespace tradedig::cli {

void add_sql_command(CLI::App& app, Globals& g) {
  struct Args {
    std::string sql;
    bool csv = false;
    int64_t limit = 200;
    size_t width = 40;
  };
  auto a = std::make_shared<Args>();
  auto* cmd = app.add_subcommand(
      "sql",
      "Run one SQL statement on the store and print the result as an aligned table (or CSV).\n"
      "The store is an ordinary SQLite file: `tradedig schema` lists its tables and views.\n"
      "Examples:\n"
      "  tradedig sql \"SELECT province, count(*) AS firms FROM firms GROUP BY 1 ORDER BY 2 DESC\"\n"
      "  tradedig sql --csv \"SELECT * FROM v_firm_year_panel\" > panel.csv");
  cmd->add_option("statement", a->sql, "The SQL statement")->required();
  cmd->add_flag("--csv", a->csv, "Print CSV instead of a table (all rows)");
  cmd->add_option("--limit", a->limit, "Rows to print as a table (-1: all)")->capture_default_str();
  cmd->add_option("--width", a->width, "Widest cell, in columns")->capture_default_str();
  cmd->callback([&g, a] {
    db::Connection c = db::open_store(g.db_path, /*must_exist=*/true);
    auto r = db::run_query(c, a->sql, a->csv ? -1 : a->limit);
    if (a->csv) {
      auto field = [](const std::string& s) {
        if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
        std::string o = "\"";
        for (char ch : s) o += ch == '"' ? std::string("\"\"") : std::string(1, ch);
        return o + "\"";
      };
      std::string out;
      for (size_t j = 0; j < r.columns.size(); ++j) out += (j ? "," : "") + field(r.columns[j]);
      out += '\n';
      for (const auto& row : r.rows) {
        for (size_t j = 0; j < row.size(); ++j) out += (j ? "," : "") + (row[j] ? field(*row[j]) : std::string());
        out += '\n';
      }
      std::fputs(out.c_str(), stdout);
      return;
    }
    if (r.columns.empty()) {
      std::printf("ok (%lld rows changed)\n", static_cast<long long>(c.changes()));
      return;
    }
    TextTableOptions opts;
    opts.max_cell_width = a->width;
    std::fputs(render_text_table(r.columns, r.rows, r.numeric, opts).c_str(), stdout);
    std::printf("(%zu row%s%s)\n", r.rows.size(), r.rows.size() == 1 ? "" : "s",
                r.truncated ? fmt::format("; more not shown, raise --limit or use --csv").c_str() : "");
  });
}

}  // namespace tradedig::cli
