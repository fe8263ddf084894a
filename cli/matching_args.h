// Command-line options for propensity-score matching, shared by `estimate psm` and the PSM step of
// `estimate event-study`.
#pragma once
#include <string>

#include <CLI/CLI.hpp>

#include "measure/matching.h"

namespace tradedig::cli {

struct MatchingArgs {
  std::string link = "logit", method = "nearest", order = "largest", kernel = "epan";
  int neighbors = 1;
  bool no_replacement = false, ties = false, caliper_sd = false, common_support = false;
  double caliper = 0, bandwidth = 0.06;
  uint64_t seed = 20240101;
};

// Adds --link, --method, --neighbors, --no-replacement, --ties, --caliper, --caliper-sd, --order,
// --seed, --kernel, --bandwidth, --common-support.
void add_matching_options(CLI::App& cmd, MatchingArgs& a);
// Checks the names (UserError for an unknown one) and fills the library options.
measure::MatchingOptions matching_options(const MatchingArgs& a);
measure::Link matching_link(const MatchingArgs& a);

}  // namespace tradedig::cli
