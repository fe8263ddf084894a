// tradedig: firm-level trade-digitization datasets and export-quality estimation.
// Exit codes: 0 ok, 1 user error (one-line reason on stderr), 2 internal error.
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <sstream>

#include <fmt/format.h>

#include "cli/commands.h"
#include "db/connection.h"
#include "tradedig_version.h"
#include "util/error.h"
#include "util/progress.h"

namespace {
// Lists each subcommand with the first line of its description; `tradedig CMD --help` shows it all.
class BriefListFormatter : public CLI::Formatter {
 public:
  std::string make_subcommand(const CLI::App* sub) const override {
    std::string d = sub->get_description();
    d = d.substr(0, d.find('\n'));
    std::stringstream out;
    CLI::detail::format_help(out, sub->get_display_name(true), d, column_width_);
    return out.str();
  }
};
}  // namespace

int main(int argc, char** argv) {
  using namespace tradedig;
  cli::Globals g;
  if (const char* env = std::getenv("TRADEDIG_DB"); env && *env) g.db_path = env;

  CLI::App app{
      "tradedig builds firm-level trade-digitization datasets for Chinese exporters (platform memberships on\n"
      "alibaba.com, made-in-china.com and 1688.com, ICP filings, domain registrations), links them to your\n"
      "firms by name, measures export product quality from customs data, and runs the regressions.\n"
      "Everything lives in one SQLite file (the store) that you can also query directly.",
      "tradedig"};
  app.formatter(std::make_shared<BriefListFormatter>());
  app.set_version_flag("--version", std::string("tradedig ") + TRADEDIG_VERSION);
  app.require_subcommand(1);
  app.fallthrough();
  app.option_defaults()->always_capture_default();
  app.add_option("--db", g.db_path, "The store (SQLite file); also $TRADEDIG_DB")->capture_default_str();
  app.add_flag("-q,--quiet", g.quiet, "Print only errors and requested output (no progress)");
  app.footer("Run `tradedig COMMAND --help` for what each command does, with an example.");

  cli::add_init_command(app, g);
  cli::add_import_command(app, g);
  cli::add_export_command(app, g);
  cli::add_sql_command(app, g);
  cli::add_schema_command(app, g);
#ifdef TRADEDIG_HAVE_CRAWLER
  cli::add_crawl_command(app, g);
  cli::add_replay_command(app, g);
  cli::add_extract_command(app, g);
  cli::add_schedule_command(app, g);
#endif
#ifdef TRADEDIG_HAVE_MATCHER
  cli::add_match_command(app, g);
  cli::add_link_command(app, g);
  cli::add_panel_ids_command(app, g);
  cli::add_bridge_command(app, g);
#endif
  cli::add_score_command(app, g);
  cli::add_quality_command(app, g);
  cli::add_controls_command(app, g);
  cli::add_simulate_command(app, g);
  cli::add_regress_command(app, g);
  cli::add_estimate_command(app, g);
#ifdef TRADEDIG_HAVE_REPORT
  cli::add_report_command(app, g);
  cli::add_tables_command(app, g);
#endif
  cli::add_demo_command(app, g);
#ifdef TRADEDIG_HAVE_PIPELINE
  cli::add_run_command(app, g);
#endif

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    // Usage errors are user errors: one line, exit 1.
    std::fprintf(stderr, "tradedig: %s\n", e.what());
    std::fprintf(stderr, "Run with --help for usage.\n");
    return 1;
  } catch (const UserError& e) {
    std::fprintf(stderr, "tradedig: error: %s\n", e.what());
    return 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "tradedig: internal error: %s\n", e.what());
    return 2;
  }
  return 0;
}
