#!/usr/bin/env bash
# `tradedig report` renders in a real browser (Debian's headless chromium) with the network shut off
# (GitHub issue 9). A small store is built with CLI commands only: the A-share firm list, SYNTHETIC
# customs rows from `tradedig simulate`, KSW quality, two labelled regressions and an event study on a
# firm-year panel whose digitization comes from the simulation's adoption years. Then
# scripts/screenshot-report.sh takes a full-page screenshot and dumps the DOM, and the test checks:
# the PNG decodes, is as wide as asked, tall and not one colour; the DOM has every heading the report
# must show; the page requested nothing; and, as a control, that the same script does catch a page
# that references an external image.
# Args: the tradedig binary and the repository root. Chromium missing is a failure, not a skip.
set -u
T=$1
ROOT=$2
source "$ROOT/tests/fixtures/cli/expect.sh"
SHOT="$ROOT/scripts/screenshot-report.sh"
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
[ -x /usr/lib/chromium/chromium ] || command -v chromium > /dev/null ||
  fail "chromium is not installed: run scripts/install-deps.sh --with-test-tools"
/usr/bin/python3 -c "import PIL" 2> /dev/null ||
  fail "python3-pil is not installed: run scripts/install-deps.sh --with-test-tools"
cd "$W"

# --- A store with every section of the report filled that CLI commands alone can fill.
expect 0 "created store" -- "$T" --db s.db init
expect 0 "landed" -- "$T" --db s.db import firms "$ROOT/sample/firms_astock_2021.csv"
expect 0 "customs" -- "$T" --db s.db simulate --firms 300 --out sim --seed 7
expect 0 "landed" -- "$T" --db s.db import customs sim/customs.csv
expect 0 "QKL" -- "$T" --db s.db quality --variants QKL,QBW
# The firm-year panel: quality from the store; lndig = ln(1 + channels in use) from the simulated
# adoption years (sim/firms.csv), and the first year any channel is in use for the event study.
"$T" --db s.db sql --csv "SELECT firm_id, year, QKL, QBW, export_value FROM firm_year WHERE QKL IS NOT NULL" > fy.csv ||
  fail "sql export of firm_year failed"
/usr/bin/python3 - <<'PY' || fail "building the panel failed"
import csv, math
starts = {}
for r in csv.DictReader(open("sim/firms.csv", encoding="utf-8")):
    starts[r["firm_id"]] = [int(r[k]) for k in ("pit_start", "pdo_start", "icp_start") if r[k] and int(r[k]) > 0]
rows = list(csv.DictReader(open("fy.csv", encoding="utf-8")))
with open("panel.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["firm_id", "year", "QKL", "QBW", "lnexport", "lndig", "first_digital_year"])
    for r in rows:
        s = starts.get(r["firm_id"], [])
        year = int(r["year"])
        w.writerow([r["firm_id"], year, r["QKL"], r["QBW"], math.log(float(r["export_value"])),
                    math.log(1 + sum(year >= y for y in s)), min(s) if s else ""])
if len(rows) < 200:
    raise SystemExit(f"only {len(rows)} firm-years with quality")
PY
expect 0 "lndig" -- "$T" --db s.db regress 'QKL ~ lndig | firm_id + year' 'QKL ~ lndig + lnexport | firm_id + year' \
  --data panel.csv --cluster firm_id --label "Table 2: quality"
expect 0 "lndig" -- "$T" --db s.db regress 'QBW ~ lndig | firm_id + year' --data panel.csv --cluster firm_id \
  --label "Table 3: robustness"
expect 0 "post" -- "$T" --db s.db estimate event-study 'QKL ~ 1' --data panel.csv --unit firm_id --time year \
  --event-time first_digital_year --leads 3 --lags 3
expect 0 "wrote" -- "$T" --db s.db report --out r.html --title "Browser test report"

# --- The screenshot.
expect 0 "wrote shot.png" -- bash "$SHOT" r.html shot.png 1000
/usr/bin/python3 - <<'PY' || fail "the screenshot is not a rendered report"
import struct, sys, zlib
from PIL import Image
data = open("shot.png", "rb").read()
if len(data) < 20_000:
    sys.exit(f"shot.png has only {len(data)} bytes")
if data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
    sys.exit("shot.png is not a PNG")
width, height = struct.unpack(">II", data[16:24])
if zlib.crc32(data[12:29]) != struct.unpack(">I", data[29:33])[0]:
    sys.exit("IHDR checksum is wrong")
if width != 1000 or height < 1500:
    sys.exit(f"shot.png is {width}x{height}; expected 1000 wide and at least 1500 tall (the whole page)")
img = Image.open("shot.png").convert("RGB")
img.load()
colours = img.getcolors(maxcolors=1 << 20) or []
if len(colours) < 16:
    sys.exit(f"shot.png has {len(colours)} colours: nothing was drawn")
background = max(colours)[1]
drawn = sum(n for n, c in colours if c != background) / (width * height)
if drawn < 0.02:
    sys.exit(f"only {drawn:.1%} of shot.png differs from the background")
# The bottom of the page (the footer) is in the picture: the last fifth has text on it.
bottom = img.crop((0, height * 4 // 5, width, height)).getcolors(maxcolors=1 << 20) or []
if len(bottom) < 4:
    sys.exit("the last fifth of shot.png is blank: the page was cut or padded")
print(f"shot.png: {width}x{height}, {len(colours)} colours, {drawn:.1%} drawn")
PY

# --- The headings, as the browser built them (report/full_report.cc, store_summary.cc, model_runs.cc).
expect 0 "wrote dom.html" -- bash "$SHOT" --dump-dom r.html dom.html
for heading in "<h1>Browser test report</h1>" "<h2>Inputs</h2>" "<h2>Crawl outcomes</h2>" "<h2>Name linkage</h2>" \
  "<h2>Digitization by channel and year</h2>" "<h2>Estimates</h2>" \
  "<h2>The coefficient on lndig across specifications</h2>" "<h2>Event study: dynamic effects</h2>" \
  "<h2>Provenance</h2>" "Table 2: quality" "Table 3: robustness"; do
  grep -qF -- "$heading" dom.html || fail "the rendered report lacks '$heading'"
done
charts=$(grep -o "<svg" dom.html | wc -l)
[ "$charts" -ge 2 ] || fail "the rendered report has $charts charts; expected the coefficient plot and the event study"

# --- No network: the report requested nothing (the runs above would have exited 3), and the check
# does catch a page that does: the same report with one external image.
sed 's|<h2>Provenance</h2>|<h2>Provenance</h2><img src="http://example.com/x.png">|' r.html > external.html
expect 3 "the page requested GET http://example.com/x.png" -- bash "$SHOT" external.html external.png 1000
[ ! -e external.png ] || fail "a screenshot was written for a page that reached for the network"
echo "ok"
