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

std::optional<int64_t> find_ok_run(const Connection& c, const std::string& command, const std::string& spec) {
  auto st = c.prepare("SELECT max(run_id) FROM runs WHERE command = ? AND spec = ? AND status = 'ok'");
  st.bind_all(command, spec);
  return st.step() ? st.column_opt_int(0) : std::nullopt;
}

std::optional<int64_t> latest_ok_run(const Connection& c, const std::string& command) {
  auto st = c.prepare("SELECT max(run_id) FROM runs WHERE command = ? AND status = 'ok'");
  st.bind_all(command);
  return st.step() ? st.column_opt_int(0) : std::nullopt;
}

std::string imports_state(const Connection& c, const std::string& kind) {
  auto st = c.prepare("SELECT sha256 FROM imports WHERE kind = ? ORDER BY import_id");
  st.bind_all(kind);
  std::string out;
  while (st.step()) out += (out.empty() ? "" : ",") + st.column_string(0);
  return out;
}

std::string links_state(const Connection& c) {
  auto st = c.prepare(
      "SELECT count(*), coalesce(max(link_id), 0), coalesce(max(matched_at), ''), "
      "coalesce(sum(decision = 'match'), 0) FROM links");
  st.step();
  return st.column_string(0) + "/" + st.column_string(1) + "/" + st.column_string(2) + "/" + st.column_string(3);
}

}  // namespace tradedig::db
