#!/usr/bin/env bash
# `tradedig regress` with variable labels (--labels FILE, the "Dependent variable" row, errors for
# --store-labels on a file) and frequency weights (--weight-type frequency) on Grunfeld with the
# weight w = 1 + (firm + year) mod 3. The fweighted HC1 SE of value equals lm + sandwich HC1 on the
# data expanded by w (R 4.2, see tests/measure/frequency_weights_test.cc): 0.00464317547753736,
# N = 401; read as analytic weights N stays 200.
set -u
T=$1
ROOT=$2
source "$ROOT/tests/fixtures/cli/expect.sh"
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
cd "$W"
awk -F, 'NR == 1 { print $0 ",\"w\""; next } { print $0 "," 1 + ($1 + $2) % 3 }' \
  "$ROOT/../shared/data/reference/plm_Grunfeld.csv" > g.csv
printf 'name,label\nvalue,Market value\ncapital,Capital stock\ninv,Gross investment\n' > labels.csv

out=$("$T" --db none.db regress 'inv ~ value*capital | firm' --data g.csv --labels labels.csv --table csv 2>&1) \
  || fail "regress --labels exited non-zero: $out"
echo "$out" | grep -q '^Dependent variable,Gross investment$' || fail "no labelled dependent-variable row in: $out"
echo "$out" | grep -q '^Market value,' || fail "value not shown by its label in: $out"
echo "$out" | grep -q '^Market value × Capital stock,' || fail "interaction not labelled in: $out"
out=$("$T" --db none.db regress 'inv ~ value' --data g.csv --no-depvar --table csv 2>&1) || fail "regress failed: $out"
echo "$out" | grep -q 'Dependent variable' && fail "--no-depvar still shows the row: $out"
echo "$out" | grep -q '^value,' || fail "without labels the name should show: $out"
out=$("$T" --db none.db regress 'inv ~ value' --data g.csv --store-labels 2>&1)
[ $? = 1 ] || fail "--store-labels with a CSV should be a user error"
echo "$out" | grep -q -- "--labels FILE" || fail "the error does not point to --labels: $out"

json=$("$T" --db none.db regress 'inv ~ value + capital' --data g.csv --weights w --weight-type frequency \
  --vcov hc1 --json 2>/dev/null) || fail "regress --weight-type frequency failed"
echo "$json" | grep -q '"nobs": 401' || fail "frequency-weighted N is not 401: $json"
echo "$json" | grep -q '0.004643175477' || fail "no HC1 SE 0.004643175477 of value in: $json"
json=$("$T" --db none.db regress 'inv ~ value + capital' --data g.csv --weights w --json 2>/dev/null) \
  || fail "regress --weights failed"
echo "$json" | grep -q '"nobs": 200' || fail "analytic-weighted N is not 200: $json"
out=$("$T" --db none.db regress 'inv ~ value' --data g.csv --weights w --weight-type counts 2>&1)
[ $? = 1 ] || fail "an unknown --weight-type should be a user error"
echo "ok"
