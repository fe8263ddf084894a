#!/usr/bin/env bash
# The tool as a user meets it: exit codes (0 ok, 1 user error, 2 internal), one-line reasons, --help.
set -u
T=$1
ROOT=$2
source "$ROOT/tests/fixtures/cli/expect.sh"
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
cd "$W"
expect 0 "tradedig 0" -- "$T" --version
expect 0 "import" -- "$T" --help
expect 0 "Example" -- "$T" import --help
expect 0 "Example" -- "$T" export --help
expect 1 "Run with --help" -- "$T" frobnicate
expect 1 "no store at" -- "$T" --db missing.db sql "SELECT 1"
expect 0 "created store" -- "$T" --db s.db init
expect 0 "up to date" -- "$T" --db s.db init
expect 0 "4136 landed" -- "$T" --db s.db import firms "$ROOT/sample/firms_astock_2021.csv"
expect 0 "already imported" -- "$T" --db s.db import firms "$ROOT/sample/firms_astock_2021.csv"
expect 1 "firms_bad.csv:3: column name_zh" -- "$T" --db s.db import firms "$ROOT/tests/fixtures/db/firms_bad.csv"
expect 0 "2 landed, 3 rejected" -- "$T" --db s.db import firms "$ROOT/tests/fixtures/db/firms_bad.csv" --rejects rej.csv
[ "$(wc -l < rej.csv)" = 4 ] || fail "rejects file should have a header and 3 rows"
expect 1 "SQL error" -- "$T" --db s.db sql "SELEC 1"
expect 0 "(1 row)" -- "$T" --db s.db sql "SELECT count(*) AS n FROM firms WHERE province = '浙江'"
expect 0 "wrote 4138 rows" -- "$T" --db s.db export firms --format dta --out firms.dta
expect 1 "no table or view named" -- "$T" --db s.db export nope --out x.csv
expect 1 "unknown export format" -- "$T" --db s.db export firms --format xlsx --out x.xlsx
# A file that is not a store is a user error naming the file.
echo "not a database at all, just text padding it out......................................" > junk.db
expect 1 "junk.db" -- "$T" --db junk.db sql "SELECT 1"
# CSV output of sql is machine-readable.
n=$("$T" --db s.db sql --csv "SELECT firm_id FROM firms" | wc -l)
[ "$n" = 4139 ] || fail "sql --csv printed $n lines, expected 4139"
echo "ok"
