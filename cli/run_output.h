// Shared by the estimation commands (regress, estimate *): one row in the store's `runs` table per
// model, and a table or JSON written to stdout or to --out.
#pragma once
#include <cstdint>
#include <exception>
#include <string>
#include <type_traits>
#include <utility>

#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "db/connection.h"

namespace tradedig::cli {

// What RunLog::record returns: the estimate, the JSON recorded for it (with "run_id"), and the run id
// (-1 without a store).
template <class Result>
struct RecordedRun {
  Result result;
  nlohmann::json results;
  int64_t run;
};

// Records runs when a store exists at g.db_path; otherwise does nothing (estimation on a plain
// CSV/.dta needs no store). A failure is recorded as such before the exception propagates.
class RunLog {
 public:
  explicit RunLog(const Globals& g);
  bool active() const { return conn_.handle() != nullptr; }
  // Returns the run id, or -1 when inactive. `kind` names the command, e.g. "regress", "estimate iv".
  int64_t start(const std::string& kind, const nlohmann::json& spec);
  void finish(int64_t id, bool ok, const std::string& results);
  // One estimate as one row of `runs` of kind `kind`, the way every estimation command records:
  // calls `estimate()` (or `estimate(run_id)` when it takes the id, e.g. to tag rows it writes), then
  // `describe(result)` for the JSON to record, adds "run_id" and records success. If either throws,
  // the run is recorded as failed with the error and the exception propagates.
  // Example:
  //   auto [fit, json, run] = log.record("estimate x", spec, [&] { return feols(f, d, o); },
  //                                      [](const measure::FitResult& r) { return measure::to_json(r); });
  template <class Estimate, class Describe>
  auto record(const std::string& kind, const nlohmann::json& spec, Estimate&& estimate, Describe&& describe);
  // Without a store, says on stderr (unless --quiet) that the run was not recorded; stdout stays
  // clean for --json.
  void note_unrecorded(const Globals& g) const;

 private:
  db::Connection conn_;
};

template <class Estimate, class Describe>
auto RunLog::record(const std::string& kind, const nlohmann::json& spec, Estimate&& estimate, Describe&& describe) {
  const int64_t run = start(kind, spec);
  try {
    auto result = [&] {
      if constexpr (std::is_invocable_v<Estimate&, int64_t>) return estimate(run);
      else return estimate();
    }();
    nlohmann::json results = describe(std::as_const(result));
    results["run_id"] = run;
    finish(run, true, results.dump());
    return RecordedRun<decltype(result)>{std::move(result), std::move(results), run};
  } catch (const std::exception& e) {
    finish(run, false, nlohmann::json({{"error", e.what()}}).dump());
    throw;
  }
}

// Writes `text` to stdout, or to `out_path` when it is not empty (then says so unless --quiet).
// Throws UserError when the file cannot be written.
void emit_output(const Globals& g, const std::string& text, const std::string& out_path);

// Standard options for an estimation subcommand's output: --table FORMAT, --out FILE, --json.
struct OutputArgs {
  std::string table = "text", out;
  bool json = false;
};
void add_output_options(CLI::App& cmd, OutputArgs& a);

}  // namespace tradedig::cli
