// Sharded Redis adapter (SPUBLISH / SSUBSCRIBE, createShardedAdapter) across Node.js and .NET nodes: every operation
// in the default "dynamic" subscription mode, broadcasts and rooms in "static" and "dynamic-private".

import { useCluster } from '../support/cluster.mjs';
import { defineOperationTests, topologyName } from './operations.mjs';
import { topologies } from './topologies.mjs';

for (const topology of topologies()) {
  describe(`P0 row 24: Redis cluster, sharded adapter (dynamic), ${topologyName(topology)}`, function () {
    const state = useCluster({ adapter: 'sharded', subscriptionMode: 'dynamic', topology });
    defineOperationTests(state, { adapter: 'sharded', topology });
  });
}

for (const subscriptionMode of ['static', 'dynamic-private']) {
  for (const topology of topologies({ mixedOnly: true })) {
    describe(`P0 row 24: Redis cluster, sharded adapter (${subscriptionMode}), ${topologyName(topology)}`, function () {
      const state = useCluster({ adapter: 'sharded', subscriptionMode, topology });
      defineOperationTests(state, { adapter: 'sharded', topology, scope: 'broadcast' });
    });
  }
}
