#!/usr/bin/env bash
# Renders a tradedig HTML report in Debian's headless Chromium with the network shut off, as a
# full-page PNG (or, with --dump-dom, as the DOM Chromium built), and fails if the page tried to
# fetch anything: the report must be one self-contained file.
#
# Usage:
#   scripts/screenshot-report.sh REPORT.html OUT.png [WIDTH]
#   scripts/screenshot-report.sh --dump-dom REPORT.html OUT.html [WIDTH]
# WIDTH is the window width in CSS pixels (default 1100; the scale factor is 1, so the PNG is
# WIDTH pixels wide). Needs chromium and python3 (scripts/install-deps.sh --with-test-tools).
# Set CHROMIUM to use another binary.
# Exit codes: 0 done; 1 usage, missing tools or Chromium failed; 3 the page requested a URL
# (each request is printed on stderr; nothing left the machine, see below).
#
# Full-page height: headless Chromium's --screenshot captures the window, and --dump-dom carries no
# layout. So a first run loads a copy of the page with one added script that writes the document's
# scroll height into the DOM at the load event, read back with --dump-dom at the same width and flags
# (scrollbars hidden, so the text wraps the same); the second run takes the screenshot of the
# original file with the window exactly that tall. Heights above MAX_HEIGHT are clipped (with a
# warning) to keep the PNG sane.
#
# No network: every request goes to a proxy at 127.0.0.1:9 where nothing listens (loopback included,
# <-loopback>), and host names resolve to nothing (--host-resolver-rules), so no request can leave the
# machine; background services are turned off as far as flags allow. Attempts are detected from
# Chromium's own NetLog (--log-net-log): any URL request whose initiator is a document (for a file://
# page the initiator is "null") came from the page. Chromium's own services (component updater,
# account check) still try and fail against the dead proxy; their initiator is "not an origin" and
# they are not counted against the page.
set -euo pipefail

usage() { sed -n '6,8p' "$0" | sed 's/^# *//' >&2; exit 1; }
mode=screenshot
if [ "${1:-}" = "--dump-dom" ]; then mode=dom; shift; fi
[ $# -ge 2 ] && [ $# -le 3 ] || usage
REPORT=$1
OUT=$2
WIDTH=${3:-1100}
MAX_HEIGHT=30000
if ! [[ "$WIDTH" =~ ^[0-9]+$ ]] || [ "$WIDTH" -lt 200 ]; then
  echo "screenshot-report: WIDTH must be a number >= 200" >&2
  exit 1
fi
[ -f "$REPORT" ] || { echo "screenshot-report: no file $REPORT" >&2; exit 1; }

# Debian's /usr/bin/chromium is a wrapper that adds the flags of /etc/chromium.d (remote extensions
# among them); the browser binary behind it takes only ours.
if [ -n "${CHROMIUM:-}" ]; then BROWSER=$CHROMIUM
elif [ -x /usr/lib/chromium/chromium ]; then BROWSER=/usr/lib/chromium/chromium
elif command -v chromium > /dev/null; then BROWSER=$(command -v chromium)
else
  echo "screenshot-report: chromium is not installed (Debian: apt-get install chromium;" \
    "scripts/install-deps.sh --with-test-tools installs it)" >&2
  exit 1
fi
command -v python3 > /dev/null || { echo "screenshot-report: python3 is needed" >&2; exit 1; }

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
REPORT_URL="file://$(realpath "$REPORT")"

# run_chromium NETLOG ARGS...: one headless run in a fresh profile; stdout is Chromium's (--dump-dom).
run_chromium() {
  local netlog=$1
  shift
  rm -rf "$TMP/profile"
  timeout 180 "$BROWSER" --headless --no-sandbox --disable-gpu --hide-scrollbars --force-device-scale-factor=1 \
    --disable-dev-shm-usage --user-data-dir="$TMP/profile" --no-first-run --no-default-browser-check \
    --proxy-server=http://127.0.0.1:9 --proxy-bypass-list='<-loopback>' --host-resolver-rules='MAP * ~NOTFOUND' \
    --disable-background-networking --disable-component-update --disable-sync --disable-extensions \
    --disable-default-apps --disable-domain-reliability --disable-client-side-phishing-detection --no-pings \
    --metrics-recording-only --disable-breakpad \
    --disable-features=NetworkTimeServiceQuerying,Translate,OptimizationHints,MediaRouter \
    --log-net-log="$netlog" "$@" 2> "$TMP/chromium.log" || {
    echo "screenshot-report: chromium failed (exit $?); its log:" >&2
    grep -v -e dbus -e 'Fontconfig' "$TMP/chromium.log" | tail -20 >&2
    exit 1
  }
}

# check_netlog NETLOG: exit 3 listing the page's requests, if any.
check_netlog() {
  python3 - "$1" <<'PY' || exit $?
import json, sys
try:
    log = json.load(open(sys.argv[1]))
except (OSError, ValueError) as e:
    sys.exit(f"screenshot-report: cannot read Chromium's net log, so the no-network check did not run: {e}")
names = {v: k for k, v in log["constants"]["logEventTypes"].items()}
page = []
for e in log["events"]:
    p = e.get("params", {})
    if names.get(e["type"]) == "URL_REQUEST_START_JOB" and "url" in p and p.get("initiator") != "not an origin":
        page.append(f"{p.get('method', '?')} {p['url']} (initiator {p.get('initiator')})")
for r in page:
    print(f"screenshot-report: the page requested {r}", file=sys.stderr)
sys.exit(3 if page else 0)
PY
}

if [ "$mode" = dom ]; then
  run_chromium "$TMP/net.json" --window-size="$WIDTH,900" --dump-dom "$REPORT_URL" > "$TMP/dom.html"
  check_netlog "$TMP/net.json"
  mv "$TMP/dom.html" "$OUT"
  echo "screenshot-report: wrote $OUT (the DOM rendered at width $WIDTH)"
  exit 0
fi

# Pass 1: the height of the page laid out at WIDTH.
cp "$REPORT" "$TMP/measure.html"
cat >> "$TMP/measure.html" <<'JS'
<script>addEventListener("load", function () {
  var d = document.documentElement;
  var h = Math.max(d.scrollHeight, document.body.scrollHeight, d.getBoundingClientRect().height);
  d.setAttribute("data-page-height", Math.ceil(h));
});</script>
JS
run_chromium "$TMP/net-measure.json" --window-size="$WIDTH,900" --dump-dom "file://$TMP/measure.html" \
  > "$TMP/measure.dom"
check_netlog "$TMP/net-measure.json"
HEIGHT=$(grep -o 'data-page-height="[0-9]*"' "$TMP/measure.dom" | head -1 | grep -o '[0-9]\+' || true)
[ -n "$HEIGHT" ] || { echo "screenshot-report: could not measure the page height" >&2; exit 1; }
if [ "$HEIGHT" -gt "$MAX_HEIGHT" ]; then
  echo "screenshot-report: the page is $HEIGHT px tall; the screenshot keeps the first $MAX_HEIGHT" >&2
  HEIGHT=$MAX_HEIGHT
fi

# Pass 2: the original file in a window exactly as tall as the page.
run_chromium "$TMP/net.json" --window-size="$WIDTH,$HEIGHT" --screenshot="$TMP/shot.png" "$REPORT_URL" > /dev/null
check_netlog "$TMP/net.json"
[ -s "$TMP/shot.png" ] || { echo "screenshot-report: chromium wrote no screenshot" >&2; exit 1; }
mv "$TMP/shot.png" "$OUT"
echo "screenshot-report: wrote $OUT (${WIDTH}x${HEIGHT})"
