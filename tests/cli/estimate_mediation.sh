#!/usr/bin/env bash
# `tradedig estimate mediation` (and its siblings moderation and tfp) as a user runs them on a
# reference CSV. Expected numbers: base R 4.2.2 on plm_Grunfeld.csv, see tests/measure/mediation_test.cc
# and moderation_test.cc (a·b = 0.062252, Sobel z = 3.796352, share 0.345906; dy/dx at mean − SD =
# 0.046225 with SE 0.013237).
set -u
T=$1
ROOT=$2
source "$ROOT/tests/fixtures/cli/expect.sh"
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
G="$ROOT/../shared/data/reference/plm_Grunfeld.csv"
[ -f "$G" ] || fail "reference data $G missing"
cd "$W"
expect 0 "Example" -- "$T" estimate mediation --help
expect 0 "Example" -- "$T" estimate moderation --help
expect 0 "Example" -- "$T" estimate tfp --help

# The table: three columns, the indirect effect starred by the Sobel p, z, CI and share rows.
expect 0 "Indirect effect (a·b) *0.0623\*\*\*" -- "$T" estimate mediation 'inv ~ value | firm + year' \
  --mediator capital --data "$G" --reps 50
echo "$out" | grep -q "(2) capital" || fail "no mediator column: $out"
echo "$out" | grep -q "Sobel z  *3.796" || fail "no Sobel z 3.796: $out"
echo "$out" | grep -q "Bootstrap 95% CI (50 reps)" || fail "no bootstrap row: $out"
echo "$out" | grep -q "Share mediated (a·b/c)  *0.3459" || fail "no share row: $out"

# JSON carries the full-precision numbers.
"$T" -q estimate mediation 'inv ~ value | firm + year' -m capital --data "$G" --reps 0 --json > med.json \
  || fail "mediation --json failed"
/usr/bin/python3 - med.json <<'PY' || fail "JSON numbers differ from R"
import json, sys
r = json.load(open(sys.argv[1]))[0]
assert abs(r["indirect"] - 0.062252056465496412) < 1e-9, r["indirect"]
assert abs(r["sobel_z"] - 3.796352323543718210) < 1e-8, r["sobel_z"]
assert abs(r["share_mediated"] - 0.345906422594993046) < 1e-9
assert r["bootstrap"]["ci_low"] is None
PY

# Bad input is a user error with a reason.
expect 1 "already a regressor" -- "$T" estimate mediation 'inv ~ value + capital' -m capital --data "$G"
expect 1 "not in the data" -- "$T" estimate mediation 'inv ~ value' -m nope --data "$G"

# Moderation: the marginal effect at mean − SD with its delta-method SE.
expect 0 "0.0462\*\*\* (0.0132)" -- "$T" estimate moderation 'inv ~ value | firm + year' -w capital --data "$G"

# TFP: --write-store puts lntfp into the store's firm_year (schema v7).
expect 0 "created store" -- "$T" --db s.db init
expect 0 "wrote lntfp into firm_year" -- "$T" --db s.db estimate tfp --data "$G" --firm firm --output 'log(value)' \
  --labour 'log(inv)' --capital 'log(capital)' --proxy 'log(inv)' --write-store
n=$("$T" --db s.db sql --csv "SELECT count(*) FROM firm_year WHERE lntfp IS NOT NULL" | tail -1)
[ "$n" -gt 100 ] || { echo "FAIL: $n firm-years with lntfp"; exit 1; }
echo "ok"
