#!/usr/bin/env bash
# `tradedig estimate psm` on MatchIt's lalonde data: greedy 1:1 matching without replacement on a
# logit score reproduces MatchIt's pair ATT 894.367 (REFERENCES.md §2.7), the balance table prints
# pstest's %bias (age -24.2 before, 5.6 after), and the event-study command shows its help.
set -u
T=$1
ROOT=$2
source "$ROOT/tests/fixtures/cli/expect.sh"
DATA="$ROOT/../shared/data/reference/MatchIt_lalonde.csv"
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
cd "$W"
[ -f "$DATA" ] || fail "missing $DATA"
F='treat ~ age + educ + i(race) + married + nodegree + re74 + re75'
out=$("$T" estimate psm "$F" --outcome re78 --data "$DATA" --no-replacement --reps 50 --balance 2>&1) || fail "psm exited $?: $out"
echo "$out" | grep -q "ATT  *894.3675" || fail "ATT 894.3675 not in output: $out"
echo "$out" | grep -q "185 of 185" || fail "185 matched treated not reported: $out"
echo "$out" | grep -E "^age .*Unmatched" | grep -q -- "-24.2" || fail "age %bias before -24.2 missing: $out"
echo "$out" | grep -A1 -E "^age .*Unmatched" | grep "Matched" | grep -q " 5.6 " || fail "age %bias after 5.6 missing: $out"
# JSON carries the full-precision ATT.
att=$("$T" --quiet estimate psm "$F" --outcome re78 --data "$DATA" --no-replacement --se none --json 2>/dev/null |
      python3 -c 'import json,sys; print("%.6f" % json.load(sys.stdin)["effects"]["coefficients"][0]["estimate"])')
[ "$att" = "894.367480" ] || fail "JSON ATT $att, expected 894.367480"
# Bad options are user errors (exit 1) with a reason.
"$T" estimate psm "$F" --outcome re78 --data "$DATA" --method nope > err.txt 2>&1; rc=$?
[ "$rc" = 1 ] || fail "unknown --method exited $rc"
grep -q "Unknown --method" err.txt || fail "no reason for unknown --method: $(cat err.txt)"
"$T" estimate event-study --help | grep -q "Example" || fail "event-study --help has no example"
# PSM-DID event study on a small simulated panel (adoption in 2005 depends on x; effect 2 from 2005 on):
# the plot data has one row per relative period, the reference row is zero, and the effect is found.
/usr/bin/python3 - <<'PY'
import random
random.seed(5)
with open("panel.csv", "w") as f:
    f.write("firm,year,adopt,x,y\n")
    for i in range(300):
        x = random.gauss(0, 1)
        treated = random.random() < 0.4 + 0.2 * (x > 0)
        a = random.gauss(0, 1)
        for t in range(2001, 2011):
            y = a + 0.1 * t + (2.0 if treated and t >= 2005 else 0.0) + random.gauss(0, 0.3)
            f.write(f"{i},{t},{2005 if treated else 0},{x:.6f},{y:.6f}\n")
PY
out=$("$T" --quiet estimate event-study 'y ~ 1' --data panel.csv --unit firm --time year --event-time adopt \
      --leads 3 --lags 3 --match 'x' --plot-data es.csv --table csv 2>&1) || fail "event-study exited $?: $out"
[ "$(wc -l < es.csv)" = 8 ] || fail "plot data should have a header and 7 periods: $(cat es.csv)"
grep -q "^-1,pre_1,0,0,0,0,," es.csv || fail "reference row missing: $(cat es.csv)"
est=$(awk -F, '$1 == 2 { printf "%.0f", $3 }' es.csv)
[ "$est" = 2 ] || fail "effect at t+2 is $est, expected about 2: $(cat es.csv)"
echo "ok"
