// Which cluster topologies the cluster suites run. The Node-only one is the reference: it validates the harness
// against @socket.io/redis-adapter itself. CLUSTER_TOPOLOGIES (e.g. "node,node,node;node,dotnet,dotnet") narrows it.

const ALL = [
  ['node', 'node', 'node'],
  ['node', 'dotnet', 'dotnet'],
  ['node', 'node', 'dotnet'],
];

export function topologies({ mixedOnly = false } = {}) {
  const wanted = process.env.CLUSTER_TOPOLOGIES;
  let list = wanted
    ? wanted.split(';').map((t) => t.split(',').map((x) => x.trim()))
    : ALL;
  if (mixedOnly && !wanted) list = list.filter((t) => t.includes('dotnet'));
  return list;
}
