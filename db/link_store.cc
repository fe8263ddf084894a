#include "db/link_store.h"

#include <fmt/format.h>

#include "util/error.h"

namespace tradedig::db {

std::vector<FirmNameRow> load_all_firm_names(const Connection& c) {
  // rank: 0 current, 1 short, 2 former; the best-ranked kind of a duplicated name wins.
  auto st = c.prepare(
      "WITH all_names(firm_id, name, lang, kind, rank, valid_from, valid_to) AS ("
      "  SELECT firm_id, trim(name), lang, kind, "
      "         CASE kind WHEN 'current' THEN 0 WHEN 'short' THEN 1 ELSE 2 END, valid_from, valid_to FROM firm_names"
      "  UNION ALL SELECT firm_id, trim(name_zh), 'zh', 'current', 0, NULL, NULL FROM firms WHERE name_zh IS NOT NULL"
      "  UNION ALL SELECT firm_id, trim(name_en), 'en', 'current', 0, NULL, NULL FROM firms WHERE name_en IS NOT NULL"
      "  UNION ALL SELECT firm_id, trim(short_name), 'zh', 'short', 1, NULL, NULL FROM firms WHERE short_name IS NOT NULL) "
      "SELECT firm_id, name, lang, "
      "       CASE min(rank) WHEN 0 THEN 'current' WHEN 1 THEN 'short' ELSE 'former' END, "
      "       CASE WHEN count(valid_from) = count(*) THEN min(valid_from) END, "
      "       CASE WHEN count(valid_to) = count(*) THEN max(valid_to) END "
      "FROM all_names WHERE name <> '' "
      "GROUP BY firm_id, name, lang ORDER BY firm_id, name, lang");
  std::vector<FirmNameRow> out;
  auto year = [&](int col) { return st.is_null(col) ? std::nullopt : std::optional<int>(static_cast<int>(st.column_int(col))); };
  while (st.step())
    out.push_back({st.column_string(0), st.column_string(1), st.column_string(2), st.column_string(3), year(4), year(5)});
  return out;
}

std::vector<ObservationNameRow> load_unlinked_observation_names(const Connection& c) {
  auto st = c.prepare(
      "SELECT o.obs_id, o.kind, o.source, trim(o.entity_name), "
      "       CASE WHEN o.observed_at GLOB '[12][0-9][0-9][0-9]*' THEN CAST(substr(o.observed_at, 1, 4) AS INTEGER) END "
      "FROM observations o "
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
    if (!st.is_null(4)) r.year = static_cast<int>(st.column_int(4));
    out.push_back(std::move(r));
  }
  return out;
}

std::vector<LabelledNameRow> load_labelled_names(const Connection& c) {
  auto st = c.prepare(
      "SELECT trim(o.entity_name), l.firm_id, l.decision = 'match' FROM links l JOIN observations o USING (obs_id) "
      "WHERE l.method = 'clerical' AND trim(coalesce(o.entity_name, '')) <> '' ORDER BY l.obs_id, l.firm_id");
  std::vector<LabelledNameRow> out;
  while (st.step()) out.push_back({st.column_string(0), st.column_string(1), st.column_int(2) != 0});
  return out;
}

std::vector<LinkRow> domain_links_via_icp(const Connection& c) {
  auto st = c.prepare(
      "WITH icp AS MATERIALIZED (SELECT DISTINCT lower(trim(i.domain)) AS dom, l.firm_id FROM icp_records i "
      "    JOIN links l ON l.obs_id = i.obs_id AND l.decision = 'match' WHERE trim(coalesce(i.domain, '')) <> ''), "
      "  dom AS MATERIALIZED (SELECT obs_id, lower(trim(domain)) AS dom FROM domain_records) "
      "SELECT DISTINCT icp.firm_id, dom.obs_id FROM dom JOIN icp USING (dom) "
      "WHERE NOT EXISTS (SELECT 1 FROM links x WHERE x.obs_id = dom.obs_id AND x.decision = 'match') "
      "ORDER BY dom.obs_id, icp.firm_id");
  std::vector<LinkRow> out;
  while (st.step()) out.push_back({st.column_string(0), st.column_int(1), 1.0, "icp-domain", "match"});
  return out;
}

size_t write_links(Connection& c, const std::vector<LinkRow>& links, int64_t run_id) {
  Transaction tx(c);
  auto st = c.prepare(
      "INSERT INTO links(firm_id, obs_id, score, method, decision, run_id) VALUES (?1,?2,?3,?4,?5,?6) "
      "ON CONFLICT(firm_id, obs_id) DO UPDATE SET score=excluded.score, method=excluded.method, "
      "decision=excluded.decision, run_id=excluded.run_id, "
      "matched_at=strftime('%Y-%m-%dT%H:%M:%SZ','now') "
      "WHERE links.method IS NOT 'clerical'");
  size_t written = 0;
  for (const auto& l : links) {
    st.bind_all(l.firm_id, l.obs_id, l.score, l.method, l.decision, run_id);
    st.run();
    written += static_cast<size_t>(c.changes());
  }
  tx.commit();
  return written;
}

size_t write_link_labels(Connection& c, const std::vector<LinkLabel>& labels, int64_t run_id) {
  Transaction tx(c);
  auto obs = c.prepare("SELECT 1 FROM observations WHERE obs_id = ?1");
  auto firm = c.prepare("SELECT 1 FROM firms WHERE firm_id = ?1");
  auto upsert = c.prepare(
      "INSERT INTO links(firm_id, obs_id, score, method, decision, run_id) VALUES (?1,?2,?3,'clerical',?4,?5) "
      "ON CONFLICT(firm_id, obs_id) DO UPDATE SET score=excluded.score, method='clerical', "
      "decision=excluded.decision, run_id=excluded.run_id, matched_at=strftime('%Y-%m-%dT%H:%M:%SZ','now')");
  auto others = c.prepare(
      "UPDATE links SET decision='nonmatch', run_id=?3 WHERE obs_id = ?1 AND firm_id <> ?2 "
      "AND method IS NOT 'clerical' AND decision IN ('match','review')");
  for (const auto& l : labels) {
    obs.bind_all(l.obs_id);
    if (!obs.step()) throw UserError(fmt::format("label for observation {}: no such observation in the store", l.obs_id));
    obs.reset();
    firm.bind_all(l.firm_id);
    if (!firm.step()) throw UserError(fmt::format("label for observation {}: no firm '{}' in the store", l.obs_id, l.firm_id));
    firm.reset();
    upsert.bind_all(l.firm_id, l.obs_id, l.same_firm ? 1.0 : 0.0, l.same_firm ? "match" : "nonmatch", run_id);
    upsert.run();
    if (l.same_firm) {
      others.bind_all(l.obs_id, l.firm_id, run_id);
      others.run();
    }
  }
  tx.commit();
  return labels.size();
}

std::vector<StoredLink> load_links(const Connection& c) {
  auto st = c.prepare(
      "SELECT l.obs_id, l.firm_id, coalesce(l.score, 0), coalesce(l.method, ''), l.decision, "
      "coalesce(o.entity_name, ''), coalesce(f.name_zh, '') "
      "FROM links l LEFT JOIN observations o USING (obs_id) LEFT JOIN firms f USING (firm_id) "
      "ORDER BY l.obs_id, l.firm_id");
  std::vector<StoredLink> out;
  while (st.step()) {
    StoredLink l;
    l.obs_id = st.column_int(0);
    l.firm_id = st.column_string(1);
    l.score = st.column_double(2);
    l.method = st.column_string(3);
    l.decision = st.column_string(4);
    l.entity_name = st.column_string(5);
    l.firm_name = st.column_string(6);
    out.push_back(std::move(l));
  }
  return out;
}

}  // namespace tradedig::db
