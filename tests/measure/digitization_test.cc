#include <catch2/catch.hpp>

#include <cmath>

#include "db/evidence_store.h"
#include "db/firm_store.h"
#include "db/runs.h"
#include "db/schema.h"
#include "measure/digitization.h"
#include "tests/test_support.h"
#include "util/error.h"

using namespace tradedig;
using namespace tradedig::measure;

namespace {
db::LinkedObservation membership(const char* firm, int64_t id, const char* source, std::optional<int64_t> years,
                                 std::optional<int64_t> since, const char* observed = "2016-06-30") {
  db::LinkedObservation o;
  o.firm_id = firm;
  o.obs_id = id;
  o.kind = "membership";
  o.source = source;
  o.observed_at = observed;
  o.years_on_platform = years;
  o.member_since = since;
  return o;
}
db::LinkedObservation icp(const char* firm, int64_t id, const char* approved, std::optional<std::string> first_seen = {}) {
  db::LinkedObservation o;
  o.firm_id = firm;
  o.obs_id = id;
  o.kind = "icp";
  o.source = "icp";
  o.observed_at = "2024-01-01";
  o.approved_at = approved;
  o.first_seen_at = first_seen;
  return o;
}
db::LinkedObservation domain(const char* firm, int64_t id, const char* registered) {
  db::LinkedObservation o;
  o.firm_id = firm;
  o.obs_id = id;
  o.kind = "domain";
  o.source = "whois";
  o.observed_at = "2024-01-01";
  o.registered_on = registered;
  return o;
}
DigitizationOptions years(int a, int b) {
  DigitizationOptions o;
  o.first_year = a;
  o.last_year = b;
  return o;
}
}  // namespace

TEST_CASE("the eight cases of Table 1 map to dig_tr 1 to 8") {
  // pit, pdo, icp -> dig_tr, exactly as printed in paper 003, Table 1.
  const int table[8][4] = {{0, 0, 0, 1}, {0, 1, 0, 2}, {0, 0, 1, 3}, {0, 1, 1, 4},
                           {1, 0, 0, 5}, {1, 1, 0, 6}, {1, 0, 1, 7}, {1, 1, 1, 8}};
  for (const auto& row : table) CHECK(digitization_level(row[0], row[1], row[2]) == row[3]);
}

TEST_CASE("each channel combination scores its Table 1 level in the years it is on") {
  // Firm Pk has channel set k (bit 4 = pit, 2 = icp, 1 = pdo), all starting in 2008.
  std::vector<std::string> firms;
  std::vector<db::LinkedObservation> links;
  int64_t id = 1;
  for (int k = 0; k < 8; ++k) {
    std::string f = "P" + std::to_string(k);
    firms.push_back(f);
    if (k & 4) links.push_back(membership(firms.back().c_str(), id++, "alibaba", std::nullopt, 2008));
    if (k & 1) links.push_back(membership(firms.back().c_str(), id++, "1688", std::nullopt, 2008));
    if (k & 2) links.push_back(icp(firms.back().c_str(), id++, "2008-05-01"));
  }
  auto res = score_digitization(firms, links, years(2007, 2008));
  REQUIRE(res.rows.size() == 16);
  for (int k = 0; k < 8; ++k) {
    const auto& before = res.rows[static_cast<size_t>(2 * k)];
    const auto& after = res.rows[static_cast<size_t>(2 * k + 1)];
    CHECK(before.year == 2007);
    CHECK(before.dig_tr == 1);
    CHECK(after.dig_tr == 1 + k);
    CHECK(after.lndig == Approx(std::log(1.0 + k)));
  }
  CHECK(res.summary.level_counts[1] == 9);
  CHECK(res.summary.adopters == std::array<int64_t, 3>{4, 4, 4});
}

TEST_CASE("\"N yrs\" seen in year Y starts membership in Y minus N") {
  auto ev = evidence_of(membership("F", 1, "alibaba.com", 6, std::nullopt, "2016-06-30"), years(2002, 2015));
  REQUIRE(ev);
  CHECK(ev->channel == Channel::kPit);
  CHECK(ev->start_year == 2010);
  auto opts = years(2002, 2015);
  opts.years_label_offset = 1;
  CHECK(evidence_of(membership("F", 1, "alibaba.com", 6, std::nullopt, "2016-06-30"), opts)->start_year == 2011);
}

TEST_CASE("raw labels are read when years were not extracted") {
  auto o = membership("F", 1, "1688", std::nullopt, std::nullopt, "2020-01-01");
  o.raw_label = "诚信通 12年";
  auto ev = evidence_of(o, years(2002, 2015));
  REQUIRE(ev);
  CHECK(ev->channel == Channel::kPdo);
  CHECK(ev->start_year == 2008);
  o.source = "Made-in-China.com";
  o.raw_label = "Member since 2009";
  CHECK(evidence_of(o, years(2002, 2015))->start_year == 2009);
  CHECK(evidence_of(o, years(2002, 2015))->channel == Channel::kPit);
}

TEST_CASE("the homepage channel starts with the earlier of ICP filing and domain registration") {
  std::vector<db::LinkedObservation> links = {icp("F", 1, "2012-03-01", std::string("2009-07-15")), domain("F", 2, "2005-11-30")};
  auto res = score_digitization({"F"}, links, years(2004, 2006));
  CHECK(res.rows[0].icp == 0);
  CHECK(res.rows[1].icp == 1);  // 2005: the domain was registered on 2005-11-30
  CHECK(res.rows[1].dig_tr == 3);
  CHECK(res.rows[1].evidence == R"({"icp":{"since":2005,"obs":[2]}})");
}

TEST_CASE("a latest ICP approval after the earliest one seen does not move the start") {
  auto ev = evidence_of(icp("F", 1, "2023-10-18", std::string("2010-02-01")), years(2002, 2015));
  REQUIRE(ev);
  CHECK(ev->start_year == 2010);
}

TEST_CASE("conflicting start years use the earliest and are counted") {
  std::vector<db::LinkedObservation> links = {membership("F", 1, "alibaba", std::nullopt, 2010),
                                              membership("F", 2, "made-in-china", std::nullopt, 2008),
                                              membership("F", 3, "alibaba", std::nullopt, 2008)};
  auto res = score_digitization({"F"}, links, years(2008, 2008));
  CHECK(res.summary.conflicts == 1);
  CHECK(res.rows[0].pit == 1);
  CHECK(res.rows[0].evidence == R"({"pit":{"since":2008,"obs":[2,3]}})");
}

TEST_CASE("years of use count the start year as one and enter lndigs as ln(1 + years)") {
  std::vector<db::LinkedObservation> links = {membership("F", 1, "1688", std::nullopt, 2010), domain("F", 2, "2012-01-01")};
  auto res = score_digitization({"F", "G"}, links, years(2009, 2013));
  // F: 2009 none; 2010 pdo 1 yr; 2011 2 yrs; 2012 pdo 3 yrs + icp 1 yr; 2013 4 yrs.
  std::vector<int> used;
  for (int i = 0; i < 5; ++i) used.push_back(res.rows[static_cast<size_t>(i)].years_used);
  CHECK(used == std::vector<int>{0, 1, 2, 3, 4});
  CHECK(res.rows[4].lndigs == Approx(std::log(5.0)));
  CHECK(res.rows[3].dig_tr == 4);
  // G has no evidence: not digital, lndigs 0, no evidence text.
  CHECK(res.rows[5].dig_tr == 1);
  CHECK(res.rows[5].lndigs == 0.0);
  CHECK(res.rows[5].evidence.empty());
}

TEST_CASE("observations that evidence nothing are counted, not scored") {
  std::vector<db::LinkedObservation> links = {membership("F", 1, "ebay", 3, std::nullopt),
                                              membership("F", 2, "alibaba", std::nullopt, std::nullopt)};
  auto res = score_digitization({"F"}, links, years(2010, 2010));
  CHECK(res.summary.links_unknown_source == 1);
  CHECK(res.summary.links_without_date == 1);
  CHECK(res.rows[0].dig_tr == 1);
  CHECK_THROWS_AS(score_digitization({"F"}, links, years(2012, 2010)), UserError);
}

TEST_CASE("scores trace back through the store to the page that evidenced them") {
  testing::ScratchDir dir;
  db::Connection c = db::open_store(dir.file("s.db"));
  c.exec("INSERT INTO firms(firm_id, name_zh) VALUES ('F1', '杭州海天纺织有限公司'), ('F2', '宁波甬港服装有限公司')");
  c.exec("INSERT INTO pages(page_id, source, url, outcome, fetched_at) VALUES (7, 'alibaba', 'http://127.0.0.1/s?q=haitian', 'ok', '2016-06-30')");
  c.exec("INSERT INTO observations(obs_id, kind, source, entity_name, observed_at, page_id) VALUES "
         "(11, 'membership', 'alibaba', 'Hangzhou Haitian Textile', '2016-06-30', 7), "
         "(12, 'membership', 'alibaba', 'Hangzhou Haitian Textile Co', '2016-06-30', NULL)");
  c.exec("INSERT INTO memberships(obs_id, raw_label, years_on_platform) VALUES (11, '6 yrs', 6), (12, '6 yrs', 6)");
  c.exec("INSERT INTO links(firm_id, obs_id, score, method, decision) VALUES ('F1', 11, 0.99, 'test', 'match'), "
         "('F2', 12, 0.40, 'test', 'nonmatch')");
  auto res = score_digitization(db::load_firm_ids(c), db::load_linked_observations(c), years(2009, 2011));
  db::replace_digitization(c, res.rows, db::begin_run(c, "score", "test"));
  CHECK(c.query_int("SELECT dig_tr FROM digitization WHERE firm_id = 'F1' AND year = 2010") == 5);
  CHECK(c.query_int("SELECT dig_tr FROM digitization WHERE firm_id = 'F2' AND year = 2011") == 1);
  // From the flag to the page: evidence → observation → page URL.
  CHECK(c.query_string("SELECT p.url FROM digitization d, json_each(json_extract(d.evidence, '$.pit.obs')) e "
                       "JOIN observations o ON o.obs_id = e.value JOIN pages p ON p.page_id = o.page_id "
                       "WHERE d.firm_id = 'F1' AND d.year = 2011") == "http://127.0.0.1/s?q=haitian");
}
