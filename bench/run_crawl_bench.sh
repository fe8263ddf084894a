#!/usr/bin/env bash
# Crawl benchmark (issue 3): tradedig vs Scrapy on the replay server, and the 1M-task frontier RSS.
#
#   bench/run_crawl_bench.sh [BUILD_DIR] [extra bench_crawl options...]
#
# Builds bench_crawl in BUILD_DIR (default build-sched) with -j1, then runs, at nice -n -19 when
# allowed (other people compile on the same cores):
#   1. throughput: 20,000 pages of ~100 KB, concurrency 64, politeness off, tradedig then Scrapy
#      (Debian python3-scrapy via /usr/bin/python3, bench/scrapy_peer/bench_spider.py);
#   2. frontier: 1,000,000 tasks planned, a crawl leasing from them, under /usr/bin/time -v.
# Prints the machine, a table per part, and the ratios.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-$root/build-sched}"
shift || true
if [[ ! -f "$build/build.ninja" ]]; then
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTRADEDIG_SKIP_MODULES="matcher" > /dev/null
fi
ninja -C "$build" -j1 bench_crawl > /dev/null
bench="$build/bench/bench_crawl"

if ! /usr/bin/python3 -c 'import scrapy' 2> /dev/null; then
  echo "python3-scrapy missing: apt-get install -y python3-scrapy (Scrapy is then skipped)" >&2
fi
nice_cmd=(nice -n -19)
if ! nice -n -19 true 2> /dev/null || [[ "$(nice -n -19 nice 2> /dev/null)" != "-19" ]]; then
  echo "note: cannot raise priority (nice -n -19 needs root); running at normal priority" >&2
  nice_cmd=()
fi

echo "== machine"
echo "date:  $(date -u +%Y-%m-%dT%H:%MZ)"
echo "nproc: $(nproc)"
echo "cpu:   $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
free -h | sed 's/^/       /'
echo "load:  $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min, before the run)"
echo "scrapy: $(/usr/bin/python3 -c 'import scrapy, twisted; print(scrapy.__version__, "twisted", twisted.__version__)' 2> /dev/null || echo missing)"
echo "priority: ${nice_cmd[*]:-normal}"
echo

echo "== throughput: ${nice_cmd[*]} $bench --mode throughput $*"
"${nice_cmd[@]}" "$bench" --mode throughput "$@"
echo

echo "== frontier: ${nice_cmd[*]} /usr/bin/time -v $bench --mode frontier --frontier 1000000"
tmp="$(mktemp)"
"${nice_cmd[@]}" /usr/bin/time -v -o "$tmp" "$bench" --mode frontier --frontier 1000000 "$@"
grep -E 'Maximum resident|Elapsed|User time|System time' "$tmp" | sed 's/^\s*/  time -v: /'
rm -f "$tmp"
