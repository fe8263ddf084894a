#!/usr/bin/env bash
# `tradedig crawl --profile profiles/whois.toml`: WHOIS over TCP port 43, every query sent to a
# loopback server (python3) with --base-url whois://127.0.0.1:PORT; the server answers with real
# registry replies (likexian corpus, files <tld>_<domain>) or CNNIC's "No matching record.".
# Then `tradedig extract` reads the registration dates out of the stored replies.
set -u
T=$1
ROOT=$2
W=$(mktemp -d)
SRV=
trap '[ -n "$SRV" ] && kill "$SRV" 2>/dev/null; rm -rf "$W"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
cd "$W"
if ! "$T" crawl --help > /dev/null 2>&1; then
  echo "skipped: this tradedig was built without the crawler module"
  exit 0
fi
DATA="$ROOT/../shared/data/whois/likexian/testdata/noterror"
[ -f "$DATA/cn_google.cn" ] || { echo "skipped: no WHOIS corpus at $DATA"; exit 0; }
command -v python3 > /dev/null || { echo "skipped: no python3 for the loopback WHOIS server"; exit 0; }

cat > server.py <<'PY'
import os, socket, sys
data, port_file, log_file = sys.argv[1], sys.argv[2], sys.argv[3]
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(16)
with open(port_file + ".tmp", "w") as f:
    f.write(str(s.getsockname()[1]))
os.rename(port_file + ".tmp", port_file)
while True:
    conn, _ = s.accept()
    line = b""
    while b"\n" not in line:
        chunk = conn.recv(1024)
        if not chunk:
            break
        line += chunk
    q = line.split(b"\r")[0].split(b"\n")[0].decode().strip().lower()
    with open(log_file, "a") as f:
        f.write(q + "\n")
    path = os.path.join(data, q.rsplit(".", 1)[-1] + "_" + q)
    reply = open(path, "rb").read() if "/" not in q and os.path.isfile(path) else b"No matching record.\r\n"
    conn.sendall(reply)
    conn.close()
PY
python3 server.py "$DATA" port queries.log &
SRV=$!
for _ in $(seq 50); do [ -f port ] && break; sleep 0.1; done
[ -f port ] || fail "the loopback WHOIS server did not start"
PORT=$(cat port)

"$T" -q --db s.db init > /dev/null || fail "init exited $?"
# Three registries (CNNIC, HKIRC, TWNIC): the profile's 5 s delay applies per server, so no waiting.
printf 'google.cn\ngoogle.hk\nnothere.tw\n' > domains.txt
out=$("$T" --db s.db crawl --profile "$ROOT/profiles/whois.toml" --queries domains.txt --contact test@example.org \
  --base-url "whois://127.0.0.1:$PORT" 2>&1) || fail "crawl exited $?: $out"
echo "$out" | grep -q "3 pages stored" || fail "crawl summary: $out"
echo "$out" | grep -q "whois: not_found 1 ok 2" || fail "crawl outcomes: $out"
[ "$(sort queries.log | tr '\n' ' ')" = "google.cn google.hk nothere.tw " ] || fail "queries: $(cat queries.log)"
"$T" -q --db s.db sql --csv "SELECT url FROM pages ORDER BY url" | grep -qx "whois://whois.cnnic.cn/google.cn" \
  || fail "page URL: $("$T" -q --db s.db sql --csv "SELECT url FROM pages")"

out=$("$T" --db s.db extract --profiles "$ROOT/profiles" --source whois 2>&1) || fail "extract exited $?: $out"
echo "$out" | grep -q "2 found" || fail "extract: $out"
# likexian cn_google.cn "Registration Time: 2003-03-17 12:20:05" (Beijing time, 04:20:05Z);
# hk_google.hk "Domain Name Commencement Date: 06-04-2004" (DD-MM-YYYY).
rows=$("$T" -q --db s.db sql --csv "SELECT domain, registered_on, registered_at_utc FROM domain_records ORDER BY domain")
echo "$rows" | grep -qx "google.cn,2003-03-17,2003-03-17T04:20:05Z" || fail "google.cn record: $rows"
echo "$rows" | grep -q "^google.hk,2004-04-06," || fail "google.hk record: $rows"

# A whois profile refuses an http-only override rather than asking the real registries.
out=$("$T" --db s.db crawl --profile "$ROOT/profiles/whois.toml" --contact test@example.org \
  --base-url "http://127.0.0.1:$PORT" 2>&1) && fail "http override of a whois profile accepted: $out"
echo "$out" | grep -q "whois://host:port" || fail "http override message: $out"
echo "ok"
