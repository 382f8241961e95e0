#!/usr/bin/env bash
# Runs the end-to-end throughput harness and pastes the tables it writes into README.md's "Performance" section
# (between <!-- perf:begin --> and <!-- perf:end -->), so the README never carries hand-typed numbers.
# Two runs: the listener as it usually is (running for a while: the harness's default warm-up), then a cold start
# (--warmup 0: the first notifications after the process starts, JIT tiering included).
# usage: bash bench/update-readme.sh [harness options]   e.g. --messages 20000 --listener 'k2hr3-osnl -c {conf}'
# Default: --messages 20000. With --warmup among the options only that run is made. Nothing is changed when a run
# is invalid (the harness exits non-zero).
set -euo pipefail
cd "$(dirname "$0")/.."

readme=README.md
warm=bench/throughput.md
cold=bench/throughput-cold.md
grep -q '^<!-- perf:begin -->$' "$readme" && grep -q '^<!-- perf:end -->$' "$readme" \
  || { echo "$readme has no <!-- perf:begin --> / <!-- perf:end --> lines" >&2; exit 1; }

[ $# -gt 0 ] || set -- --messages 20000
dotnet build -c Release bench/K2hr3.Throughput -v q -nologo >/dev/null
run() { dotnet run -c Release --no-build --project bench/K2hr3.Throughput -- "$@"; }

section=$(mktemp)
trap 'rm -f "$section"' EXIT
if printf '%s\n' "$@" | grep -q '^--warmup'; then
  run "$@" --markdown "$warm"
  cat "$warm" > "$section"
else
  run "$@" --markdown "$warm"
  run "$@" --warmup 0 --markdown "$cold"
  {
    echo "**A listener that has been running** (the usual case: a burst of deletions reaches a long-lived process):"
    echo
    cat "$warm"
    echo
    echo "**A cold start** (\`--warmup 0\`: the first notifications after the process starts, JIT tiering included):"
    echo
    cat "$cold"
  } > "$section"
fi

awk -v table="$section" '
  /^<!-- perf:begin -->$/ { print; while ((getline line < table) > 0) print line; skipping = 1; next }
  /^<!-- perf:end -->$/   { skipping = 0 }
  !skipping               { print }
' "$readme" > "$readme.tmp"
mv "$readme.tmp" "$readme"
echo "updated the Performance section of $readme"
