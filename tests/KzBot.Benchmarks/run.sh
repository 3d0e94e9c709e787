#!/usr/bin/env bash
# The scale benchmark behind README's table: indexing throughput, latency at 1×/10×/~150,000 chunks, memory,
# host start-up. Takes 20–30 minutes on 2 cores (embedding the 1,557 articles dominates). Results also go to
# $WORK/results.md.
# Usage: tests/KzBot.Benchmarks/run.sh PATH/TO/bbc-news/train.csv [run options...]
#        tests/KzBot.Benchmarks/run.sh --help
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ $# -eq 0 ]; then
  sed -n '5,6p' "$0" | sed 's/^# *//' >&2
  exit 2
fi
WORK=${WORK:-/tmp/kzbot-bench}
dotnet build -c Release tests/KzBot.Benchmarks
bench=tests/KzBot.Benchmarks/bin/Release/net10.0/KzBot.Benchmarks.dll
case "$1" in
  -h|--help) dotnet "$bench" --help ;;
  *) csv=$1; shift; dotnet "$bench" run --csv "$csv" --work "$WORK" "$@" ;;
esac
