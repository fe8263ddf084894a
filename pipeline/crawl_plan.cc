#include "pipeline/crawl_plan.h"

#include <optional>

#include "db/crawl_plan_store.h"
#include "db/frontier.h"

namespace tradedig::pipeline {

int64_t PlanReport::total_added() const {
  int64_t n = 0;
  for (const auto& [s, k] : added) n += k;
  return n;
}

PlanReport plan_tasks(db::Connection& c, const std::vector<SourcePlan>& plans, const crawler::DomainLookupConfig& domains) {
  PlanReport rep;
  db::Frontier frontier(c);
  db::Transaction tx(c);
  std::optional<std::vector<db::PlannedQuery>> icp_domains;  // read once, for WHOIS and RDAP
  for (const auto& p : plans) {
    std::vector<db::PlannedQuery> queries;
    switch (p.from) {
      case QuerySource::kNameEn: queries = db::firm_name_queries(c, true); break;
      case QuerySource::kNameZh: queries = db::firm_name_queries(c, false); break;
      case QuerySource::kShowroom: queries = db::membership_shop_queries(c, "made-in-china"); break;
      case QuerySource::kDomainWhois:
      case QuerySource::kDomainRdap: {
        if (!icp_domains) icp_domains = db::icp_domain_queries(c);
        const auto want = p.from == QuerySource::kDomainWhois ? crawler::DomainLookupPlan::Method::kWhois
                                                              : crawler::DomainLookupPlan::Method::kRdap;
        for (const auto& q : *icp_domains) {
          auto route = crawler::plan_domain_lookup(q.query, domains);
          if (route.method == crawler::DomainLookupPlan::Method::kNone) {
            if (p.from == QuerySource::kDomainWhois) ++rep.domains_unroutable;
            continue;
          }
          if (route.method == want) queries.push_back({route.domain, q.firm_id});
        }
        break;
      }
    }
    auto& added = rep.added[p.source];
    rep.queries[p.source] += static_cast<int64_t>(queries.size());
    for (const auto& q : queries) added += frontier.add_task(p.source, q.query, q.firm_id) ? 1 : 0;
  }
  tx.commit();
  return rep;
}

}  // namespace tradedig::pipeline
