// `tradedig report`: one self-contained HTML file summarising the store — inputs, crawl outcomes,
// linkage, digitization adoption, every recorded model as tables, a coefficient plot across
// specifications, and the provenance of each number.
#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/run_output.h"
#include "db/schema.h"
#include "report/full_report.h"
#include "report/html_report.h"
#include "tradedig_version.h"
#include "util/error.h"

#ifdef TRADEDIG_HAVE_REPORT
namespace tradedig::cli {
namespace {

struct ReportArgs {
  std::string out = "report.html", title = "tradedig report", focus = "lndig";
};

void run_report(const Globals& g, const ReportArgs& a) {
  db::Connection c = db::open_store(g.db_path, /*must_exist=*/true);
  report::ReportRequest req;
  req.title = a.title;
  req.store_label = g.db_path;
  req.focus = a.focus;
  req.tool_version = TRADEDIG_VERSION;
  emit_output(g, report::render_html(report::build_report(c, req)), a.out);
}

}  // namespace

void add_report_command(CLI::App& app, Globals& g) {
  auto a = std::make_shared<ReportArgs>();
  auto* cmd = app.add_subcommand(
      "report",
      "Write one self-contained HTML report of the store (inline SVG; no scripts, nothing fetched).\n"
      "It shows the inputs, crawl outcomes per source (blocked included), name-linkage rates, digitization\n"
      "adoption by channel and year, every model recorded by `regress`/`estimate` as tables (grouped by\n"
      "their --label), a coefficient plot of --focus across specifications, the latest event study's\n"
      "dynamic effects, and the runs behind each number.\n"
      "Example:\n"
      "  tradedig --db study.db report --out report.html --focus lndig");
  cmd->add_option("--out", a->out, "HTML file to write")->capture_default_str();
  cmd->add_option("--title", a->title, "Title of the page")->capture_default_str();
  cmd->add_option("--focus", a->focus, "Variable whose coefficient is plotted across models")->capture_default_str();
  cmd->callback([&g, a] { run_report(g, *a); });
}

}  // namespace tradedig::cli
#endif  // TRADEDIG_HAVE_REPORT
