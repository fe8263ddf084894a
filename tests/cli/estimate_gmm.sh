#!/usr/bin/env bash
# `tradedig estimate gmm` on EmplUK reproduces plm::pgmm: Arellano-Bond col (b), two-step
# difference GMM (lag1 0.474151, Windmeijer SE 0.185398, Sargan 30.11247 with 25 df; REFERENCES.md
# §2.8), and system GMM with --json (lag1 1.159729).
set -u
T=$1
ROOT=$2
source "$ROOT/tests/fixtures/cli/expect.sh"
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
DATA="$ROOT/../shared/data/reference/plm_EmplUK.csv"
F='log(emp) ~ lag(log(emp), 1:2) + lag(log(wage), 0:1) + log(capital) + lag(log(output), 0:1) | lag(log(emp), 2:99)'
cd "$W"
out=$("$T" --db none.db estimate gmm "$F" --data "$DATA" --id firm --time year --model twostep --table csv 2>&1) \
  || fail "difference GMM exited $?: $out"
echo "$out" | grep -q '^"lag(log(emp), 1)",0.4742' || fail "lag1 coefficient 0.4742 missing: $out"
echo "$out" | grep -q '(0.1854)' || fail "Windmeijer SE 0.1854 missing: $out"
echo "$out" | grep -q '30.112 (25)' || fail "Sargan-Hansen 30.112 (25) missing: $out"
echo "$out" | grep -q 'AR(1) z,-1.538' || fail "AR(1) -1.538 missing: $out"
"$T" --db none.db estimate gmm "$F" --data "$DATA" --id firm --time year --model twostep --transformation ld \
  --json --out sys.json >/dev/null 2>&1 || fail "system GMM failed"
grep -q '"estimate": 1.15972' sys.json || fail "system GMM lag1 1.15972 missing: $(head -c 2000 sys.json)"
grep -q '"nobs": 1362' sys.json || fail "system GMM nobs 1362 missing"
out=$("$T" --db none.db estimate gmm "$F" --data "$DATA" --id firm --time year --transformation xx 2>&1)
[ $? = 1 ] || fail "a bad --transformation should exit 1: $out"
echo "$out" | grep -q 'transformation' || fail "the message should name --transformation: $out"
"$T" estimate gmm --help | grep -q 'Example' || fail "help lacks an example"
echo "ok"
