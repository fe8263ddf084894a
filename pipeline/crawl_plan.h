// The plan step of `tradedig run`: which tasks each source gets. First hops query the firms'
// names (English for the cross-border platforms, Chinese for 1688 and ICP); second hops query what
// earlier pages named (the shop ids of made-in-china search cards for the showroom pages, the
// domains of ICP records for WHOIS or RDAP, routed by the registry of the domain's TLD). Adding a
// task that exists does nothing, so planning again adds only what is new.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "crawler/domain_lookup.h"
#include "db/connection.h"
#include "pipeline/run_config.h"

namespace tradedig::pipeline {

struct SourcePlan {
  std::string source;
  QuerySource from;
};

struct PlanReport {
  std::map<std::string, int64_t> queries;  // by source: queries available now
  std::map<std::string, int64_t> added;    // by source: tasks new in the frontier
  int64_t domains_unroutable = 0;          // ICP domains with neither RDAP nor a WHOIS server
  int64_t total_added() const;
};

// Plans every source of `plans`; `domains` routes ICP domains (needed when a plan has a domain
// query source). One transaction.
PlanReport plan_tasks(db::Connection& c, const std::vector<SourcePlan>& plans, const crawler::DomainLookupConfig& domains);

}  // namespace tradedig::pipeline
