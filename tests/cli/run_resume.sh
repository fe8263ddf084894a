#!/usr/bin/env bash
# `tradedig run` end to end on a small SYNTHETIC world served on 127.0.0.1: a run killed (SIGKILL)
# in the middle of its crawl and started again ends with the same tables as an uninterrupted run,
# with every crawl task done exactly once; a third run does nothing new.
set -u
T=$1
ROOT=$2
source "$ROOT/tests/fixtures/cli/expect.sh"
D=$(mktemp -d)
trap 'kill $SERVER 2>/dev/null; rm -rf "$D"' EXIT

expect 0 "pages" -- "$T" simulate world --firms "$ROOT/sample/firms_astock_2021.csv" --out "$D/world" --firms-limit 150
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
PORT=$(free_port)
WPORT=$(free_port)
"$T" replay "$D/world" --port "$PORT" --whois-port "$WPORT" > "$D/replay.log" 2>&1 &
SERVER=$!
for _ in $(seq 50); do
  python3 -c "import socket; socket.create_connection(('127.0.0.1', $PORT), 0.2)" 2>/dev/null && break
  sleep 0.1
done

config() {  # config STORE_NAME
  cat <<TOML
store = "$1.db"
contact = "ci@localhost"
[inputs]
firms = "world/firms.csv"
customs = ["world/customs/customs.csv"]
survey = "world/survey/survey.csv"
[crawl]
base_url = "http://127.0.0.1:$PORT"
max_wait_for_due_s = 20
backoff_s = 0.05
max_attempts = 3
breaker_cooldown_s = 0.5
retry_after_cap_s = 0.2
TOML
  for s in alibaba made-in-china 1688 icp made-in-china-showroom whois rdap; do
    printf '[crawl.source.%s]\nmin_delay_s = 0.002\nmax_concurrency = 4\nautothrottle = false\n' "$s"
    [ "$s" = whois ] && printf 'base_url = "whois://127.0.0.1:%s"\n' "$WPORT"
  done
  cat <<TOML
[tables]
tables = [2]
out_dir = "tables-$1"
[report]
out = "report-$1.html"
TOML
}
config a > "$D/a.toml"
config b > "$D/b.toml"

# The uninterrupted run.
expect 0 "Table 2" -- "$T" run --config "$D/a.toml"
[ -s "$D/tables-a/table2.txt" ] || fail "run a wrote no tables-a/table2.txt"
[ -s "$D/report-a.html" ] || fail "run a wrote no report"
grep -q "lndig" "$D/tables-a/table2.txt" || fail "Table 2 has no lndig row: $(cat "$D/tables-a/table2.txt")"

# The killed run: SIGKILL once the crawl has stored some pages, then run again.
"$T" -q run --config "$D/b.toml" > "$D/b1.log" 2>&1 &
RUN=$!
killed=0
for _ in $(seq 400); do
  n=$("$T" --db "$D/b.db" -q sql --csv "SELECT count(*) FROM pages" 2>/dev/null | tail -1)
  if [ -n "$n" ] && [ "$n" -ge 150 ] 2>/dev/null; then kill -9 $RUN; killed=1; break; fi
  kill -0 $RUN 2>/dev/null || break
  sleep 0.05
done
wait $RUN 2>/dev/null
[ $killed = 1 ] || fail "the run ended before it could be killed mid-crawl: $(tail -5 "$D/b1.log")"
n=$("$T" --db "$D/b.db" -q sql --csv "SELECT count(*) FROM pages" | tail -1)
expect 0 "Table 2" -- "$T" run --config "$D/b.toml"
diff "$D/tables-a/table2.txt" "$D/tables-b/table2.txt" > "$D/diff.txt" || fail "tables differ after kill and rerun: $(cat "$D/diff.txt")"

# Same crawl outcome, no task fetched into two stored pages, same links and scores.
q() { "$T" --db "$D/$1.db" -q sql --csv "$2" | tail -n +2; }
for s in "SELECT source, state, last_outcome, count(*) FROM crawl_tasks GROUP BY 1, 2, 3 ORDER BY 1, 2, 3" \
         "SELECT firm_id, year, dig_tr FROM digitization ORDER BY 1, 2" \
         "SELECT o.kind, l.firm_id, l.decision, count(*) FROM links l JOIN observations o USING (obs_id) GROUP BY 1, 2, 3 ORDER BY 1, 2, 3"; do
  [ "$(q a "$s")" = "$(q b "$s")" ] || fail "stores a and b differ on: $s"
done
dup=$(q b "SELECT count(*) FROM (SELECT task_id FROM pages WHERE outcome IN ('ok', 'not_found') GROUP BY task_id HAVING count(*) > 1)")
[ "$dup" = 0 ] || fail "$dup tasks have more than one stored page after the kill"
tasks=$(q b "SELECT count(*) FROM crawl_tasks")
[ "$tasks" -gt 700 ] || fail "only $tasks crawl tasks for 150 firms"

# A third run: nothing new to fetch, estimate skipped, same table.
expect 0 "skipped" -- "$T" run --config "$D/b.toml"
echo "$out" | grep -q "0 fetches" || fail "the third run fetched again: $out"
diff -q "$D/tables-a/table2.txt" "$D/tables-b/table2.txt" > /dev/null || fail "the third run changed Table 2"
echo "ok: killed at $n pages, rerun matched the uninterrupted run ($tasks tasks)"
