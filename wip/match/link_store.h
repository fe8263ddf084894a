// The SQL behind `tradedig match` (only db/ writes SQL): the names to link on both sides, and the
// links the matcher decided.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "db/connection.h"

namespace tradedig::db {

// One name of a firm.
struct FirmNameRow {
  std::string firm_id;
  std::string name;
  std::string lang;  // "zh" | "en"
  std::string kind;  // "current" | "former" | "short"
};

// Every name of every firm: all of firm_names (every kind, both languages) together with
// firms.name_zh / name_en (as 'current') and firms.short_name (as a Chinese 'short' name), so a
// firm whose names were never copied into firm_names is still found. Each (firm, name, lang)
// appears once (the kind kept is current before short before former); empty names are skipped.
// Ordered by firm_id, then name.
std::vector<FirmNameRow> load_all_firm_names(const Connection& c);

// An observation whose entity is to be linked.
struct ObservationNameRow {
  int64_t obs_id = 0;
  std::string kind;    // "membership" | "icp" | "domain"
  std::string source;
  std::string entity_name;
};

// Observations with a non-blank entity_name and no row in links yet (any decision counts as
// linked, so a re-run skips what an earlier run decided), by obs_id.
std::vector<ObservationNameRow> load_unlinked_observation_names(const Connection& c);

// A decided pair to store.
struct LinkRow {
  std::string firm_id;
  int64_t obs_id = 0;
  double score = 0.0;
  std::string method;    // e.g. "zh", "en"
  std::string decision;  // "match" | "review" | "nonmatch"
};

// Upserts on (firm_id, obs_id), stamping run_id and matched_at, in one transaction (all or none).
// Returns the number of rows written.
size_t write_links(Connection& c, const std::vector<LinkRow>& links, int64_t run_id);

}  // namespace tradedig::db
