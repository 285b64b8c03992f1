#!/usr/bin/env node
// Load generator for issue 6: Engine.IO v4 / Socket.IO v5 over raw `ws` or raw HTTP long-polling (no
// socket.io-client). Prints one JSON object (with --json) or a readable summary. See bench/README.md.
// usage: node bench/load/load.mjs <scenario> --url http://127.0.0.1:3000[,http://127.0.0.1:3001] [options]
//   connect   --n 1000 [--procs ceil(n/5000)] [--settle-ms 2000]
//   echo      --c 50 --rate 2000 --duration 5 [--bytes 100]
//   polling   --c 50 --rate 1000 --duration 5 [--bytes 100]
//   fanout    --n 200 --m 500 --bytes 100 [--binary] [--window 4] [--procs 2]   (several URLs: Redis cluster nodes)
//   rooms     --clients 200 --per-client 50 [--batch 10] --m 2000 [--window 16] [--bytes 100]
import { runConnect } from "./scenarios/connect.mjs";
import { runEcho } from "./scenarios/echo.mjs";
import { runPolling } from "./scenarios/polling.mjs";
import { runFanout } from "./scenarios/fanout.mjs";
import { runRooms } from "./scenarios/rooms.mjs";

const argv = process.argv.slice(2);
const scenario = argv[0];
const opt = (name, def) => { const i = argv.indexOf(`--${name}`); return i < 0 ? def : argv[i + 1]; };
opt.flag = (name) => argv.includes(`--${name}`);
if (opt("url") === undefined) argv.push("--url", "http://127.0.0.1:3000");

const runners = { connect: runConnect, echo: runEcho, polling: runPolling, fanout: runFanout, rooms: runRooms };
if (!runners[scenario]) { console.error(`unknown scenario ${scenario}; one of ${Object.keys(runners).join(", ")}`); process.exit(2); }
const result = await runners[scenario](opt);
console.log(argv.includes("--json") ? JSON.stringify(result) : result);
process.exit(0);
