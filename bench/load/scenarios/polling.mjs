// polling: C clients on HTTP long-polling only (transport=polling, never upgraded) doing echo at R acks/s (see
// paced-echo.mjs), over raw HTTP with one keep-alive agent.
import { Agent } from "node:http";
import { PollingClient } from "../polling-client.mjs";
import { drained } from "../measure.mjs";
import { pacedEcho } from "./paced-echo.mjs";

export async function runPolling(opt) {
  const url = opt("url"), c = Number(opt("c", 50));
  const agent = new Agent({ keepAlive: true, maxSockets: Infinity });
  const clients = [];
  for (let i = 0; i < c; i += 50) {
    clients.push(...(await Promise.all(Array.from({ length: Math.min(50, c - i) }, () => new PollingClient(url, agent).connect()))));
  }
  const r = await pacedEcho(url, clients, { rate: Number(opt("rate", 1000)), duration: Number(opt("duration", 5)), bytes: Number(opt("bytes", 100)) });
  await Promise.all(clients.map((cl) => cl.close()));
  await drained(url);
  agent.destroy();
  return { scenario: "polling", ...r };
}
