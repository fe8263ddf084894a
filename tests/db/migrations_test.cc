#include <catch2/catch.hpp>

#include "db/schema.h"
#include "tests/test_support.h"
#include "util/error.h"

using namespace tradedig;
using namespace tradedig::db;

namespace {
// The whole schema as text: every table, index and view, in a stable order.
std::string schema_dump(const Connection& c) {
  std::string out;
  auto st = c.prepare("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name");
  while (st.step()) out += st.column_string(0) + " " + st.column_string(1) + ": " + st.column_string(2) + "\n";
  return out;
}

// Puts rows that a store at `version` can hold, so a migration must carry them over.
void seed(Connection& c, int version) {
  c.exec("INSERT INTO firms(firm_id, name_zh, name_en) VALUES ('F1', '杭州海天纺织有限公司', 'Hangzhou Haitian Textile Co., Ltd.')");
  c.exec("INSERT INTO firm_names(firm_id, name, lang, kind) VALUES ('F1', '杭州海天纺织有限公司', 'zh', 'current')");
  if (version >= 2) {
    c.exec("INSERT INTO crawl_tasks(source, query, firm_id) VALUES ('alibaba', 'Hangzhou Haitian Textile', 'F1')");
    c.exec("INSERT INTO observations(kind, source, entity_name, observed_at) VALUES ('membership', 'alibaba', 'Hangzhou Haitian', '2024-05-01')");
    c.exec("INSERT INTO memberships(obs_id, raw_label, years_on_platform) VALUES (1, '6 yrs', 6)");
  }
  if (version >= 3) {
    c.exec("INSERT INTO links(firm_id, obs_id, score, method, decision) VALUES ('F1', 1, 0.97, 'test', 'match')");
    c.exec("INSERT INTO firm_year(firm_id, year, QSY) VALUES ('F1', 2010, 0.5)");
  }
}
}  // namespace

TEST_CASE("a new store is created at the latest schema version with its documentation") {
  testing::ScratchDir dir;
  Connection c = open_store(dir.file("s.db"));
  CHECK(schema_version(c) == latest_schema_version());
  CHECK(c.query_string("PRAGMA journal_mode") == "wal");
  auto docs = documented_objects(c);
  bool has_panel = false;
  for (const auto& d : docs) has_panel |= d.name == "v_firm_year_panel" && d.kind == "view";
  CHECK(has_panel);
  // Every documented object exists, every table has a doc row.
  auto undocumented = c.query_int(
      "SELECT count(*) FROM sqlite_master m WHERE m.type IN ('table','view') AND m.name NOT LIKE 'sqlite_%' "
      "AND m.name NOT IN (SELECT name FROM store_docs)");
  CHECK(undocumented == 0);
}

TEST_CASE("a store at every earlier version migrates to the latest with its rows intact") {
  const int latest = latest_schema_version();
  testing::ScratchDir dir;
  Connection fresh = open_store(dir.file("fresh.db"));
  const std::string expected = schema_dump(fresh);
  for (int v = 1; v < latest; ++v) {
    DYNAMIC_SECTION("from version " << v) {
      Connection c = Connection::open(dir.file("v" + std::to_string(v) + ".db"));
      migrate(c, v);
      REQUIRE(schema_version(c) == v);
      seed(c, v);
      migrate(c);
      CHECK(schema_version(c) == latest);
      CHECK(schema_dump(c) == expected);
      CHECK(c.query_string("SELECT name_zh FROM firms WHERE firm_id = 'F1'") == "杭州海天纺织有限公司");
      CHECK(c.query_int("SELECT count(*) FROM firm_names") == 1);
      if (v >= 2) CHECK(c.query_int("SELECT years_on_platform FROM v_memberships") == 6);
      // The migrated store accepts what the newest schema adds.
      c.exec("INSERT INTO digitization(firm_id, year, pit, pdo, icp, dig_tr, lndig) VALUES ('F1', 2010, 1, 0, 1, 7, ln(7))");
    }
  }
}

TEST_CASE("a store written by a newer tradedig is refused, not damaged") {
  testing::ScratchDir dir;
  {
    Connection c = open_store(dir.file("s.db"));
    c.exec("PRAGMA user_version = 999");
  }
  Connection c = Connection::open(dir.file("s.db"));
  CHECK_THROWS_AS(migrate(c), UserError);
  CHECK(schema_version(c) == 999);
}

TEST_CASE("a failing migration step leaves the store at the last complete version") {
  testing::ScratchDir dir;
  Connection c = Connection::open(dir.file("s.db"));
  migrate(c, 1);
  // Occupy a name the next migration creates, so it fails halfway.
  c.exec("CREATE TABLE pages(x)");
  CHECK_THROWS(migrate(c));
  CHECK(schema_version(c) == 1);
  CHECK_FALSE(c.table_exists("crawl_tasks"));
}

TEST_CASE("opening a store that must exist names the missing file") {
  testing::ScratchDir dir;
  try {
    open_store(dir.file("typo.db"), true);
    FAIL("expected an error");
  } catch (const UserError& e) {
    CHECK_THAT(e.what(), Catch::Contains("typo.db") && Catch::Contains("tradedig init"));
  }
}

TEST_CASE("a file that is not SQLite is reported as such") {
  testing::ScratchDir dir;
  std::string p = dir.write("not.db", std::string(4096, 'x'));
  CHECK_THROWS_WITH(Connection::open(p), Catch::Contains("not.db"));
}

TEST_CASE("a transaction that is not committed rolls back") {
  testing::ScratchDir dir;
  Connection c = open_store(dir.file("s.db"));
  {
    Transaction tx(c);
    c.exec("INSERT INTO firms(firm_id, name_zh) VALUES ('X', '某公司')");
  }
  CHECK(c.query_int("SELECT count(*) FROM firms") == 0);
}
