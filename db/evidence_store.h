// Reading the linked evidence behind digitization, and writing the scores (db/ owns the SQL).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "db/connection.h"

namespace tradedig::db {

// One accepted link (decision = 'match') with the facts of the observation it points to.
struct LinkedObservation {
  std::string firm_id;
  int64_t obs_id = 0;
  std::string kind;    // membership | icp | domain
  std::string source;  // alibaba, made-in-china, 1688, icp-..., whois, rdap
  std::string observed_at;
  std::optional<std::string> badge, raw_label;
  std::optional<int64_t> years_on_platform, member_since;  // memberships
  std::optional<std::string> approved_at, first_seen_at;   // ICP
  std::optional<std::string> registered_on;                 // domains
};

// Every accepted link, ordered by firm_id then obs_id.
std::vector<LinkedObservation> load_linked_observations(const Connection& c);

// Smallest and largest year in firm_year, else in customs; nullopt when both are empty.
std::optional<std::pair<int, int>> panel_year_range(const Connection& c);

struct DigitizationRow {
  std::string firm_id;
  int year = 0;
  int pit = 0, pdo = 0, icp = 0, dig_tr = 1;
  double lndig = 0, lndigs = 0;
  int years_used = 0;
  std::string evidence;  // JSON
};

// Replaces the whole digitization table with `rows` in one transaction, tagged with `run_id`.
void replace_digitization(Connection& c, const std::vector<DigitizationRow>& rows, int64_t run_id);

}  // namespace tradedig::db
