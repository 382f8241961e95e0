#!/usr/bin/env bash
# Runs the end-to-end throughput harness and pastes the table it writes into README.md's "Performance" section
# (between <!-- perf:begin --> and <!-- perf:end -->), so the README never carries hand-typed numbers.
# usage: bash bench/update-readme.sh [harness options]   e.g. --messages 20000 --listener 'k2hr3-osnl -c {conf}'
# Default: --messages 20000. Nothing is changed when a run is invalid (the harness exits non-zero).
set -euo pipefail
cd "$(dirname "$0")/.."

readme=README.md
table=bench/throughput.md
grep -q '^<!-- perf:begin -->$' "$readme" && grep -q '^<!-- perf:end -->$' "$readme" \
  || { echo "$readme has no <!-- perf:begin --> / <!-- perf:end --> lines" >&2; exit 1; }

[ $# -gt 0 ] || set -- --messages 20000
dotnet run -c Release --project bench/K2hr3.Throughput -- "$@" --markdown "$table"

awk -v table="$table" '
  /^<!-- perf:begin -->$/ { print; while ((getline line < table) > 0) print line; skipping = 1; next }
  /^<!-- perf:end -->$/   { skipping = 0 }
  !skipping               { print }
' "$readme" > "$readme.tmp"
mv "$readme.tmp" "$readme"
echo "updated the Performance section of $readme from $table"
