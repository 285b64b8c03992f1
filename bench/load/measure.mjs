// What every scenario measures with: the server's /stats, its CPU from /proc, this process's CPU, percentiles.
import { readFileSync } from "node:fs";
import { execSync } from "node:child_process";

const CLK_TCK = Number(execSync("getconf CLK_TCK").toString().trim()) || 100;

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** GET /stats of a bench server: {pid, rss, clients}. */
export async function stats(url) { return (await fetch(`${url}/stats`)).json(); }

/** Server CPU (user+system) in µs from /proc/<pid>/stat fields 14 and 15; summed over several pids. */
export function serverCpuUs(pids) {
  let total = 0;
  for (const pid of [].concat(pids)) {
    const s = readFileSync(`/proc/${pid}/stat`, "utf8");
    const f = s.slice(s.lastIndexOf(")") + 2).split(" "); // f[0] is field 3 (state)
    total += ((Number(f[11]) + Number(f[12])) * 1e6) / CLK_TCK;
  }
  return total;
}

export function selfCpuUs() { const u = process.cpuUsage(); return u.user + u.system; }

export function pct(sorted, p) { return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN; }

/** Waits until every server reports no clients (the previous run's sockets are gone), at most `ms`. */
export async function drained(urls, ms = 30_000) {
  const end = Date.now() + ms;
  for (const url of [].concat(urls)) {
    while ((await stats(url)).clients !== 0) { if (Date.now() > end) return false; await sleep(100); }
  }
  return true;
}

/** A deterministic byte pattern of `bytes` bytes, so a receiver can check content, not just length. */
export function binaryPayload(bytes) {
  const b = Buffer.allocUnsafe(bytes);
  for (let i = 0; i < bytes; i++) b[i] = (i * 31 + 7) & 0xff;
  return b;
}

/** A small seeded PRNG (mulberry32): the same "random" rooms on both servers. */
export function seeded(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
