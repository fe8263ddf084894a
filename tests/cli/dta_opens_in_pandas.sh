#!/usr/bin/env bash
# The exported .dta opens in pandas (Debian's python3-pandas) with the same rows and values as the store.
set -u
T=$1
ROOT=$2
source "$ROOT/tests/fixtures/cli/expect.sh"
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
PY=/usr/bin/python3
if ! $PY -c "import pandas" 2>/dev/null; then
  fail "python3-pandas is not installed: run scripts/install-deps.sh --with-test-tools"
fi
cd "$W"
"$T" --db s.db -q import firms "$ROOT/sample/firms_astock_2021.csv" || exit 1
"$T" --db s.db -q export firms --format dta --out firms.dta || exit 1
"$T" --db s.db sql --csv "SELECT firm_id, name_zh, name_en, province FROM firms ORDER BY firm_id" > expected.csv || exit 1
$PY - <<'PY'
import pandas as pd, sys
d = pd.read_stata("firms.dta")
e = pd.read_csv("expected.csv", dtype=str, keep_default_na=False)
d = d.sort_values("firm_id").reset_index(drop=True)[["firm_id", "name_zh", "name_en", "province"]].fillna("")
if len(d) != 4136 or len(e) != 4136:
    sys.exit(f"rows: dta {len(d)}, store {len(e)}")
bad = (d.astype(str).values != e.values).any(axis=1).sum()
if bad:
    sys.exit(f"{bad} rows differ")
labels = pd.io.stata.StataReader("firms.dta").variable_labels()
if labels.get("name_zh") != "Firm name, Chinese (current)":
    sys.exit(f"label of name_zh is {labels.get('name_zh')!r}")
print("ok: 4136 rows equal, labels present")
PY
