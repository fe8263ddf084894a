#include "cli/run_output.h"

#include <cstdio>
#include <filesystem>

#include <fmt/format.h>

#include "db/runs.h"
#include "db/schema.h"
#include "util/error.h"
#include "util/file_write.h"

namespace tradedig::cli {

RunLog::RunLog(const Globals& g) {
  std::error_code ec;
  if (std::filesystem::exists(g.db_path, ec)) conn_ = db::open_store(g.db_path, /*must_exist=*/true);
}

int64_t RunLog::start(const std::string& kind, const nlohmann::json& spec) {
  return active() ? db::begin_run(conn_, kind, spec.dump()) : -1;
}

void RunLog::finish(int64_t id, bool ok, const std::string& results) {
  if (id >= 0) db::finish_run(conn_, id, ok, results);
}

void RunLog::note_unrecorded(const Globals& g) const {
  if (!active() && !g.quiet)
    std::fprintf(stderr, "note: no store at %s, so the run was not recorded in `runs`.\n", g.db_path.c_str());
}

void emit_output(const Globals& g, const std::string& text, const std::string& out_path) {
  if (out_path.empty()) {
    std::fputs(text.c_str(), stdout);
    return;
  }
  write_file_atomically(out_path, text);
  say(g, fmt::format("wrote {}", out_path));
}

void add_output_options(CLI::App& cmd, OutputArgs& a) {
  cmd.add_option("--table", a.table, "text | md | tex | csv | html")->capture_default_str();
  cmd.add_option("--out", a.out, "Write the table to this file");
  cmd.add_flag("--json", a.json, "Print full-precision results as JSON instead of a table");
}

}  // namespace tradedig::cli
