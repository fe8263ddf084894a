#!/usr/bin/env bash
# `tradedig regress` with an IV part: 2SLS beside OLS in one table, diagnostics at the foot, the
# first stages with --first-stage, and full precision in --json (Stock–Watson cigarette demand 1995,
# REFERENCES.md §2.4: price elasticity −1.277424133, first-stage F = Cragg–Donald F 244.7337536).
set -u
T=$1
ROOT=$2
source "$ROOT/tests/fixtures/cli/expect.sh"
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
cd "$W"
awk -F, 'NR == 1 || $2 == "\"1995\""' "$ROOT/../shared/data/reference/AER_CigarettesSW.csv" > cig95.csv
[ "$(wc -l < cig95.csv)" = 49 ] || fail "expected 48 rows of 1995 data"
IV='log(packs) ~ log(I(income/population/cpi)) | log(I(price/cpi)) ~ I((taxs-tax)/cpi) + I(tax/cpi)'
OLS='log(packs) ~ log(I(price/cpi)) + log(I(income/population/cpi))'
out=$("$T" --db none.db regress "$OLS" "$IV" --data cig95.csv --first-stage 2>&1) || fail "regress exited non-zero: $out"
echo "$out" | grep -q -- "-1.2774\*\*\*" || fail "no 2SLS price elasticity -1.2774 in: $out"
echo "$out" | grep -q "First-stage F.*244.734" || fail "no first-stage F 244.734 in: $out"
echo "$out" | grep -q "Cragg-Donald F.*244.734" || fail "no Cragg-Donald F in: $out"
echo "$out" | grep -q "First stages" || fail "no first-stage table in: $out"
echo "$out" | grep -q "(2) log(I(price/cpi))" || fail "first-stage column not titled by model and regressor: $out"
json=$("$T" --db none.db regress "$IV" --data cig95.csv --vcov hc1 --json 2>/dev/null) || fail "regress --json failed"
echo "$json" | grep -q '"kp_rk_wald_f": 209.6762693' || fail "no KP rk Wald F 209.6762693 (HC1) in the JSON: $json"
echo "$json" | grep -q '"estimator": "2SLS"' || fail "JSON does not name the estimator"
out=$("$T" --db none.db regress 'log(packs) ~ log(I(income/population/cpi)) | log(I(price/cpi)) + tax ~ I(tax/cpi)' --data cig95.csv 2>&1)
[ $? = 1 ] || fail "an underidentified model should be a user error"
echo "$out" | grep -q "underidentified" || fail "the error does not say underidentified: $out"
echo "ok"
