#!/usr/bin/env bash
# Import speed: tradedig's customs import (validated, GBK-capable, all-or-nothing) on a generated
# 1,000,000-row customs CSV, and in the same run two peers on the same file: the sqlite3 shell's
# .import (no validation, all columns as text) and pandas read_csv + to_sql (what many research
# assistants write). Usage: bench/run_import_bench.sh [BUILD_DIR]
set -euo pipefail
BUILD=${1:-build}
cd "$(dirname "$0")/.."
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem/{print $2}') GiB"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
"$BUILD/bench/bench_import" --benchmark_repetitions=3 --benchmark_report_aggregates_only=true 2>&1 | grep -E "Benchmark|BM_"
CSV=$(ls -1 "${TMPDIR:-/tmp}"/tradedig-bench/customs_1000000_utf8.csv)
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
t0=$(date +%s.%N)
sqlite3 "$W/peer.db" ".mode csv" ".import $CSV customs" >/dev/null
t1=$(date +%s.%N)
echo "sqlite3 .import: $(echo "$t1 - $t0" | bc) s for 1,000,000 rows ($(echo "1000000 / ($t1 - $t0)" | bc) rows/s)"
if /usr/bin/python3 -c "import pandas" 2>/dev/null; then
  /usr/bin/python3 - "$CSV" "$W/pandas.db" <<'PY'
import sys, time, sqlite3, pandas as pd
t = time.time()
df = pd.read_csv(sys.argv[1], dtype={"企业编码": str, "商品编码": str})
con = sqlite3.connect(sys.argv[2])
df.to_sql("customs", con, index=False, chunksize=100000)
con.commit()
dt = time.time() - t
print(f"pandas read_csv + to_sql: {dt:.2f} s for {len(df):,} rows ({len(df)/dt:,.0f} rows/s)")
PY
fi
