// Redis drops every subscriber connection (CLIENT KILL TYPE pubsub) while the publishers stay connected and every
// node streams broadcasts to all clients (one every 50 ms per node): the nodes' Redis clients must notice, reconnect
// and subscribe again by themselves (node-redis lost its subscriptions once: socket.io #4845). Asserted: within 2 s of
// the kill a broadcast from each node reaches the clients of every other node again, no node process exits or reports
// an unobserved failure, and no client is disconnected. The restart of Redis itself is fault.test.mjs.

import assert from 'node:assert/strict';

import {
  allStats, eventually, post, redisCommand, useCluster, waitFor, waitForSubscriptions,
} from '../support/cluster.mjs';
import { topologyName } from './operations.mjs';

const INTERVAL_MS = 50;
const RESUME_LIMIT_MS = 2000;

function resubscribeTopology() {
  const wanted = process.env.CLUSTER_TOPOLOGIES;
  if (wanted) return wanted.split(';')[0].split(',').map((x) => x.trim());
  return ['node', 'node', 'dotnet', 'dotnet'];
}

/** The ticks a client got: [{from, seq, at, receivedAt}]. */
function ticks(client, event) {
  return client.log.filter((e) => e.event === event).map((e) => ({ ...e.args[0], receivedAt: e.at }));
}

for (const adapter of ['classic', 'sharded']) {
  const topology = resubscribeTopology();
  describe(`P0 row 27: subscriber connections killed (CLIENT KILL TYPE pubsub), ${adapter} adapter, ${topologyName(topology)}`, function () {
    const state = useCluster({ adapter, topology });

    it('every node subscribes again and hears every other node within 2 s; nobody is disconnected', async function () {
      this.timeout(60_000);
      const { nodes } = state.cluster;
      const clients = state.cluster.clients.filter((x) => x.nsp === '/');
      const event = `resub-${adapter}`;
      const disconnectsBefore = state.cluster.clients.map((x) => x.disconnects.length);

      await Promise.all(nodes.map((n) => post(n.url, 'startStream', { nsp: '/', event, intervalMs: INTERVAL_MS })));
      try {
        await Promise.all(clients.map((client) => waitFor(
          client,
          (x) => nodes.every((n) => ticks(x, event).some((t) => t.from === n.name)),
          { what: 'ticks from every node before the kill' },
        )));

        const killedAt = Date.now();
        const killed = Number(await redisCommand(state.cluster, ['CLIENT', 'KILL', 'TYPE', 'pubsub']));
        assert.ok(killed >= nodes.length, `only ${killed} subscriber connection(s) killed for ${nodes.length} nodes`);

        const resumeAt = {};
        const problems = [];
        const resumed = await Promise.allSettled(clients.map((client) => waitFor(client, (x) => {
          for (const n of nodes) {
            if (n.index === x.node) continue;
            const first = ticks(x, event).find((t) => t.from === n.name && t.at >= killedAt);
            if (!first) return false;
            const key = `${n.name} -> ${x.nodeName}`;
            resumeAt[key] = Math.max(resumeAt[key] ?? 0, first.receivedAt - killedAt);
          }
          return true;
        }, { what: 'ticks from every other node after the kill', timeoutMs: 20_000 })));
        for (const r of resumed) if (r.status === 'rejected') problems.push(r.reason.message);
        console.log(`      ${killed} subscriber connections killed; first cross-node tick after (ms): ${JSON.stringify(resumeAt)}`);

        for (const [pair, ms] of Object.entries(resumeAt)) {
          if (ms > RESUME_LIMIT_MS) problems.push(`${pair}: first tick ${ms} ms after the kill (limit ${RESUME_LIMIT_MS} ms)`);
        }
        for (const n of nodes) {
          if (n.handle.child.exitCode !== null || n.handle.child.signalCode !== null) {
            problems.push(`${n.name} exited (code ${n.handle.child.exitCode}, signal ${n.handle.child.signalCode})`);
          }
        }
        for (const s of await allStats(state.cluster)) {
          if (s.lang === 'dotnet' && s.unobservedTaskExceptions !== 0) {
            problems.push(`${s.name}: ${s.unobservedTaskExceptions} unobserved task exception(s), last: ${s.lastUnobservedTaskException}`);
          }
        }
        state.cluster.clients.forEach((x, i) => {
          if (x.disconnects.length !== disconnectsBefore[i] || !x.socket.connected) {
            problems.push(`${x.name} was disconnected: ${JSON.stringify(x.disconnects)}`);
          }
        });
        try {
          await waitForSubscriptions(state.cluster);
          await eventually(async () => {
            const counts = await Promise.all(nodes.map((n) => post(n.url, 'serverCount', { nsp: '/' })));
            return counts.every((x) => x.count === nodes.length);
          }, { what: 'serverCount back to the number of nodes' });
        } catch (err) {
          problems.push(err.message);
        }

        assert.deepEqual(problems, []);
      } finally {
        await Promise.all(nodes.map((n) => post(n.url, 'stopStream', {})));
      }
    });
  });
}
