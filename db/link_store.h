// The SQL behind `tradedig match` (only db/ writes SQL): the names to link on both sides, and the
// links the matcher decided.
#pragma once
#include <cstdint>
#include <optional>
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
  std::optional<int> valid_from = std::nullopt, valid_to = std::nullopt;  // years; none: open
};

// Every name of every firm: all of firm_names (every kind, both languages) together with
// firms.name_zh / name_en (as 'current') and firms.short_name (as a Chinese 'short' name), so a
// firm whose names were never copied into firm_names is still found. Each (firm, name, lang)
// appears once (the kind kept is current before short before former); empty names are skipped.
// Its years span every row of it: the earliest valid_from and the latest valid_to, open when any
// row leaves that end open (the firms table's names are open at both ends).
// Ordered by firm_id, then name.
std::vector<FirmNameRow> load_all_firm_names(const Connection& c);

// An observation whose entity is to be linked.
struct ObservationNameRow {
  int64_t obs_id = 0;
  std::string kind;    // "membership" | "icp" | "domain"
  std::string source;
  std::string entity_name;
  std::optional<int> year = std::nullopt;  // of observed_at: the year whose firm names apply
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
// A pair a person has labelled (method 'clerical') is never overwritten by the matcher. Returns
// the number of rows written or updated.
size_t write_links(Connection& c, const std::vector<LinkRow>& links, int64_t run_id);

// Links for domain observations that have no 'match' link yet, through an ICP record of the same
// domain (case-insensitive) that is linked 'match' to a firm: one row per (firm, domain
// observation), method 'icp-domain', score 1, decision 'match'. Pass them to write_links.
std::vector<LinkRow> domain_links_via_icp(const Connection& c);

// A person's verdict on one pair, from a filled-in review file.
struct LinkLabel {
  int64_t obs_id = 0;
  std::string firm_id;
  bool same_firm = false;
};

// Stores each label as a link with method 'clerical' and decision 'match' or 'nonmatch' (score 1
// or 0), replacing whatever the matcher decided for that pair; when a label says an observation
// is some firm, the matcher's other 'match' or 'review' links of that observation become
// 'nonmatch'. One transaction. Throws UserError naming the first label whose observation or firm
// is not in the store. Returns the number of labels stored.
size_t write_link_labels(Connection& c, const std::vector<LinkLabel>& labels, int64_t run_id);

// Every stored label (links with method 'clerical') with its observation's entity name, by obs_id.
struct LabelledNameRow {
  std::string entity_name, firm_id;
  bool same_firm = false;
};
std::vector<LabelledNameRow> load_labelled_names(const Connection& c);

// A stored link, for evaluation against known pairs.
struct StoredLink {
  int64_t obs_id = 0;
  std::string firm_id;
  double score = 0.0;
  std::string method, decision;
  std::string entity_name, firm_name;  // the observation's name and the firm's Chinese name
};
// Every link, by obs_id then firm_id.
std::vector<StoredLink> load_links(const Connection& c);

}  // namespace tradedig::db
