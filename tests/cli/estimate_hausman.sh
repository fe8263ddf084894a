#!/usr/bin/env bash
# `estimate hausman` on plm's Grunfeld: FE and RE side by side and H = 2.3304 (p 0.3119), the plm
# phtest transcript's numbers (REFERENCES.md §2.3); JSON carries them at full precision.
set -u
T=$1
ROOT=$2
source "$ROOT/tests/fixtures/cli/expect.sh"
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
cd "$W"
G="$ROOT/../shared/data/reference/plm_Grunfeld.csv"
out=$("$T" --db none.db estimate hausman 'inv ~ value + capital' --id firm --time year --data "$G" 2>&1) || fail "exit $?: $out"
for want in "Hausman chi2(2)" "2.3304" "0.3119" "0.8612" "0.1101" "0.1098"; do
  echo "$out" | grep -qF -- "$want" || fail "output lacks '$want': $out"
done
json=$("$T" --db none.db -q estimate hausman 'inv ~ value + capital' --id firm --data "$G" --json 2>/dev/null) || fail "json run failed"
echo "$json" | grep -q '"statistic": 2.33036689' || fail "JSON lacks the full-precision statistic: $json"
out=$("$T" --db none.db estimate hausman 'inv ~ value | firm' --id firm --data "$G" 2>&1)
[ $? = 1 ] || fail "a formula with a fixed-effects part should be a user error: $out"
echo "ok"
