// The runs table: one row per command that produced results (scores, quality, regressions, crawls),
// so every number in the store can be traced to the command, specification and version that made it.
#pragma once
#include <cstdint>
#include <string>

#include "db/connection.h"

namespace tradedig::db {

// Inserts a run with status 'running' and returns its run_id.
int64_t begin_run(Connection& c, const std::string& command, const std::string& spec);

// Marks the run ok or failed, with its results as JSON, and stamps finished_at.
void finish_run(Connection& c, int64_t run_id, bool ok, const std::string& results_json);

}  // namespace tradedig::db
