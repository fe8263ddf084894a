// The tradedig subcommands. Each add_*_command registers one subcommand on the app; the callback
// parses nothing itself (CLI11 does) and calls into the libraries.
#pragma once
#include <string>

#include <CLI/CLI.hpp>

namespace tradedig::cli {

struct Globals {
  std::string db_path = "tradedig.db";
  bool quiet = false;
};

void add_init_command(CLI::App& app, Globals& g);
void add_import_command(CLI::App& app, Globals& g);
void add_export_command(CLI::App& app, Globals& g);
void add_sql_command(CLI::App& app, Globals& g);
void add_schema_command(CLI::App& app, Globals& g);
void add_demo_command(CLI::App& app, Globals& g);
void add_run_command(CLI::App& app, Globals& g);  // needs the pipeline module
void add_score_command(CLI::App& app, Globals& g);
void add_crawl_command(CLI::App& app, Globals& g);
void add_replay_command(CLI::App& app, Globals& g);
void add_extract_command(CLI::App& app, Globals& g);
void add_schedule_command(CLI::App& app, Globals& g);
void add_quality_command(CLI::App& app, Globals& g);
void add_controls_command(CLI::App& app, Globals& g);
void add_simulate_command(CLI::App& app, Globals& g);
void add_regress_command(CLI::App& app, Globals& g);
void add_estimate_command(CLI::App& app, Globals& g);
void add_report_command(CLI::App& app, Globals& g);
void add_tables_command(CLI::App& app, Globals& g);  // needs the report module
void add_match_command(CLI::App& app, Globals& g);  // needs the matcher module
void add_link_command(CLI::App& app, Globals& g);   // needs the matcher module
void add_panel_ids_command(CLI::App& app, Globals& g);
void add_bridge_command(CLI::App& app, Globals& g);

// Prints to stdout unless --quiet.
void say(const Globals& g, const std::string& text);

}  // namespace tradedig::cli
