// Options shared by the `estimate` subcommands that refit feols models (mediation, moderation).
// Recording a run is RunLog::record (cli/run_output.h).
#pragma once
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "cli/run_output.h"
#include "measure/estimate.h"

namespace tradedig::cli {

// --cluster, --vcov, --keep-singletons, --tolerance as `regress` has them.
struct FitArgs {
  std::vector<std::string> cluster;
  std::string vcov = "iid";
  bool keep_singletons = false;
  double tolerance = 1e-12;
};
void add_fit_options(CLI::App& cmd, FitArgs& a);
// The FitOptions they describe. Throws UserError for an unknown --vcov.
measure::FitOptions fit_options(const FitArgs& a);
// The same as JSON, for a run's specification.
nlohmann::json fit_spec(const FitArgs& a);

}  // namespace tradedig::cli
