#include "db/evidence_store.h"


namespace tradedig::db {

std::vector<LinkedObservation> load_linked_observations(const Connection& c) {
  std::vector<LinkedObservation> out;
  auto st = c.prepare(
      "SELECT l.firm_id, o.obs_id, o.kind, o.source, o.observed_at, m.badge, m.raw_label, m.years_on_platform, "
      "       m.member_since, i.approved_at, i.first_seen_at, d.registered_on "
      "FROM links l JOIN observations o ON o.obs_id = l.obs_id "
      "LEFT JOIN memberships m ON m.obs_id = o.obs_id "
      "LEFT JOIN icp_records i ON i.obs_id = o.obs_id "
      "LEFT JOIN domain_records d ON d.obs_id = o.obs_id "
      "WHERE l.decision = 'match' ORDER BY l.firm_id, o.obs_id");
  while (st.step()) {
    LinkedObservation x;
    x.firm_id = st.column_string(0);
    x.obs_id = st.column_int(1);
    x.kind = st.column_string(2);
    x.source = st.column_string(3);
    x.observed_at = st.column_string(4);
    x.badge = st.column_opt_string(5);
    x.raw_label = st.column_opt_string(6);
    x.years_on_platform = st.column_opt_int(7);
    x.member_since = st.column_opt_int(8);
    x.approved_at = st.column_opt_string(9);
    x.first_seen_at = st.column_opt_string(10);
    x.registered_on = st.column_opt_string(11);
    out.push_back(std::move(x));
  }
  return out;
}

std::optional<std::pair<int, int>> panel_year_range(const Connection& c) {
  for (const char* table : {"firm_year", "customs"}) {
    auto st = c.prepare(std::string("SELECT min(year), max(year) FROM ") + table);
    if (st.step() && !st.is_null(0))
      return std::make_pair(static_cast<int>(st.column_int(0)), static_cast<int>(st.column_int(1)));
  }
  return std::nullopt;
}

void replace_digitization(Connection& c, const std::vector<DigitizationRow>& rows, int64_t run_id) {
  Transaction tx(c);
  c.exec("DELETE FROM digitization");
  auto ins = c.prepare(
      "INSERT INTO digitization(firm_id, year, pit, pdo, icp, dig_tr, lndig, lndigs, years_used, evidence, run_id) "
      "VALUES (?,?,?,?,?,?,?,?,?,?,?)");
  for (const auto& r : rows) {
    ins.bind(1, r.firm_id).bind(2, r.year).bind(3, r.pit).bind(4, r.pdo).bind(5, r.icp).bind(6, r.dig_tr)
        .bind(7, r.lndig).bind(8, r.lndigs).bind(9, r.years_used);
    if (r.evidence.empty()) ins.bind_null(10);
    else ins.bind(10, r.evidence);
    ins.bind(11, run_id);
    ins.run();
  }
  tx.commit();
}

}  // namespace tradedig::db
