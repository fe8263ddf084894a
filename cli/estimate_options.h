// Pieces shared by the `estimate` subcommands that refit feols models (mediation, moderation) and
// by every subcommand that records one run per estimate.
#pragma once
#include <exception>
#include <string>
#include <utility>
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

// Runs `estimate()` as one row of `runs` of kind `kind`: on success records to_json(result) (with
// "run_id") and returns {result, run id}, filling *results; on failure records the error and rethrows.
template <class Estimate>
auto recorded_run(RunLog& log, const std::string& kind, const nlohmann::json& spec, Estimate&& estimate,
                  nlohmann::json* results) {
  const int64_t run = log.start(kind, spec);
  try {
    auto r = estimate();
    *results = to_json(r);
    (*results)["run_id"] = run;
    log.finish(run, true, results->dump());
    return std::make_pair(std::move(r), run);
  } catch (const std::exception& e) {
    log.finish(run, false, nlohmann::json({{"error", e.what()}}).dump());
    throw;
  }
}

}  // namespace tradedig::cli
