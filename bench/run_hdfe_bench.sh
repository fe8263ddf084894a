#!/usr/bin/env bash
# HDFE OLS on the paper-shaped firm panel (ISSUE 7): QSY on 13 regressors with firm and
# prov^ind^year fixed effects, SEs clustered by firm, at 770,830 rows (singletons kept, as in the
# reference) and 10,000,000 rows (reghdfe's iterative singleton removal, the default). Makes the
# panels with ../shared/bench/gen_panel.R when missing (R + data.table), runs each size REPS times
# under /usr/bin/time and prints tradedig's own phase timings (read, model frame, fixed effects,
# solve and vcov) with wall time and peak RSS. The 770k coefficients are checked against the exact
# anchor to 1e-8 (tests/cli/regress_panel770k.sh does the same in CTest).
# Usage: bench/run_hdfe_bench.sh [BUILD_DIR] [REPS]
set -euo pipefail
BUILD=${1:-build}
REPS=${2:-3}
cd "$(dirname "$0")/.."
DATA=${TMPDIR:-/tmp}
T="$BUILD/cli/tradedig"
F='QSY ~ lndig + lnsca + lnage + lncap + lnpwa + lnfir + lnpro + foe + lninn + lntfp + lnpgp + lngdp + lnsdp | firm + prov^ind^year'
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem/{print $2}') GiB"
for n in 770830 10000000; do
  csv="$DATA/panel_${n}.csv"
  [ -s "$csv" ] || Rscript ../shared/bench/gen_panel.R "$n" "$csv" 20240601 >/dev/null
  extra=()
  [ "$n" = 770830 ] && extra=(--keep-singletons)
  for r in $(seq "$REPS"); do
    echo "== $n rows, run $r (load before: $(cut -d' ' -f1-3 /proc/loadavg))"
    /usr/bin/time -f "wall %e s, peak RSS %M kB, user %U s, sys %S s" \
      "$T" regress "$F" --data "$csv" --cluster firm "${extra[@]}" --json 2>&1 >"$DATA/hdfe_$n.json" | grep -v "^note"
  done
done
python3 - ../shared/bench/panel770k_reference.txt "$DATA/hdfe_770830.json" <<'PY'
import json, sys
anchor, on = {}, False
for line in open(sys.argv[1]):
    if line.startswith("## SEs"):  # part of the anchor's heading
        continue
    if line.startswith("##"):
        on = "ANCHOR" in line
        continue
    p = line.split()
    if on and len(p) == 3:
        try: anchor[p[0]] = (float(p[1]), float(p[2]))
        except ValueError: pass
got = {c["name"]: c for c in json.load(open(sys.argv[2]))[0]["coefficients"]}
eb = max(abs(got[v]["estimate"] / b - 1) for v, (b, s) in anchor.items())
es = max(abs(got[v]["std_error"] / s - 1) for v, (b, s) in anchor.items())
print(f"770k vs the exact anchor: max relative error coef {eb:.1e}, SE {es:.1e}")
PY
