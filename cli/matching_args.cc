#include "cli/matching_args.h"

#include <fmt/format.h>

#include "util/error.h"

namespace tradedig::cli {

void add_matching_options(CLI::App& cmd, MatchingArgs& a) {
  cmd.add_option("--link", a.link, "Propensity-score model: logit | probit")->capture_default_str();
  cmd.add_option("--method", a.method, "nearest | kernel")->capture_default_str();
  cmd.add_option("--neighbors", a.neighbors, "Nearest neighbours per unit (k)")->capture_default_str();
  cmd.add_flag("--no-replacement", a.no_replacement, "Match without replacement (greedy, MatchIt's default)");
  cmd.add_flag("--ties", a.ties, "Also use every control tied with the last neighbour");
  cmd.add_option("--caliper", a.caliper, "Largest allowed score distance (0 = none)")->capture_default_str();
  cmd.add_flag("--caliper-sd", a.caliper_sd, "Read --caliper in standard deviations of the score (MatchIt)");
  cmd.add_option("--order", a.order, "Without replacement: largest | smallest | data | random")->capture_default_str();
  cmd.add_option("--seed", a.seed, "Seed for --order random")->capture_default_str();
  cmd.add_option("--kernel", a.kernel, "epan | normal | biweight | uniform | tricube")->capture_default_str();
  cmd.add_option("--bandwidth", a.bandwidth, "Kernel bandwidth on the score")->capture_default_str();
  cmd.add_flag("--common-support", a.common_support, "Drop units outside the other group's score range (psmatch2 common)");
}

measure::MatchingOptions matching_options(const MatchingArgs& a) {
  using namespace measure;
  MatchingOptions o;
  if (a.method == "nearest") o.method = MatchMethod::kNearest;
  else if (a.method == "kernel") o.method = MatchMethod::kKernel;
  else throw UserError(fmt::format("Unknown --method {}; use nearest or kernel.", a.method));
  if (a.order == "largest") o.order = MatchOrder::kLargest;
  else if (a.order == "smallest") o.order = MatchOrder::kSmallest;
  else if (a.order == "data") o.order = MatchOrder::kData;
  else if (a.order == "random") o.order = MatchOrder::kRandom;
  else throw UserError(fmt::format("Unknown --order {}; use largest, smallest, data or random.", a.order));
  if (a.kernel == "epan") o.kernel = KernelType::kEpanechnikov;
  else if (a.kernel == "normal") o.kernel = KernelType::kNormal;
  else if (a.kernel == "biweight") o.kernel = KernelType::kBiweight;
  else if (a.kernel == "uniform") o.kernel = KernelType::kUniform;
  else if (a.kernel == "tricube") o.kernel = KernelType::kTricube;
  else throw UserError(fmt::format("Unknown --kernel {}; use epan, normal, biweight, uniform or tricube.", a.kernel));
  o.neighbors = a.neighbors;
  o.replacement = !a.no_replacement;
  o.ties = a.ties;
  o.caliper = a.caliper;
  o.caliper_in_sd = a.caliper_sd;
  o.seed = a.seed;
  o.bandwidth = a.bandwidth;
  o.support = a.common_support ? CommonSupport::kMinMax : CommonSupport::kNone;
  return o;
}

measure::Link matching_link(const MatchingArgs& a) {
  if (a.link == "logit") return measure::Link::kLogit;
  if (a.link == "probit") return measure::Link::kProbit;
  throw UserError(fmt::format("Unknown --link {}; use logit or probit.", a.link));
}

}  // namespace tradedig::cli
