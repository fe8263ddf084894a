#!/usr/bin/env bash
# `estimate groups` on Fatalities split by jail law (two absorbed FE, cluster state): the SUR chi2
# 0.9846 (p 0.3211) computed with R's sandwich from stacked suest scores (tests/measure/group_tests_test.cc).
set -u
T=$1
ROOT=$2
source "$ROOT/tests/fixtures/cli/expect.sh"
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
cd "$W"
awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) { if ($i == "\"fatal\"") f = i; if ($i == "\"pop\"") p = i }; print $0 ",\"frate\""; next }
         { printf "%s,%.17g\n", $0, $f / $p * 10000 }' "$ROOT/../shared/data/reference/AER_Fatalities.csv" > fat.csv
out=$("$T" --db none.db estimate groups 'frate ~ beertax | state + year' --by jail --test beertax --cluster state \
      --data fat.csv 2>&1) || fail "exit $?: $out"
for want in "jail=no" "jail=yes" "chi2(1) = 0.9846" "p = 0.3211" "SUR p-value"; do
  echo "$out" | grep -qF -- "$want" || fail "output lacks '$want': $out"
done
out=$("$T" --db none.db estimate groups 'frate ~ beertax' --by jail --test nonesuch --data fat.csv 2>&1)
[ $? = 1 ] || fail "an unknown tested coefficient should be a user error: $out"
echo "ok"
