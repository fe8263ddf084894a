#include "report/store_summary.h"

#include <map>

#include <fmt/format.h>

#include "report/svg_chart.h"
#include "util/html.h"

namespace tradedig::report {
namespace {

std::string note(const std::string& text) { return "<p class=\"note\">" + html_escape(text) + "</p>\n"; }

std::vector<std::vector<std::string>> query_rows(const db::Connection& c, const std::string& sql) {
  std::vector<std::vector<std::string>> rows;
  auto st = c.prepare(sql);
  while (st.step()) {
    std::vector<std::string> r;
    for (int i = 0; i < st.column_count(); ++i) r.push_back(st.is_null(i) ? std::string() : st.column_string(i));
    rows.push_back(std::move(r));
  }
  return rows;
}

int64_t count(const db::Connection& c, const std::string& sql) { return c.query_int(sql).value_or(0); }

std::string pct(int64_t a, int64_t b) { return b > 0 ? fmt::format("{:.1f}%", 100.0 * static_cast<double>(a) / static_cast<double>(b)) : "–"; }

}  // namespace

Section inputs_section(const db::Connection& c) {
  Section s{"inputs", "Inputs", ""};
  const int64_t firms = count(c, "SELECT count(*) FROM firms");
  const int64_t names = count(c, "SELECT count(*) FROM firm_names");
  const int64_t customs = count(c, "SELECT count(*) FROM customs");
  const int64_t quality = count(c, "SELECT count(*) FROM quality");
  const int64_t firm_years = count(c, "SELECT count(*) FROM firm_year");
  s.html = html_table({"", "rows"}, {{"Firms", fmt::format("{}", firms)},
                                    {"Firm names (current, former, English)", fmt::format("{}", names)},
                                    {"Customs rows", fmt::format("{}", customs)},
                                    {"Quality rows (firm-destination-product-mode-year)", fmt::format("{}", quality)},
                                    {"Firm-years", fmt::format("{}", firm_years)}});
  auto imports = query_rows(c,
                            "SELECT kind, path, rows_landed, rows_rejected, imported_at FROM imports ORDER BY import_id");
  if (imports.empty()) s.html += note("Nothing has been imported yet.");
  else s.html += html_table({"Import", "file", "rows loaded", "rows rejected", "at"}, imports);
  return s;
}

Section crawl_section(const db::Connection& c) {
  Section s{"crawl", "Crawl outcomes", ""};
  auto rows = query_rows(c,
                         "SELECT source, count(*), sum(outcome = 'ok'), sum(outcome = 'not_found'), sum(outcome = 'blocked'), "
                         "sum(outcome = 'error') FROM pages GROUP BY source ORDER BY source");
  if (rows.empty()) {
    s.html = note("No pages have been fetched (sources may have been imported as records instead).");
  } else {
    s.html = html_table({"Source", "pages", "ok", "not found", "blocked", "error"}, rows);
    s.html += note("Blocked pages (captcha, slider, login) are stored for audit and never extracted.");
  }
  auto tasks = query_rows(c, "SELECT source, state, count(*) FROM crawl_tasks GROUP BY source, state ORDER BY source, state");
  if (!tasks.empty()) s.html += html_table({"Source", "task state", "tasks"}, tasks);
  auto obs = query_rows(c, "SELECT kind, source, count(*) FROM observations GROUP BY kind, source ORDER BY kind, source");
  if (!obs.empty()) s.html += html_table({"Observation kind", "source", "observations"}, obs);
  return s;
}

Section matching_section(const db::Connection& c) {
  Section s{"matching", "Name linkage", ""};
  const int64_t firms = count(c, "SELECT count(*) FROM firms");
  auto rows = query_rows(c,
                         "SELECT o.source, sum(l.decision = 'match'), sum(l.decision = 'review'), sum(l.decision = 'nonmatch'), "
                         "count(DISTINCT CASE WHEN l.decision = 'match' THEN l.firm_id END) "
                         "FROM links l JOIN observations o USING (obs_id) GROUP BY o.source ORDER BY o.source");
  if (rows.empty()) {
    s.html = note("No links yet: run `tradedig match` after a crawl or an import of observations.");
    return s;
  }
  for (auto& r : rows) r.push_back(pct(std::stoll(r[4].empty() ? "0" : r[4]), firms));
  s.html = html_table({"Source", "accepted", "to review", "rejected", "firms linked", "share of firms"}, rows);
  s.html += note(fmt::format("{} firms in all. Pairs to review are written by `tradedig match --review FILE`; labels "
                             "imported back take precedence over scores.",
                             firms));
  return s;
}

Section adoption_section(const db::Connection& c) {
  Section s{"adoption", "Digitization by channel and year", ""};
  auto rows = query_rows(c,
                         "SELECT year, count(*), avg(pit), avg(pdo), avg(icp), avg(dig_tr > 1) FROM digitization "
                         "GROUP BY year ORDER BY year");
  if (rows.empty()) {
    s.html = note("No digitization scores yet: run `tradedig score`.");
    return s;
  }
  Series pit{"pit (cross-border)", {}}, pdo{"pdo (1688)", {}}, icp{"icp (website)", {}}, any{"any channel", {}};
  std::vector<std::vector<std::string>> table;
  for (const auto& r : rows) {
    const double year = std::stod(r[0]);
    const double v[4] = {std::stod(r[2]), std::stod(r[3]), std::stod(r[4]), std::stod(r[5])};
    pit.points.emplace_back(year, v[0]);
    pdo.points.emplace_back(year, v[1]);
    icp.points.emplace_back(year, v[2]);
    any.points.emplace_back(year, v[3]);
    table.push_back({r[0], r[1], fmt::format("{:.3f}", v[0]), fmt::format("{:.3f}", v[1]), fmt::format("{:.3f}", v[2]),
                     fmt::format("{:.3f}", v[3])});
  }
  s.html = line_chart({pit, pdo, icp, any}, "Share of firms digitized, by channel", "share of firms");
  s.html += html_table({"Year", "firms", "pit", "pdo", "icp", "any"}, table);
  return s;
}

Section provenance_section(const db::Connection& c) {
  Section s{"provenance", "Provenance", ""};
  auto rows = query_rows(c,
                         "SELECT run_id, command, status, started_at, tool_version, "
                         "CASE WHEN length(spec) > 160 THEN substr(spec, 1, 157) || '...' ELSE spec END FROM runs ORDER BY run_id");
  if (rows.empty()) {
    s.html = note("No runs recorded.");
    return s;
  }
  s.html = note("Every number in this report comes from one of these runs; its full specification and results are in "
                "the store's `runs` table (SELECT spec, results_json FROM runs WHERE run_id = N).");
  s.html += html_table({"Run", "command", "status", "started (UTC)", "tool version", "specification"}, rows);
  return s;
}

}  // namespace tradedig::report
