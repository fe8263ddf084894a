#!/usr/bin/env bash
# `estimate probit --ame` and `estimate heckman` on the AER reference data print the reference numbers
# (REFERENCES.md §2.5–2.6) and record the runs in the store.
set -u
T=$1
ROOT=$2
source "$ROOT/tests/fixtures/cli/expect.sh"
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
cd "$W"
REF="$ROOT/../shared/data/reference"

"$T" --db s.db -q init || fail "init"
"$T" --db s.db estimate probit 'participation ~ income + age + education + youngkids + oldkids + i(foreign) + I(age^2)' \
  --data "$REF/AER_SwissLabor.csv" --ame --table csv > probit.csv || fail "probit exited $?"
grep -q '^foreign::yes,0.7144\*\*\*,0.2366\*\*\*' probit.csv || { cat probit.csv; fail "foreign coefficient/AME row"; }
grep -q '^Pseudo R²,0.1546,' probit.csv || { cat probit.csv; fail "pseudo R2 row"; }

"$T" --db s.db estimate heckman 'log(wage) ~ education + experience + I(experience^2)' \
  --selection 'participation ~ I((fincome - hours * wage) / 1000) + education + experience + I(experience^2) + age + youngkids + oldkids' \
  --data "$REF/AER_PSID1976.csv" --json > heck.json || fail "heckman exited $?"
/usr/bin/python3 - <<'PY' || exit 1
import json, sys
r = json.load(open("heck.json"))
lam = [c for c in r["outcome"]["coefficients"] if c["name"] == "lambda"][0]
if abs(lam["std_error"] - 0.1336246) > 1e-6 or r["n_selected"] != 428:
    sys.exit(f"lambda SE {lam['std_error']}, selected {r['n_selected']}")
PY
n=$("$T" --db s.db sql --csv "SELECT count(*) FROM runs WHERE command LIKE 'estimate %' AND status = 'ok'" | tail -1)
[ "$n" = "2" ] || fail "runs recorded: $n"

"$T" --db s.db estimate probit 'y ~ x' --data "$REF/AER_SwissLabor.csv" 2> err.txt && fail "unknown variable accepted"
grep -q "not in the data" err.txt || { cat err.txt; fail "error message"; }
echo ok
