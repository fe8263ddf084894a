// `tradedig report`: one self-contained HTML file summarising the store — inputs, crawl outcomes,
// linkage, digitization adoption, every recorded model as tables, a coefficient plot across
// specifications, and the provenance of each number.
#include <chrono>
#include <ctime>

#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/run_output.h"
#include "db/schema.h"
#include "report/html_report.h"
#include "report/model_runs.h"
#include "report/store_summary.h"
#include "report/svg_chart.h"
#include "tradedig_version.h"
#include "util/error.h"
#include "util/html.h"

#ifdef TRADEDIG_HAVE_REPORT
namespace tradedig::cli {
namespace {

struct ReportArgs {
  std::string out = "report.html", title = "tradedig report", focus = "lndig";
};

std::string utc_now() {
  const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M UTC", std::gmtime(&t));
  return buf;
}

void run_report(const Globals& g, const ReportArgs& a) {
  db::Connection c = db::open_store(g.db_path, /*must_exist=*/true);
  report::ReportPage page;
  page.title = a.title;
  page.subtitle = fmt::format("Store {} · generated {} by tradedig {}", g.db_path, utc_now(), TRADEDIG_VERSION);
  page.sections.push_back(report::inputs_section(c));
  page.sections.push_back(report::crawl_section(c));
  page.sections.push_back(report::matching_section(c));
  page.sections.push_back(report::adoption_section(c));
  const auto models = report::recorded_models(c);
  page.sections.push_back(report::tables_section(models));
  const auto focus = report::focus_intervals(models, a.focus);
  if (!focus.empty())
    page.sections.push_back({"coefficients", fmt::format("The coefficient on {} across specifications", a.focus),
                             report::coefficient_plot(focus, fmt::format("{} (95% confidence intervals)", a.focus))});
  std::string es_formula;
  const auto path = report::latest_event_path(c, &es_formula);
  if (!path.empty())
    page.sections.push_back({"event-study", "Event study: dynamic effects",
                             report::event_study_plot(path, "Effect by year relative to treatment (95% CI)") +
                                 "<p class=\"note\">" + html_escape(es_formula) + "</p>\n"});
  page.sections.push_back(report::provenance_section(c));
  page.footer = fmt::format("tradedig {} · every table cell is reproducible from the runs listed under Provenance.",
                            TRADEDIG_VERSION);
  emit_output(g, report::render_html(page), a.out);
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
