// Shared by the estimation commands (regress, estimate *): one row in the store's `runs` table per
// model, and a table or JSON written to stdout or to --out.
#pragma once
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "db/connection.h"

namespace tradedig::cli {

// Records runs when a store exists at g.db_path; otherwise does nothing (estimation on a plain
// CSV/.dta needs no store). A failure is recorded as such before the exception propagates.
class RunLog {
 public:
  explicit RunLog(const Globals& g);
  bool active() const { return conn_.handle() != nullptr; }
  // Returns the run id, or -1 when inactive. `kind` names the command, e.g. "regress", "estimate iv".
  int64_t start(const std::string& kind, const nlohmann::json& spec);
  void finish(int64_t id, bool ok, const std::string& results);
  // Without a store, says on stderr (unless --quiet) that the run was not recorded; stdout stays
  // clean for --json.
  void note_unrecorded(const Globals& g) const;

 private:
  db::Connection conn_;
};

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
