// Stable firm identifiers across yearly firm files (a panel), by the sequential matching of
// Brandt, Van Biesebroeck & Zhang (2012, JDE 97(2)) used on the Chinese industrial enterprise
// survey: records of two years are linked on progressively weaker keys, each pass only among the
// records the earlier passes left unlinked.
//
//   pass 1 id                        the firm code (法人代码), spaces and '-' removed, upper case
//   pass 2 name                      the firm name as written (trimmed)
//   pass 3 normalized_name           normalized_name_key() of the name (join_keys.h)
//   pass 4 legal_rep_region_founded  legal representative (normalised like a name) + region code +
//                                    founding year
//   pass 5 phone_region              the last 7 digits of the phone number + region code
//
// One-to-one: within a pair of years a pass links two records only when their key is held by
// exactly one unlinked record in each year. A key shared by several unlinked records on either
// side (two firms with one name, a reused code) links nothing in that pass and is counted as
// ambiguous; later passes may still link those records. Every record has at most one predecessor
// and one successor, so the links form chains, and a chain is one panel id.
//
// Order: first every pair of consecutive waves (the files sorted by year; when a year's file is
// missing the neighbouring files are still consecutive), then, for firms absent from one wave,
// waves two apart (t → t+2) among records with no successor in t and no predecessor in t+2,
// and so on up to max_gap.
//
// Missing values: an empty id, name, legal representative, region or phone, a founding year of
// 0, an id made only of zeros and a phone with fewer than 7 digits are unknown, and a record
// with an unknown part of a key takes no part in that pass. Region and founding year are part of
// passes 4 and 5 only when some record of some wave has them (so a file set without a region
// column still gets pass 4 on legal representative + founding year). Pass 4 runs only when there
// are legal representatives and at least one of region and founding year (a common personal name
// alone says too little); pass 5 only when there are phone numbers.
//
// Example:
//   PanelWave y2004{2004, {{"A1", "海天厂", "", "", 0, ""}, {"B1", "东方厂", "", "", 0, ""}}};
//   PanelWave y2005{2005, {{"A1", "海天公司", "", "", 0, ""}, {"B9", "东方厂", "", "", 0, ""}}};
//   PanelResult r = build_panel_ids({y2004, y2005}, normalizer);
//   // r.records[1][0] has the panel_id of r.records[0][0], linked by kId (renamed);
//   // r.records[1][1] that of r.records[0][1], linked by kName (renumbered).
#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "matcher/matcher.h"

namespace tradedig::matcher {

struct PanelRecord {
  std::string id;         // firm code in that year's file
  std::string name;       // firm name
  std::string legal_rep;  // legal representative (法定代表人)
  std::string region;     // region code (行政区划代码), compared as written
  int founded = 0;        // founding year; 0 = unknown
  std::string phone;      // telephone as written; only its digits count
};

struct PanelWave {
  int year = 0;
  std::vector<PanelRecord> records;
};

enum class PanelPass : uint8_t {
  kNone = 0,  // the first record of its chain
  kId = 1,
  kName = 2,
  kNormalizedName = 3,
  kLegalRepRegionFounded = 4,
  kPhoneRegion = 5,
};
constexpr int kPanelPassCount = 6;  // kNone and the five passes, for arrays indexed by PanelPass
// "" for kNone, else "id", "name", "normalized_name", "legal_rep_region_founded", "phone_region".
const char* panel_pass_name(PanelPass pass);

struct PanelOptions {
  int max_gap = 2;  // link waves at most this many apart; 1 = consecutive waves only
};

// Where one input record went.
struct PanelAssignment {
  int64_t panel_id = 0;              // 1, 2, ... numbered in order of each chain's first record
  PanelPass pass = PanelPass::kNone;  // the pass that linked it to its predecessor
  int prev_wave = -1;                // index of the predecessor's wave, -1 for kNone
  uint32_t prev_row = 0;             // and its row in that wave
};

// The links made between two waves.
struct PanelPairSummary {
  int from_year = 0, to_year = 0;
  int gap = 1;                                      // waves apart
  std::array<int64_t, kPanelPassCount> links{};     // by pass
  std::array<int64_t, kPanelPassCount> ambiguous{}; // by pass: from_year records whose key the
                                                    // other wave holds but not one-to-one
  int64_t from_unlinked = 0;  // from_year records still without a successor after this pair
  int64_t to_unlinked = 0;    // to_year records still without a predecessor after this pair
};

struct PanelResult {
  std::vector<std::vector<PanelAssignment>> records;  // [wave][row], parallel to the input
  std::vector<PanelPairSummary> pairs;                // gap 1 in year order, then gap 2, ...
  int64_t panels = 0;                                 // number of chains
  std::array<bool, kPanelPassCount> passes_run{};     // by pass: false when the waves lack its fields
};

// Links the waves and numbers the chains. Waves must be in strictly increasing year order.
// Throws UserError when they are not or when max_gap < 1. `norm` gives passes 3 and 4 their
// normalisation.
PanelResult build_panel_ids(const std::vector<PanelWave>& waves, const TextNormalizer& norm,
                            const PanelOptions& options = {});

}  // namespace tradedig::matcher
