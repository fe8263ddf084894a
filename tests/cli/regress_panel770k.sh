#!/usr/bin/env bash
# `tradedig regress` on the paper-shaped 770,830-row firm panel (../shared/bench/gen_panel.R, made
# here with R + data.table, which scripts/install-deps.sh --with-test-tools installs) matches the
# exact solution in ../shared/bench/panel770k_reference.txt ("ANCHOR", a sparse direct solve) to
# 1e-8 relative in all 13 coefficients and firm-clustered SEs, with singletons kept (fixest's
# default); with reghdfe's iterative singleton removal the coefficients are the same and the SEs
# are the reference's "se_iterative" column (21,747 observations dropped).
set -u
T=$1
ROOT=$2
D=$(mktemp -d)
trap 'rm -rf "$D"' EXIT
SHARED="$ROOT/../shared/bench"
Rscript "$SHARED/gen_panel.R" 770830 "$D/panel.csv" 20240601 > "$D/gen.log" 2>&1 || { cat "$D/gen.log"; echo "FAIL: gen_panel.R"; exit 1; }
F='QSY ~ lndig + lnsca + lnage + lncap + lnpwa + lnfir + lnpro + foe + lninn + lntfp + lnpgp + lngdp + lnsdp | firm + prov^ind^year'
"$T" -q regress "$F" --data "$D/panel.csv" --cluster firm --keep-singletons --json > "$D/keep.json" || { echo "FAIL: regress"; exit 1; }
"$T" -q regress "$F" --data "$D/panel.csv" --cluster firm --json > "$D/drop.json" || { echo "FAIL: regress"; exit 1; }
python3 - "$SHARED/panel770k_reference.txt" "$D/keep.json" "$D/drop.json" <<'PY'
import json, sys
ref, keep, drop = sys.argv[1:4]
anchor, iterative, section = {}, {}, None
for line in open(ref):
    if line.startswith("## SEs"):  # part of the anchor's heading
        continue
    if line.startswith("##"):
        section = "anchor" if "ANCHOR" in line else ("singletons" if "Singletons" in line else None)
        continue
    p = line.split()
    try:
        if section == "anchor" and len(p) == 3: anchor[p[0]] = (float(p[1]), float(p[2]))
        if section == "singletons" and len(p) == 4: iterative[p[0]] = float(p[3])
    except ValueError:
        pass
assert len(anchor) == 13 and len(iterative) == 13, (len(anchor), len(iterative))
def check(path, nobs, se_of):
    fit = json.load(open(path))[0]
    got = {c["name"]: c for c in fit["coefficients"]}
    worst = 0.0
    for v, (b, se) in anchor.items():
        eb = abs(got[v]["estimate"] / b - 1)
        es = abs(got[v]["std_error"] / se_of(v, se) - 1)
        worst = max(worst, eb, es)
        if eb > 1e-8 or es > 1e-8:
            sys.exit(f"FAIL {path}: {v} coef {got[v]['estimate']!r} vs {b!r}, se {got[v]['std_error']!r} vs {se_of(v, se)!r}")
    if fit["nobs"] != nobs:
        sys.exit(f"FAIL {path}: N {fit['nobs']} vs {nobs}")
    print(f"{path}: 13 coefficients and SEs within {worst:.1e} of the reference, N = {nobs}")
check(keep, 770830, lambda v, se: se)
check(drop, 749083, lambda v, se: iterative[v])
PY
