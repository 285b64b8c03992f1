#!/usr/bin/env bash
# Runs the Cluster sample: redis-server, two SocketIoSharp Chat nodes, the Node.js chat node and nginx on
# http://127.0.0.1:8080 (sticky sessions, see nginx.conf.template). Ctrl-C stops them all. See README.md.
# Needs: a Release build of samples/Chat, npm ci at the repository root, redis-server and nginx on the PATH.
set -euo pipefail
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.."
REDIS_PORT=${REDIS_PORT:-6399}; P1=${P1:-5101}; P2=${P2:-5102}; P3=${P3:-5103}; LISTEN=${LISTEN:-127.0.0.1:8080}
DIR=$(mktemp -d "${TMPDIR:-/tmp}/cluster-sample.XXXXXX")
PIDS=()
stop() { set +e; for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null; done; wait; rm -rf "$DIR"; }
trap stop EXIT
trap 'exit 130' INT TERM
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no & PIDS+=($!)
for p in "$P1" "$P2"; do
  dotnet samples/Chat/bin/Release/net10.0/Chat.dll --urls "http://127.0.0.1:$p" --redis "redis://127.0.0.1:$REDIS_PORT" --node-name "dotnet-$p" & PIDS+=($!)
done
node samples/Cluster/node-node.mjs --port "$P3" --redis "redis://127.0.0.1:$REDIS_PORT" --name "node-js-$P3" & PIDS+=($!)
node samples/Cluster/nginx-conf.mjs "$DIR" "$LISTEN" "127.0.0.1:$P1,127.0.0.1:$P2,127.0.0.1:$P3" "127.0.0.1:$P1,127.0.0.1:$P2" >/dev/null
nginx -p "$DIR/" -c "$DIR/nginx.conf" -e stderr -g 'daemon off;' & PIDS+=($!)
echo "Cluster up: http://$LISTEN/ (access log: $DIR/access.log). Ctrl-C stops everything."
wait -n
