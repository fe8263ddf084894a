#!/usr/bin/env bash
# `tradedig controls` and the new `quality` options as a user runs them: a survey file with Chinese
# headers, a --year-col, the report, the values in firm_year, and the errors.
set -u
T=$1
ROOT=$2
source "$ROOT/tests/fixtures/cli/expect.sh"
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
cd "$W"
cat > firms.csv <<'EOF'
firm_id,name_zh,industry
A,甲纺织有限公司,1711
B,乙批发有限公司,5171
EOF
cat > customs.csv <<'EOF'
firm_id,year,month,hs8,dest,mode,value_usd,quantity
A,2005,1,61091000,US,一般贸易,100,10
A,2005,2,61091000,JP,进料加工贸易,300,10
B,2005,1,61091000,US,一般贸易,200,10
B,2005,2,61091000,JP,一般贸易,250,10
A,2006,1,61091010,US,一般贸易,100,10
B,2006,1,61091010,US,一般贸易,150,10
EOF
# A: founded 2003, 250 staff, fixed assets 5000 → lncap = ln(21) = 3.044522 (R: log(5000/250 + 1)).
cat > survey.csv <<'EOF'
企业代码,调查年份,开业年份,从业人数,固定资产合计,营业收入,外商资本,实收资本
A,2005,2003,250,5000,5000,75,300
B,2005,2005,0,100,100,0,100
EOF
expect 0 "created store" -- "$T" --db s.db init
expect 0 "landed" -- "$T" --db s.db import firms firms.csv
expect 0 "landed" -- "$T" --db s.db import customs customs.csv
expect 0 "Example" -- "$T" controls --help
expect 1 "no column for year" -- "$T" --db s.db controls survey.csv
expect 1 "unknown money unit" -- "$T" --db s.db controls survey.csv --year-col 调查年份 --money-unit dollars
expect 0 "2 firm-years of 2 firms" -- "$T" --db s.db controls survey.csv --year-col 调查年份
echo "$out" | grep -Eq "^lnsca +1 +0 +1 " || fail "lnsca row should read 1 computed, 0 missing, 1 out of range: $out"
echo "$out" | grep -q "ordinary_trade (customs, ordinary share of export value >= 0.5): 3 of 4 firm-years" ||
  fail "ordinary-trade line missing: $out"
v=$("$T" --db s.db sql --csv "SELECT round(lncap, 6) AS v FROM v_firm_year_panel WHERE firm_id = 'A' AND year = 2005" | tail -1)
[ "$v" = "3.044522" ] || fail "lncap of A 2005 is '$v', expected 3.044522"
v=$("$T" --db s.db sql --csv "SELECT foe, ordinary_trade, size_class FROM firm_year WHERE firm_id = 'A' AND year = 2005" | tail -1)
[ "$v" = "1,0,2" ] || fail "foe,ordinary_trade,size_class of A 2005 is '$v', expected 1,0,2"

# quality: the industry rule drops B (industry 5171); the concordance maps 61091010 to 61091000.
printf 'from_hs,to_hs\n61091010,61091000\n' > conc.csv
expect 0 "trade intermediaries (industry): 0 firms by name, 1 by industry" -- \
  "$T" --db s.db quality --variants QKL --no-trim --intermediaries industry --hs-concordance conc.csv
echo "$out" | grep -q "HS concordance: 2 rows mapped, 4 unmapped" || fail "concordance line missing: $out"
expect 1 "intermediaries" -- "$T" --db s.db quality --variants QKL --intermediaries names
echo "ok"
