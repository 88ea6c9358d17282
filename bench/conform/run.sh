#!/usr/bin/env bash
# Conform benchmark: the conform stage of one night (NIGHT orders, a tenth of them updates of history orders) on
# top of a silver of each history size, to show a night costs what the night brings, not what silver holds.
# Per size: landing drops from make_drops.py, history ingested and conformed once (dt=2026-11-01), the night
# ingested, the lake saved; then the night's conform is run and timed RUNS times, each from the saved lake.
# CPU seconds are printed beside wall time: on a machine shared with other work they vary less.
# Usage: bench/conform/run.sh [NIGHT] [HISTORY...]   (defaults: 100000, then 1000000 10000000)
# Data under bench/conform/out (git-ignored); a size's drops and saved lake are reused when present (delete
# lake-before-night to rebuild the lake, the size's folder to regenerate the drops too).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
night="${1:-100000}"
shift || true
sizes=("${@:-1000000 10000000}")
runs="${RUNS:-2}"
export TRADECREDIT_DRIVER_MEMORY="${TRADECREDIT_DRIVER_MEMORY:-6g}"
bin/tradecredit sql "SELECT 1" >/dev/null 2>&1 || true   # builds the jar outside the measurement

tc() {  # tc <dir> <command...>: bin/tradecredit on the size's landing and lake, log appended to <dir>/bench.log
  local dir="$1"
  shift
  bin/tradecredit "$@" --conf conf/bench.yaml --set paths.landing="$dir/landing" --set paths.lake="$dir/lake" \
    --set paths.exports="$dir/exports" >>"$dir/bench.log" 2>&1 || { tail -20 "$dir/bench.log"; exit 1; }
}

for history in ${sizes[*]}; do
  dir="bench/conform/out/h$history"
  if [ ! -d "$dir/lake-before-night" ]; then
    if [ ! -f "$dir/landing/orders/dt=2026-11-02/_SUCCESS" ]; then
      rm -rf "$dir" && mkdir -p "$dir"
      python3 bench/conform/make_drops.py --out "$dir/landing" --history "$history" --night "$night" \
        --updates $((night / 10)) | tee -a "$dir/bench.log"
    fi
    rm -rf "$dir/lake"
    t0=$(date +%s)
    tc "$dir" ingest --date 2026-11-01
    tc "$dir" conform --date 2026-11-01
    tc "$dir" ingest --date 2026-11-02
    echo "history $history: built in $(( $(date +%s) - t0 )) s" | tee -a "$dir/bench.log"
    cp -r "$dir/lake" "$dir/lake-before-night"
  fi
  for run in $(seq 1 "$runs"); do
    rm -rf "$dir/lake" && cp -r "$dir/lake-before-night" "$dir/lake"
    load=$(cut -d' ' -f1 /proc/loadavg)
    /usr/bin/time -f "%e %U %S" -o "$dir/night.time" bin/tradecredit conform --date 2026-11-02 --conf conf/bench.yaml \
      --set paths.landing="$dir/landing" --set paths.lake="$dir/lake" --set paths.exports="$dir/exports" \
      >"$dir/night.log" 2>&1 || { tail -20 "$dir/night.log"; exit 1; }
    read -r wall user sys <"$dir/night.time"
    orders=$(grep -E "^conform orders +dt=2026-11-02" "$dir/night.log" | sed -E 's/ +/ /g')
    stage=$(grep -oE "^conform done for 2026-11-02 in [0-9.]+ s" "$dir/night.log" | grep -oE "[0-9.]+ s$")
    echo "history $history, night $night, run $run: conform stage $stage; process $wall s wall, CPU $user s user" \
      "+ $sys s sys; load average $load at start | $orders"
    python3 bench/conform/merge_metrics.py "$dir/lake/silver/orders"
  done
done
