// Classic Redis adapter (PUBLISH / PSUBSCRIBE, createAdapter) across Node.js and .NET nodes.

import { useCluster } from '../support/cluster.mjs';
import { defineOperationTests, topologyName } from './operations.mjs';
import { topologies } from './topologies.mjs';

for (const topology of topologies()) {
  describe(`P0 row 24: Redis cluster, classic adapter, ${topologyName(topology)}`, function () {
    const state = useCluster({ adapter: 'classic', topology });
    defineOperationTests(state, { adapter: 'classic', topology });
  });
}
