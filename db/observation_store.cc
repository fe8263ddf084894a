#include "db/observation_store.h"

#include <zstd.h>

#include <nlohmann/json.hpp>

namespace tradedig::db {

namespace {

std::string zstd_decompress(std::string_view z, int64_t size_hint) {
  unsigned long long n = ZSTD_getFrameContentSize(z.data(), z.size());
  if (n == ZSTD_CONTENTSIZE_ERROR) throw SqlError("page body is not a zstd frame");
  size_t cap = n == ZSTD_CONTENTSIZE_UNKNOWN ? static_cast<size_t>(std::max<int64_t>(size_hint, 0)) : n;
  std::string out(cap, '\0');
  size_t got = ZSTD_decompress(out.data(), out.size(), z.data(), z.size());
  if (ZSTD_isError(got)) throw SqlError(std::string("page body: zstd: ") + ZSTD_getErrorName(got));
  out.resize(got);
  return out;
}

std::optional<std::string> nonempty(const std::string& s) {
  if (s.empty()) return std::nullopt;
  return s;
}

}  // namespace

std::vector<int64_t> ObservationStore::page_ids(const std::string& source, bool only_unextracted) const {
  std::string sql = "SELECT p.page_id FROM pages p WHERE (?1 = '' OR p.source = ?1)";
  if (only_unextracted)
    sql += " AND NOT EXISTS (SELECT 1 FROM page_extractions e WHERE e.page_id = p.page_id AND e.verdict <> 'unparsed')";
  sql += " ORDER BY p.page_id";
  auto st = c_.prepare(sql);
  st.bind(1, source);
  std::vector<int64_t> ids;
  while (st.step()) ids.push_back(st.column_int(0));
  return ids;
}

PageRow ObservationStore::load_page(int64_t page_id) const {
  auto st = c_.prepare(
      "SELECT p.page_id, p.source, coalesce(t.query, ''), p.url, coalesce(p.final_url, ''), p.outcome, p.fetched_at, "
      "coalesce(p.status, 0), coalesce(p.headers, ''), p.body_zstd, coalesce(p.body_size, 0) "
      "FROM pages p LEFT JOIN crawl_tasks t ON t.task_id = p.task_id WHERE p.page_id = ?");
  st.bind(1, page_id);
  if (!st.step()) throw SqlError("no page " + std::to_string(page_id));
  PageRow r;
  r.page_id = st.column_int(0);
  r.source = st.column_string(1);
  r.query = st.column_string(2);
  r.url = st.column_string(3);
  r.final_url = st.column_string(4);
  r.outcome = st.column_string(5);
  r.fetched_at = st.column_string(6);
  r.status = static_cast<int>(st.column_int(7));
  auto h = nlohmann::json::parse(st.column_text(8), nullptr, false);
  if (h.is_object())
    for (const auto& [k, v] : h.items()) r.headers.emplace_back(k, v.is_string() ? v.get<std::string>() : v.dump());
  if (!st.is_null(9)) r.body = zstd_decompress(st.column_blob(9), st.column_int(10));
  return r;
}

void ObservationStore::replace_page_observations(const PageRow& page, std::string_view verdict,
                                                 const std::vector<MembershipFact>& memberships,
                                                 const std::vector<IcpFact>& icp,
                                                 const std::vector<DomainFact>& domains) {
  Transaction tx(c_);
  // Detail rows go with ON DELETE CASCADE when foreign keys are on; delete them explicitly too.
  for (const char* t : {"memberships", "icp_records", "domain_records"})
    c_.prepare(std::string("DELETE FROM ") + t + " WHERE obs_id IN (SELECT obs_id FROM observations WHERE page_id = ?)")
        .bind(1, page.page_id)
        .run();
  c_.prepare("DELETE FROM observations WHERE page_id = ?").bind(1, page.page_id).run();
  auto obs = c_.prepare(
      "INSERT INTO observations(kind, source, entity_name, observed_at, page_id) VALUES (?,?,?,?,?)");
  auto add_obs = [&](const char* kind, const std::string& name) {
    obs.bind(1, kind).bind(2, page.source).bind(3, nonempty(name)).bind(4, page.fetched_at).bind(5, page.page_id);
    obs.run();
    return c_.last_insert_rowid();
  };
  auto mem = c_.prepare(
      "INSERT INTO memberships(obs_id, entity_url, entity_id, badge, raw_label, years_on_platform, member_since, "
      "country, city, established_year) VALUES (?,?,?,?,?,?,?,?,?,?)");
  for (const auto& m : memberships) {
    int64_t id = add_obs("membership", m.entity_name);
    mem.bind(1, id).bind(2, nonempty(m.entity_url)).bind(3, nonempty(m.entity_id)).bind(4, nonempty(m.badge))
        .bind(5, nonempty(m.raw_label)).bind(6, m.years_on_platform).bind(7, m.member_since)
        .bind(8, nonempty(m.country)).bind(9, nonempty(m.city)).bind(10, m.established_year);
    mem.run();
  }
  auto first_seen = c_.prepare(
      "SELECT min(coalesce(first_seen_at, approved_at)) FROM icp_records "
      "WHERE coalesce(service_licence, licence) = ? AND coalesce(domain, '') = ?");
  auto ins_icp = c_.prepare(
      "INSERT INTO icp_records(obs_id, licence, service_licence, nature, domain, approved_at, first_seen_at, "
      "licence_year) VALUES (?,?,?,?,?,?,?,?)");
  for (const auto& f : icp) {
    first_seen.bind(1, f.service_licence.empty() ? f.licence : f.service_licence).bind(2, f.domain);
    std::optional<std::string> seen = first_seen.step() ? first_seen.column_opt_string(0) : std::nullopt;
    first_seen.reset();
    if (!f.approved_at.empty() && (!seen || f.approved_at < *seen)) seen = f.approved_at;
    int64_t id = add_obs("icp", f.entity_name);
    ins_icp.bind(1, id).bind(2, nonempty(f.licence)).bind(3, nonempty(f.service_licence)).bind(4, nonempty(f.nature))
        .bind(5, nonempty(f.domain)).bind(6, nonempty(f.approved_at)).bind(7, seen).bind(8, f.licence_year);
    ins_icp.run();
  }
  auto dom = c_.prepare(
      "INSERT INTO domain_records(obs_id, domain, registered_at_raw, registered_on, registrar, via, "
      "registered_at_utc) VALUES (?,?,?,?,?,?,?)");
  for (const auto& d : domains) {
    int64_t id = add_obs("domain", d.entity_name.empty() ? d.domain : d.entity_name);
    dom.bind(1, id).bind(2, d.domain).bind(3, nonempty(d.registered_at_raw)).bind(4, nonempty(d.registered_on))
        .bind(5, nonempty(d.registrar)).bind(6, d.via).bind(7, nonempty(d.registered_utc));
    dom.run();
  }
  c_.prepare("INSERT OR REPLACE INTO page_extractions(page_id, verdict, facts, extracted_at) "
             "VALUES (?, ?, ?, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))")
      .bind(1, page.page_id)
      .bind(2, verdict)
      .bind(3, static_cast<int64_t>(memberships.size() + icp.size() + domains.size()))
      .run();
  tx.commit();
}

int64_t ObservationStore::count_from_pages(const std::string& kind, const std::string& source) const {
  auto st = c_.prepare("SELECT count(*) FROM observations WHERE kind = ? AND source = ? AND page_id IS NOT NULL");
  st.bind_all(kind, source);
  st.step();
  return st.column_int(0);
}

}  // namespace tradedig::db
