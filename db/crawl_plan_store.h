// The queries a crawl plan draws from (db/ owns the SQL): the firms' names for first-hop searches,
// and what earlier pages named for second hops (made-in-china shop ids, ICP-filed domains).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "db/connection.h"

namespace tradedig::db {

// A query for a source, with the firm it is asked for (none for a second hop of a namesake).
struct PlannedQuery {
  std::string query;
  std::optional<std::string> firm_id;
};

// Each firm's current Chinese (`english` false) or English name, by firm_id; firms without one
// are left out.
std::vector<PlannedQuery> firm_name_queries(const Connection& c, bool english);

// The distinct shop ids (memberships.entity_id) of `source`'s membership observations that came
// from crawled pages, each with the firm of the task whose page named it (when that task had one).
std::vector<PlannedQuery> membership_shop_queries(const Connection& c, const std::string& source);

// The distinct non-empty domains of ICP records (lower-case), each with the firm of the task whose
// page named it (when any), for WHOIS / RDAP look-ups.
std::vector<PlannedQuery> icp_domain_queries(const Connection& c);

}  // namespace tradedig::db
