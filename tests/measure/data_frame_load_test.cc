// Loading a DataFrame from a file or a store table: every row once, numbers kept as numbers, a
// column that turns out to be text read again as text (measure/column_builder.h).
#include <catch2/catch.hpp>
#include <cmath>
#include <string>

#include "db/schema.h"
#include "measure/estimate.h"
#include "tests/test_support.h"

using namespace tradedig;
using namespace tradedig::measure;

TEST_CASE("a store table of more rows than one read batch loads every row exactly once", "[data_frame]") {
  testing::ScratchDir dir;
  db::Connection c = db::open_store(dir.file("s.db"));
  c.exec("CREATE TABLE t(id INTEGER, x REAL, name TEXT)");
  // 70,000 rows: two full batches of 32,768 and a partial one, so the source ends mid-batch.
  c.exec(
      "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 70000) "
      "INSERT INTO t SELECT i, i * 0.5, 'f' || (i % 3) FROM n");
  const DataFrame d = load_store_table(c, "t");
  REQUIRE(d.rows() == 70000);
  const Column* x = d.find("x");
  REQUIRE(x);
  CHECK(x->numeric);
  double sum = 0;
  for (double v : x->values) sum += v;
  CHECK(sum == Approx(0.5 * 70000.0 * 70001.0 / 2));  // each row counted once
  const Column* name = d.find("name");
  REQUIRE(name);
  CHECK_FALSE(name->numeric);
  CHECK(name->levels.size() == 3);
}

TEST_CASE("a CSV column that turns to text after numbers keeps each cell's own text", "[data_frame]") {
  testing::ScratchDir dir;
  std::string csv = "code,v\n";
  for (int i = 0; i < 40000; ++i) csv += (i % 2 ? "007" : "7") + std::string(",") + std::to_string(i) + "\n";
  csv += "x1,1\n";  // the first cell that is not a number comes after 40,000 that are
  const DataFrame d = load_file(dir.write("a.csv", csv));
  REQUIRE(d.rows() == 40001);
  const Column* code = d.find("code");
  REQUIRE(code);
  REQUIRE_FALSE(code->numeric);
  // "7" and "007" are different text: the second pass read the cells, not the parsed numbers.
  CHECK(code->levels.size() == 3);
  CHECK(code->levels[code->codes[0]] == "7");
  CHECK(code->levels[code->codes[1]] == "007");
  CHECK(code->levels[code->codes[40000]] == "x1");
  const Column* v = d.find("v");
  REQUIRE(v);
  CHECK(v->numeric);
  CHECK(v->values[39999] == 39999.0);
}
