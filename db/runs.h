// The runs table: one row per command that produced results (scores, quality, regressions, crawls),
// so every number in the store can be traced to the command, specification and version that made it.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "db/connection.h"

namespace tradedig::db {

// Inserts a run with status 'running' and returns its run_id.
int64_t begin_run(Connection& c, const std::string& command, const std::string& spec);

// Marks the run ok or failed, with its results as JSON, and stamps finished_at.
void finish_run(Connection& c, int64_t run_id, bool ok, const std::string& results_json);

// The latest run of `command` with exactly `spec` that finished 'ok' (nullopt: none). `tradedig
// run` records each fingerprinted step this way and skips the step when its fingerprint is found.
std::optional<int64_t> find_ok_run(const Connection& c, const std::string& command, const std::string& spec);

// The latest 'ok' run of `command` (any spec), nullopt when none.
std::optional<int64_t> latest_ok_run(const Connection& c, const std::string& command);

// What a step's fingerprint reads from the store: the SHA-256 of every import of `kind`, in
// import order ("" when none); and the links' state (count, last id, last change, matches).
std::string imports_state(const Connection& c, const std::string& kind);
std::string links_state(const Connection& c);

}  // namespace tradedig::db
