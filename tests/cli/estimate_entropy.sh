#!/usr/bin/env bash
# `estimate entropy` on the hand-made panel of tests/measure/entropy_index_test.cc (numpy numbers):
# weights printed, scores written to a CSV without a store, and to index_scores/index_weights with one.
set -u
T=$1
ROOT=$2
source "$ROOT/tests/fixtures/cli/expect.sh"
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
cd "$W"
cat > ind.csv <<'CSV'
firm_id,year,a,b,c
A,2020,3,0.2,12
B,2020,7,0.5,15
C,2020,1,0.9,9
D,2020,4,0.1,20
E,2020,10,0.4,11
A,2021,5,0.3,10
B,2021,6,0.8,14
C,2021,2,0.6,18
D,2021,8,0.7,8
E,2021,9,0.25,16
CSV
out=$("$T" --db none.db estimate entropy --data ind.csv --positive a,b --negative c --out scores.csv 2>&1) || fail "exit $?: $out"
echo "$out" | grep -qF "0.343487" || fail "weight of a missing: $out"
echo "$out" | grep -qF "0.282353" || fail "weight of c missing: $out"
grep -q '^index,A,2020,0.3114357258' scores.csv || fail "score of A 2020 wrong: $(head -3 scores.csv)"
[ "$(wc -l < scores.csv)" = 11 ] || fail "scores.csv should have a header and 10 rows"
"$T" --db s.db -q init || fail "init failed"
"$T" --db s.db -q estimate entropy --data ind.csv --positive a,b --negative c --per-year --name dig > /dev/null || fail "store run failed"
n=$("$T" --db s.db sql --csv "SELECT count(*) FROM index_scores WHERE name = 'dig'" | tail -1)
[ "$n" = 10 ] || fail "index_scores has $n rows for dig, expected 10"
w=$("$T" --db s.db sql --csv "SELECT round(weight, 9) FROM index_weights WHERE name = 'dig' AND year = 2021 AND indicator = 'c'" | tail -1)
[ "$w" = 0.351945296 ] || fail "per-year weight of c in 2021 is $w"
# Writing the same index again replaces it.
"$T" --db s.db -q estimate entropy --data ind.csv --positive a,b --negative c --name dig > /dev/null || fail "rerun failed"
n=$("$T" --db s.db sql --csv "SELECT count(*) FROM index_weights WHERE name = 'dig'" | tail -1)
[ "$n" = 3 ] || fail "index_weights has $n rows for dig after the pooled rerun, expected 3"
echo "ok"
