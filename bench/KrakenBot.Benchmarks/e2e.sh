#!/usr/bin/env bash
# End-to-end socket benchmark, one command: KrakenBot's client and ccxt's against the same loopback server.
#   bench/KrakenBot.Benchmarks/e2e.sh [e2e options, e.g. --runs 3 --frames-per-write 64]
# Generates the seed-42 stream (200,000 updates, depth 1000) with the committed generator, installs ccxt (pinned in
# EndToEnd/ccxt/package.json) into EndToEnd/ccxt/node_modules (not committed), builds Release and runs `e2e`.
# UPDATES=N changes the stream length; the stream is cached in EndToEnd/out/ (not committed).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
updates="${UPDATES:-200000}"
out="$here/EndToEnd/out"
stream="$out/book-v2-seed42-$updates.jsonl"
mkdir -p "$out"

if [ ! -s "$stream" ]; then
  node "$here/EndToEnd/book-stream-gen.js" --updates "$updates" --seed 42 --depth 1000 --out "$stream.tmp" >/dev/null
  mv "$stream.tmp" "$stream"
fi
if [ ! -d "$here/EndToEnd/ccxt/node_modules/ccxt" ]; then
  (cd "$here/EndToEnd/ccxt" && npm install --no-audit --no-fund --no-package-lock --loglevel=error >/dev/null)
fi
dotnet build "$here/KrakenBot.Benchmarks.csproj" -c Release -v q -nologo >/dev/null
cd "$repo"
exec "$here/bin/Release/net10.0/KrakenBot.Benchmarks" e2e --file "$stream" --ccxt-dir "$here/EndToEnd/ccxt" "$@"
