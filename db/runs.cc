#include "db/runs.h"

#include "tradedig_version.h"

namespace tradedig::db {

int64_t begin_run(Connection& c, const std::string& command, const std::string& spec) {
  auto st = c.prepare("INSERT INTO runs(command, spec, tool_version) VALUES (?,?,?)");
  st.bind_all(command, spec, std::string(TRADEDIG_VERSION));
  st.run();
  return c.last_insert_rowid();
}

void finish_run(Connection& c, int64_t run_id, bool ok, const std::string& results_json) {
  auto st = c.prepare(
      "UPDATE runs SET status = ?, results_json = ?, finished_at = strftime('%Y-%m-%dT%H:%M:%SZ','now') WHERE run_id = ?");
  st.bind_all(std::string(ok ? "ok" : "failed"), results_json, run_id);
  st.run();
}

}  // namespace tradedig::db
