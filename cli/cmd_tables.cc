// `tradedig tables`: the paper's Tables 1-7 (report/paper_tables.h) from the store's analysis panel,
// as text, Markdown, LaTeX or one HTML page; every estimated column is recorded in `runs`.
#include <chrono>
#include <cstdio>

#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/run_output.h"
#include "db/schema.h"
#include "measure/estimate.h"
#include "report/html_report.h"
#include "report/paper_tables.h"
#include "tradedig_version.h"
#include "util/error.h"

#ifdef TRADEDIG_HAVE_REPORT
namespace tradedig::cli {
namespace {

struct TablesArgs {
  std::string tables = "1-7", depvar = "QKL", format = "text", out, data = "v_firm_year_panel", cluster = "firm_id";
  bool no_record = false, no_event_study = false;
};

void run_tables(const Globals& g, const TablesArgs& a) {
  const measure::TableFormat format = measure::parse_table_format(a.format);
  if (format == measure::TableFormat::kCsv)
    throw UserError("--format csv is not offered for whole tables; use text, md, latex or html.");
  report::PaperTablesOptions o;
  o.tables = report::parse_table_numbers(a.tables);
  o.depvar = a.depvar;
  o.data = a.data;
  o.cluster = a.cluster;
  o.record_runs = !a.no_record;
  o.event_study = !a.no_event_study;
  db::Connection c = db::open_store(g.db_path, /*must_exist=*/true);
  const auto t0 = std::chrono::steady_clock::now();
  const auto tables = report::build_paper_tables(c, o);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  std::string out;
  if (format == measure::TableFormat::kHtml) {
    report::ReportPage page;
    page.title = "Paper tables";
    page.subtitle = fmt::format("Store {} · data {} · dependent variable {}", g.db_path, a.data, a.depvar);
    report::Section s{"paper-tables", "Paper tables", ""};
    for (const auto& t : tables) s.html += t.html;
    page.sections.push_back(std::move(s));
    page.footer = fmt::format("tradedig {} · every column is recorded in the store's runs table.", TRADEDIG_VERSION);
    out = report::render_html(page);
  } else {
    for (const auto& t : tables) out += report::paper_table_in(t, format) + "\n";
  }
  emit_output(g, out, a.out);
  if (!g.quiet) {
    size_t columns = 0, recorded = 0;
    for (const auto& t : tables) {
      columns += t.fits.size();
      for (int64_t id : t.run_ids) recorded += id > 0 ? 1 : 0;
    }
    std::fprintf(stderr, "%zu table(s), %zu estimated columns in %.2f s; %zu recorded in runs.\n", tables.size(),
                 columns, seconds, recorded);
  }
}

}  // namespace

void add_tables_command(CLI::App& app, Globals& g) {
  auto a = std::make_shared<TablesArgs>();
  auto* cmd = app.add_subcommand(
      "tables",
      "The tables of the paper (Yu & Yin, digitization and export quality) from the store's analysis panel:\n"
      "1 the eight digitization cases, 2 the baseline built up over six columns, 3 robustness (lndigs, other\n"
      "quality measures, sub-periods, PSM-DID event study), 4 endogeneity (Heckman, IV with lagged lndig and\n"
      "the province-industry-year share of digitized firms, dpi), 5 mediation and moderation, 6 the three\n"
      "channels pit/pdo/icp, 7 heterogeneity by firm type with a cross-group test. Columns whose variables the\n"
      "data lack are skipped with a note below the table. Each estimated column is recorded in `runs` with the\n"
      "label \"Table N\", so `tradedig report` shows it with its provenance.\n"
      "Examples:\n"
      "  tradedig tables --tables 2 --depvar QKL\n"
      "  tradedig tables --tables 2-4,7 --format latex --out tables.tex\n"
      "  tradedig tables --format html --out tables.html");
  cmd->add_option("--tables", a->tables, "Which tables: 1-7, 2,4 or 2-4,7")->capture_default_str();
  cmd->add_option("--depvar", a->depvar, "The quality variable of the main regressions (the paper's QSY)")
      ->capture_default_str();
  cmd->add_option("--format", a->format, "text | md | latex | html (html: one self-contained page)")
      ->capture_default_str();
  cmd->add_option("--out", a->out, "Write to this file instead of stdout");
  cmd->add_option("--data", a->data, "A table/view of the store, or a CSV/.dta file with the panel's columns")
      ->capture_default_str();
  cmd->add_option("--cluster", a->cluster, "Cluster variable of the standard errors")->capture_default_str();
  cmd->add_flag("--no-record", a->no_record, "Do not record the columns in the store's runs table");
  cmd->add_flag("--no-event-study", a->no_event_study, "Leave the PSM-DID event study out of Table 3");
  cmd->callback([&g, a] { run_tables(g, *a); });
}

}  // namespace tradedig::cli
#endif  // TRADEDIG_HAVE_REPORT
