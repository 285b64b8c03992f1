#!/usr/bin/env bash
# What an idle connection costs in the .NET bench server: holds N idle WebSocket clients (after 1,000 that came and
# went, as the connect scenario does) and prints the RSS per connection and the live heap by type per connection
# (bench/HeapCensus, ClrMD). usage: bench/census.sh [N=5000] [--no-build]; STRINGS=1 lists repeated strings.
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-5000}"
if [[ " $* " != *" --no-build "* ]]; then
  dotnet build -c Release --nologo -v q bench/SocketIo.Bench.Server
  dotnet build -c Release --nologo -v q bench/HeapCensus
fi
ulimit -n 20000 2>/dev/null || ulimit -n "$(ulimit -Hn)"
port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
work=$(mktemp -d)
PORT=$port DOTNET_gcServer=0 dotnet bench/SocketIo.Bench.Server/bin/Release/net10.0/SocketIo.Bench.Server.dll > "$work/server.log" 2>&1 &
server=$!
holder=""
cleanup() { touch "$work/stop" "$work/warm-stop"; [ -n "$holder" ] && wait "$holder" 2>/dev/null; kill "$server" 2>/dev/null; wait "$server" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/stats" > /dev/null && break; sleep 0.1; done
rss() { awk '/VmRSS/ {print $2}' "/proc/$server/status"; }

node bench/load/hold.mjs "http://127.0.0.1:$port" 1000 "$work/warm-stop" > "$work/warm.log" & holder=$!
until grep -q connected "$work/warm.log"; do sleep 0.2; done
touch "$work/warm-stop"; wait "$holder"; holder=""
until curl -sf "http://127.0.0.1:$port/stats" | grep -q '"clients":0'; do sleep 0.2; done
sleep 2; before=$(rss)

node bench/load/hold.mjs "http://127.0.0.1:$port" "$n" "$work/stop" > "$work/hold.log" & holder=$!
until grep -q connected "$work/hold.log"; do sleep 0.2; done
sleep 2; after=$(rss)
echo "RSS ${before} KB -> ${after} KB: $(( (after - before) * 1024 / n )) B per connection ($n idle)"
dotnet bench/HeapCensus/bin/Release/net10.0/HeapCensus.dll "$server" "$n" "${TOP:-60}"
