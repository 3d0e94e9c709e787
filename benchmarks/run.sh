#!/usr/bin/env bash
# The scale benchmark behind README's table: indexing throughput, latency at 1×/10×/~150,000 chunks, memory,
# host start-up. Takes 20–30 minutes on 2 cores (embedding the 1,557 articles dominates). Results also go to
# $WORK/results.md.
set -euo pipefail
cd "$(dirname "$0")/.."
CSV=${CSV:-../shared/data/bbc-news/train.csv}
WORK=${WORK:-/tmp/kzbot-bench}
dotnet build -c Release benchmarks/KzBot.Benchmarks
dotnet benchmarks/KzBot.Benchmarks/bin/Release/net10.0/KzBot.Benchmarks.dll run --csv "$CSV" --work "$WORK" "$@"
