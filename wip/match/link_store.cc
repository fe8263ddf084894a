#include "db/link_store.h"

namespace tradedig::db {

std::vector<FirmNameRow> load_all_firm_names(const Connection& c) {
  // rank: 0 current, 1 short, 2 former; the best-ranked kind of a duplicated name wins.
  auto st = c.prepare(
      "WITH all_names(firm_id, name, lang, kind, rank) AS ("
      "  SELECT firm_id, trim(name), lang, kind, "
      "         CASE kind WHEN 'current' THEN 0 WHEN 'short' THEN 1 ELSE 2 END FROM firm_names"
      "  UNION ALL SELECT firm_id, trim(name_zh), 'zh', 'current', 0 FROM firms WHERE name_zh IS NOT NULL"
      "  UNION ALL SELECT firm_id, trim(name_en), 'en', 'current', 0 FROM firms WHERE name_en IS NOT NULL"
      "  UNION ALL SELECT firm_id, trim(short_name), 'zh', 'short', 1 FROM firms WHERE short_name IS NOT NULL) "
      "SELECT firm_id, name, lang, "
      "       CASE min(rank) WHEN 0 THEN 'current' WHEN 1 THEN 'short' ELSE 'former' END "
      "FROM all_names WHERE name <> '' "
      "GROUP BY firm_id, name, lang ORDER BY firm_id, name, lang");
  std::vector<FirmNameRow> out;
  while (st.step()) out.push_back({st.column_string(0), st.column_string(1), st.column_string(2), st.column_string(3)});
  return out;
}

std::vector<ObservationNameRow> load_unlinked_observation_names(const Connection& c) {
  auto st = c.prepare(
      "SELECT o.obs_id, o.kind, o.source, trim(o.entity_name) FROM observations o "
      "WHERE o.entity_name IS NOT NULL AND trim(o.entity_name) <> '' "
      "AND NOT EXISTS (SELECT 1 FROM links l WHERE l.obs_id = o.obs_id) "
      "ORDER BY o.obs_id");
  std::vector<ObservationNameRow> out;
  while (st.step()) {
    ObservationNameRow r;
    r.obs_id = st.column_int(0);
    r.kind = st.column_string(1);
    r.source = st.column_string(2);
    r.entity_name = st.column_string(3);
    out.push_back(std::move(r));
  }
  return out;
}

size_t write_links(Connection& c, const std::vector<LinkRow>& links, int64_t run_id) {
  Transaction tx(c);
  auto st = c.prepare(
      "INSERT INTO links(firm_id, obs_id, score, method, decision, run_id) VALUES (?1,?2,?3,?4,?5,?6) "
      "ON CONFLICT(firm_id, obs_id) DO UPDATE SET score=excluded.score, method=excluded.method, "
      "decision=excluded.decision, run_id=excluded.run_id, "
      "matched_at=strftime('%Y-%m-%dT%H:%M:%SZ','now')");
  for (const auto& l : links) {
    st.bind_all(l.firm_id, l.obs_id, l.score, l.method, l.decision, run_id);
    st.run();
  }
  tx.commit();
  return links.size();
}

}  // namespace tradedig::db
