// Trade digitization per firm-year (paper 003, §3.2 and Table 1).
//
// Three channels, each switched on from the first year it is in use:
//   pit  cross-border platform: alibaba.com (Gold Supplier years) or made-in-china.com membership
//   pdo  domestic platform: 1688.com 诚信通 membership
//   icp  own homepage: the first ICP filing or the first domain registration
// dig_tr = 1 + 4·pit + 2·icp + pdo (Table 1's eight cases), lndig = ln(dig_tr), and
// lndigs = ln(1 + max years of use across the channels), where a channel started in year s has
// t − s + 1 years of use in year t ≥ s (the +1 inside the log makes non-users 0).
#pragma once
#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "db/evidence_store.h"

namespace tradedig::measure {

enum class Channel { kPit = 0, kPdo = 1, kIcp = 2 };
const char* channel_name(Channel c);

// Table 1: 1 + 4·pit + 2·icp + pdo.
int digitization_level(int pit, int pdo, int icp);

struct DigitizationOptions {
  int first_year = 0, last_year = 0;  // the panel's years (inclusive)
  // A label "N yrs" seen in year Y means membership since Y − N + offset. Platforms count the
  // current year differently (a first-year member may show "1 yr" or "0 yrs"); the default 0
  // follows METHODS.md §1 (start = observation year − N).
  int years_label_offset = 0;
};

// The channel and start year one observation evidences, or nullopt when it evidences none
// (unknown source, or no usable date or years).
struct ChannelEvidence {
  Channel channel;
  int start_year;
};
std::optional<ChannelEvidence> evidence_of(const db::LinkedObservation& o, const DigitizationOptions& opts);

struct DigitizationSummary {
  int64_t firms = 0, firm_years = 0;
  int64_t links_used = 0, links_without_date = 0, links_unknown_source = 0;
  // Firm × channel pairs whose observations give more than one start year; the earliest is used.
  int64_t conflicts = 0;
  std::array<int64_t, 3> adopters{};  // firms with the channel on by the last year
  std::map<int, int64_t> level_counts;  // dig_tr → firm-years
};

struct DigitizationResult {
  std::vector<db::DigitizationRow> rows;  // firm_ids × years, in that order
  DigitizationSummary summary;
};

// Scores every firm in `firm_ids` for every year of the panel. Throws UserError when the year
// range is empty or reversed.
DigitizationResult score_digitization(const std::vector<std::string>& firm_ids,
                                      const std::vector<db::LinkedObservation>& links, const DigitizationOptions& opts);

}  // namespace tradedig::measure
