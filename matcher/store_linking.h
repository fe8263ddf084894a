// Linking a store's observations to its firms: what `tradedig match` and the `match` step of
// `tradedig run` do. Observations not linked yet are linked by name (matcher/observation_linker.h);
// then domain registrations without a usable registrant (RDAP replies are redacted; a name that is
// only the domain itself is not matched by name) are linked through the ICP record that names the
// same domain, to that record's firm. Every decision is
// stored in `links` (match / review / nonmatch) under one run; re-running links only new
// observations, and a person's labels (method 'clerical') are never overwritten; they train the
// Chinese model first (ObservationLinker::learn_from_labels). Within one run,
// when a source lists a firm under its exact name, that source's other 'match' links to the firm
// are held for review (see StoreLinkReport::namesakes_held).
//
// Errors: throws UserError when the store has no firm names, the lexicons are missing, or the
// review file cannot be written; the run is then recorded as failed and no link is stored.
#pragma once
#include <array>
#include <cstdint>
#include <map>
#include <string>

#include "db/connection.h"
#include "matcher/matcher.h"

namespace tradedig::matcher {

struct StoreLinkOptions {
  std::string review_path;  // "": no review file; else the 'review' cases with their best 3 firms
  bool progress = true;     // a progress line on stderr
  DecisionThresholds thresholds;  // match / review / nonmatch on the match probability
  // Auto-accept rules on top of the scores (a held link is stored as 'review'):
  bool zh_exact = true;       // a Chinese name must be one of the firm's names after normalisation
  // An English name needs at least this match probability (1 = the firm's own English name);
  // 0.95 is the probability of an alignment of 0.9, the level this rule was set at.
  double en_accept = 0.95;
};

struct StoreLinkReport {
  int64_t run_id = 0;
  int64_t observations = 0, firms = 0, names = 0;
  uint64_t pair_estimate = 0;
  // Per observation kind: match, review, nonmatch (no candidate counts as nonmatch).
  std::map<std::string, std::array<int64_t, 3>> by_kind;
  std::array<int64_t, 3> total{};
  int64_t without_candidate = 0, review_rows = 0;
  int64_t domains_via_icp = 0;  // domain observations linked through an ICP record's domain
  // 'match' links turned 'review' because the same source also lists the firm under its exact
  // name (one account per firm and platform; the others are most likely namesakes).
  int64_t namesakes_held = 0;
  int64_t inexact_held = 0;  // 'match' links turned 'review' by zh_exact / en_accept
  int64_t labels_used = 0;   // clerical labels of Chinese names the model was trained on first
};

StoreLinkReport link_store_observations(db::Connection& c, const StoreLinkOptions& opt);

// The lines `tradedig match` prints for a report.
std::string describe(const StoreLinkReport& r, const std::string& review_path);

}  // namespace tradedig::matcher
