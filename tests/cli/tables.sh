#!/usr/bin/env bash
# `tradedig tables` on a small store built with the CLI as a user would: SYNTHETIC firms and customs
# (simulate), provinces and industries, quality with a WDI file, digitization from the simulated start
# years (what `score` would write), a survey file through `controls`; then Table 2 has its six columns,
# the runs are recorded, and the errors are one-liners.
set -u
T=$1
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
expect() {  # expect CODE PATTERN -- command...
  local code=$1 pattern=$2; shift 3
  out=$("$@" 2>&1); rc=$?
  [ "$rc" = "$code" ] || fail "'$*' exited $rc, expected $code; output: $out"
  echo "$out" | grep -q -- "$pattern" || fail "'$*' output lacks '$pattern': $out"
}
cd "$W"
expect 0 "Example" -- "$T" tables --help
expect 0 "SYNTHETIC" -- "$T" simulate --firms 250 --out sim --seed 11
expect 0 "created store" -- "$T" --db s.db init
expect 0 "landed" -- "$T" --db s.db import firms sim/firms.csv
expect 0 "landed" -- "$T" --db s.db import customs sim/customs.csv
expect 0 "rows changed" -- "$T" --db s.db sql \
  "UPDATE firms SET province = CASE rowid % 3 WHEN 0 THEN '浙江' WHEN 1 THEN '广东' ELSE '江苏' END, industry = CASE rowid % 2 WHEN 0 THEN '17' ELSE '39' END"

# Destination GDP per destination and year (made up, smooth in the year) for lngdp / lnpgp.
"$T" --db s.db sql --csv "SELECT DISTINCT dest FROM customs ORDER BY dest" | tail -n +2 >dests.txt
awk 'BEGIN { print "dest,year,gdp,gdp_pc" }
     { for (y = 2000; y <= 2015; y++) printf "%s,%d,%.6g,%.6g\n", $0, y, 1e11 * NR * (1.05 ^ (y - 2000)), 2000 * (NR % 7 + 1) * (1.03 ^ (y - 2000)) }' \
  dests.txt >wdi.csv
expect 0 "QKL" -- "$T" --db s.db quality --variants QKL --wdi-file wdi.csv

# Digitization of every firm-year from the simulated start years, dig_tr = 1 + 4 pit + 2 icp + pdo.
expect 0 "rows changed" -- "$T" --db s.db sql "INSERT INTO digitization(firm_id, year, pit, pdo, icp, dig_tr, lndig, lndigs)
  WITH RECURSIVE y(year) AS (SELECT 2002 UNION ALL SELECT year + 1 FROM y WHERE year < 2015),
  f AS (SELECT firm_id, CAST(json_extract(attrs, '$.pit_start') AS INT) AS ps, CAST(json_extract(attrs, '$.pdo_start') AS INT) AS ds,
               CAST(json_extract(attrs, '$.icp_start') AS INT) AS cs FROM firms),
  d AS (SELECT firm_id, year, (ps > 0 AND ps <= year) AS pit, (ds > 0 AND ds <= year) AS pdo, (cs > 0 AND cs <= year) AS icp,
               max(CASE WHEN ps > 0 AND ps <= year THEN year - ps + 1 ELSE 0 END, CASE WHEN ds > 0 AND ds <= year THEN year - ds + 1 ELSE 0 END,
                   CASE WHEN cs > 0 AND cs <= year THEN year - cs + 1 ELSE 0 END) AS used FROM f, y)
  SELECT firm_id, year, pit, pdo, icp, 1 + 4 * pit + 2 * icp + pdo, ln(1 + 4 * pit + 2 * icp + pdo),
         ln(1 + used)
  FROM d"

# A survey file for every firm-year (awk's generator: the numbers are arbitrary but firm-specific).
tail -n +2 sim/firms.csv | cut -d, -f1 >ids.txt
awk 'BEGIN { srand(5); print "firm_id,year,founded,employees,fixed_assets,wages_payable,interest_expense,total_assets,total_profit,industrial_sales,revenue,foreign_capital,paid_in_capital,patents" }
     { size = 50 + int(900 * rand()); cap = 20 + 300 * rand(); founded = 1985 + int(18 * rand()); fs = rand()
       for (y = 2002; y <= 2015; y++) {
         e = int(size * (0.9 + 0.2 * rand())); fa = e * cap * (0.9 + 0.2 * rand()); ta = 2 * fa; s = e * 400 * (0.9 + 0.2 * rand())
         printf "%s,%d,%d,%d,%.1f,%.1f,%.1f,%.1f,%.1f,%.1f,%.1f,%.1f,%.1f,%d\n", $1, y, founded, e, fa, e * 20 * (0.9 + 0.2 * rand()),
           ta * 0.01 * rand(), ta, s * (0.1 * rand() - 0.02), s, s, 0.3 * ta * (fs + 0.05 * rand()), 0.3 * ta, int(3 * rand())
       } }' ids.txt >survey.csv
expect 0 "firm-years" -- "$T" --db s.db controls survey.csv --year-col year

expect 0 "(6) + Information cost" -- "$T" --db s.db tables --tables 2
echo "$out" | grep -q "Observations" || fail "Table 2 has no Observations row: $out"
echo "$out" | grep -q "lngdp" || fail "Table 2 column (5) lacks lngdp: $out"
n=$("$T" --db s.db sql --csv "SELECT count(*) FROM runs WHERE command = 'tables' AND spec LIKE '%\"table\":\"Table 2\"%'" | tail -1)
[ "$n" = "6" ] || fail "expected 6 recorded Table 2 runs, got '$n'"
expect 0 "tabular" -- "$T" --db s.db tables --tables 6 --format latex --no-record
expect 0 "wrote" -- "$T" --db s.db tables --tables 1,6 --format html --out t.html --no-record
grep -q "Paper tables" t.html || fail "the HTML page lacks its section"
expect 1 "not a table number" -- "$T" --db s.db tables --tables 9
expect 1 "error" -- "$T" --db s.db tables --data no_such_view
echo "ok"
