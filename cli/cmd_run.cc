// `tradedig run --config tradedig.toml`: the whole pipeline (pipeline/run_pipeline.h).
#ifdef TRADEDIG_HAVE_PIPELINE
#include <cstdio>

#include <fmt/format.h>

#include "cli/commands.h"
#include "pipeline/run_pipeline.h"
#include "tradedig_version.h"
#include "util/error.h"

#ifndef TRADEDIG_PROFILES_DIR
#define TRADEDIG_PROFILES_DIR "profiles"
#endif
#ifndef TRADEDIG_MEASURE_DATA_DIR
#define TRADEDIG_MEASURE_DATA_DIR "measure/data"
#endif

namespace tradedig::cli {

void add_run_command(CLI::App& app, Globals& g) {
  struct Args {
    std::string config = "tradedig.toml", stop_after;
  };
  auto a = std::make_shared<Args>();
  auto* cmd = app.add_subcommand(
      "run",
      "Run the whole pipeline from a config file: import -> plan -> crawl -> extract -> match ->\n"
      "score -> quality -> estimate -> report. Every step skips work already done, so a run that was\n"
      "killed, or one started a week later, does only what is missing or due (re-crawls included).\n"
      "The config names the inputs, the sources and their politeness, the panel years, the quality\n"
      "variants and the tables; see pipeline/run_config.h or the README for every key. Minimal:\n"
      "  store = \"study.db\"\n  contact = \"you@university.edu\"\n  [inputs]\n  firms = \"firms.csv\"\n"
      "  customs = [\"customs.csv\"]\n"
      "Examples:\n"
      "  tradedig run --config tradedig.toml\n"
      "  tradedig run --config tradedig.toml --stop-after match   # crawl and link, check review.csv first");
  cmd->add_option("--config", a->config, "The run's TOML file")->capture_default_str()->check(CLI::ExistingFile);
  cmd->add_option("--stop-after", a->stop_after,
                  "Stop after this step (import, plan, crawl, extract, match, score, quality, estimate)");
  cmd->callback([&g, a] {
    auto cfg = pipeline::load_run_config(a->config);
    pipeline::RunOptions opt;
    opt.builtin_profiles_dir = TRADEDIG_PROFILES_DIR;
    opt.measure_data_dir = TRADEDIG_MEASURE_DATA_DIR;
    opt.tool_version = TRADEDIG_VERSION;
    opt.progress = !g.quiet;
    opt.stop_after = a->stop_after;
    opt.say = [&g](const std::string& s) { say(g, s); };
    auto res = pipeline::run_pipeline(cfg, opt);
    if (!res.table2_text.empty()) say(g, "\n" + res.table2_text);
    std::string steps;
    for (const auto& s : res.steps) steps += fmt::format(" {} {:.1f}s{};", s.step, s.seconds, s.skipped ? " (skipped)" : "");
    say(g, fmt::format("\nrun finished in {:.1f} s:{}\nstore: {}{}", res.seconds, steps, cfg.store,
                       res.report_path.empty() ? "" : "\nreport: " + res.report_path));
  });
}

}  // namespace tradedig::cli
#endif  // TRADEDIG_HAVE_PIPELINE
