#include "db/crawl_plan_store.h"

namespace tradedig::db {

namespace {

std::vector<PlannedQuery> read_queries(Statement& st) {
  std::vector<PlannedQuery> out;
  while (st.step()) {
    PlannedQuery q;
    q.query = st.column_string(0);
    q.firm_id = st.column_opt_string(1);
    out.push_back(std::move(q));
  }
  return out;
}

}  // namespace

std::vector<PlannedQuery> firm_name_queries(const Connection& c, bool english) {
  auto st = c.prepare(english ? "SELECT trim(name_en), firm_id FROM firms WHERE trim(coalesce(name_en, '')) <> '' ORDER BY firm_id"
                              : "SELECT trim(name_zh), firm_id FROM firms WHERE trim(coalesce(name_zh, '')) <> '' ORDER BY firm_id");
  return read_queries(st);
}

// min(firm_id) picks one firm when several tasks' pages name the same shop or domain; NULLs are
// ignored by min, so a shop named only on a namesake's page has none.
std::vector<PlannedQuery> membership_shop_queries(const Connection& c, const std::string& source) {
  auto st = c.prepare(
      "SELECT m.entity_id, min(t.firm_id) FROM memberships m JOIN observations o USING (obs_id) "
      "JOIN pages p ON p.page_id = o.page_id LEFT JOIN crawl_tasks t ON t.task_id = p.task_id "
      "WHERE o.source = ?1 AND trim(coalesce(m.entity_id, '')) <> '' GROUP BY m.entity_id ORDER BY m.entity_id");
  st.bind_all(source);
  return read_queries(st);
}

std::vector<PlannedQuery> icp_domain_queries(const Connection& c) {
  auto st = c.prepare(
      "SELECT lower(trim(i.domain)) AS d, min(t.firm_id) FROM icp_records i JOIN observations o USING (obs_id) "
      "LEFT JOIN pages p ON p.page_id = o.page_id LEFT JOIN crawl_tasks t ON t.task_id = p.task_id "
      "WHERE trim(coalesce(i.domain, '')) <> '' GROUP BY d ORDER BY d");
  return read_queries(st);
}

}  // namespace tradedig::db
