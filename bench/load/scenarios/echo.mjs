// echo: C websocket clients at R acks/s (see paced-echo.mjs).
import { connectMany } from "../ws-client.mjs";
import { drained } from "../measure.mjs";
import { pacedEcho } from "./paced-echo.mjs";

export async function runEcho(opt) {
  const url = opt("url"), c = Number(opt("c", 50));
  const clients = await connectMany(url, c);
  const r = await pacedEcho(url, clients, { rate: Number(opt("rate", 2000)), duration: Number(opt("duration", 5)), bytes: Number(opt("bytes", 100)) });
  for (const cl of clients) cl.close();
  await drained(url);
  return { scenario: "echo", ...r };
}
