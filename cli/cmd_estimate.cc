// `tradedig estimate METHOD`: the estimators beyond OLS (IV, probit/logit, Heckman, matching,
// GMM, ...), each a subcommand with the same data, output and run-logging options as `regress`.
#include "cli/commands.h"
#include "cli/estimate_methods.h"

namespace tradedig::cli {

void register_estimate_methods(CLI::App& estimate, Globals& g) {
  add_estimate_binary(estimate, g);
  add_estimate_heckman(estimate, g);
  add_estimate_gmm(estimate, g);
  add_estimate_hausman(estimate, g);
  add_estimate_groups(estimate, g);
  add_estimate_entropy(estimate, g);
  add_estimate_mediation(estimate, g);
  add_estimate_moderation(estimate, g);
  add_estimate_tfp(estimate, g);
  add_estimate_psm(estimate, g);
  add_estimate_event_study(estimate, g);
}

void add_estimate_command(CLI::App& app, Globals& g) {
  auto* cmd = app.add_subcommand(
      "estimate",
      "Estimators beyond OLS: IV, probit/logit, Heckman, matching, mediation, GMM, TFP, tests.\n"
      "Each method reads a CSV/.dta file or a store table (--data), prints a table like `regress`\n"
      "(--table text|md|tex|csv|html, --out, --json) and records the run in the store's `runs`.\n"
      "Run `tradedig estimate METHOD --help` for a method's options and an example.");
  cmd->require_subcommand(1);
  register_estimate_methods(*cmd, g);
}

}  // namespace tradedig::cli
