#!/usr/bin/env bash
# Refits the answer gate on the dev halves of the question sets (never the test halves) and writes
# src/KzBot.Core/Retrieval/gate-model.json. Run from the repository root after `dotnet build`.
set -euo pipefail
cd "$(dirname "$0")/../../../.."
work=${GATE_WORK:-$(mktemp -d)}
mkdir -p "$work"
kzbot() { dotnet src/KzBot/bin/Debug/net10.0/KzBot.dll "$@"; }
for set in questions chat.dev neartopic.dev; do
  kzbot eval "tests/eval/$set.jsonl" --features --data "$work/seed" --sources seeds --Retrieval:Embeddings=None | grep -v '^Reload\|^Added' > "$work/$set.tsv"
done
kzbot eval tests/eval/bbc.dev.jsonl --features --data "$work/bbc" --sources tests/eval/bbc-sources --Retrieval:Embeddings=None | grep -v '^Reload\|^Added' > "$work/bbc.dev.tsv"
python3 src/KzBot.Core/Retrieval/Gate/fit.py src/KzBot.Core/Retrieval/gate-model.json "$work"/*.tsv
