#!/usr/bin/env bash
# Profile benchmark: bench/profile/run.sh [COMPANIES] [DAYS] [OUT]        e.g. bench/profile/run.sh 100000 30
# Generates a world of COMPANIES companies and DAYS days of trade in two deliveries (`tradecredit generate`), runs
# the nightly of both delivery dates (two published dates, so every profile has a history; NIGHTS=1 runs only the
# first), then measures, each under GNU time:
#   profile --all           every published company's HTML profile of the latest date (one read, a thread per core)
#   profile --companies     200 of them with their PDFs (one Chromium, a page per thread), for the rate of PDFs
#   verify                  one profile against the lake
# and prints the figures as Markdown table rows. Data under OUT (default /tmp/tradecredit-bench-profile); delete it
# after. The driver heap is bin/tradecredit's, TRADECREDIT_DRIVER_MEMORY (default 4g). REUSE=1 keeps the world and
# lake a previous run left under OUT and only measures.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
companies="${1:-100000}"
days="${2:-30}"
out="${3:-/tmp/tradecredit-bench-profile}/c${companies}-d${days}"
nights="${NIGHTS:-2}"
bin/tradecredit sql "SELECT 1" >/dev/null 2>&1 || true   # builds the jar outside the measurement
lake=(--conf conf/bench.yaml --set paths.landing="$out/world/landing" --set paths.lake="$out/lake"
  --set paths.exports="$out/exports")

if [ "${REUSE:-0}" != 1 ]; then
  rm -rf "$out"
  mkdir -p "$out"
  echo "== generate $companies companies, $days days -> $out/world"
  bin/tradecredit generate --companies "$companies" --days "$days" --seed 1 --drops 2 --out "$out/world" \
    --conf conf/bench.yaml 2>&1 | grep -v ' WARN ' | tail -1
  for night in $(ls "$out/world/landing/orders" | sed -n 's/^dt=//p' | sort | head -"$nights"); do
    echo "== nightly $night"
    bin/tradecredit nightly --date "$night" "${lake[@]}" > "$out/nightly-$night.log" 2>&1 \
      || { tail -20 "$out/nightly-$night.log"; exit 1; }
    grep -E '^== nightly .* done' "$out/nightly-$night.log" || true
  done
fi
rm -rf "$out/profiles" "$out/profiles-pdf"

measure() {  # name, then the command: GNU time's wall clock and peak RSS next to the command's own last line
  local name="$1"; shift
  /usr/bin/time -v -o "$out/$name.time" "$@" > "$out/$name.log" 2>&1 || { tail -20 "$out/$name.log"; exit 1; }
  grep -v ' WARN ' "$out/$name.log" | tail -2
  grep -E 'Elapsed|Maximum resident' "$out/$name.time" | sed 's/^\s*/   /'
}

echo "== profile --all"
measure profile-all bin/tradecredit profile --all --out "$out/profiles" "${lake[@]}"
html=$(find "$out/profiles" -name '*.html' | wc -l)
echo "   $html HTML files, $(du -sh --apparent-size "$out/profiles" | cut -f1) apparent, $(du -sh "$out/profiles" | cut -f1) on disk"

echo "== profile --companies (200, with PDFs)"
sed -n '2,201p' "$out/profiles/profiles.csv" | cut -d, -f1 > "$out/companies-200.txt"
measure profile-pdf bin/tradecredit profile --companies "$out/companies-200.txt" --pdf --out "$out/profiles-pdf" \
  "${lake[@]}"
echo "   $(find "$out/profiles-pdf" -name '*.pdf' | wc -l) PDFs, $(du -sh --apparent-size "$out/profiles-pdf" | cut -f1)"

echo "== verify"
measure verify bin/tradecredit verify "$(find "$out/profiles" -name '*.html' | sort | head -1000 | tail -1)" "${lake[@]}"
