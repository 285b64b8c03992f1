// Binary values inside the JSON of the cluster nodes' control API: a Buffer (or
// ArrayBuffer / typed array) travels as {"$bin": "<base64>"}; everything else is
// plain JSON. interop-tests/ClusterNode (C#) reads and writes the same form.

/** Turns Buffers (at any depth) into {$bin}; Sets become arrays, Dates their ISO string (as JSON.stringify would). */
export function toBinJson(value) {
  if (value === undefined || value === null) return null;
  if (Buffer.isBuffer(value)) return { $bin: value.toString('base64') };
  if (value instanceof ArrayBuffer) return { $bin: Buffer.from(value).toString('base64') };
  if (ArrayBuffer.isView(value)) {
    return { $bin: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64') };
  }
  if (value instanceof Set) return [...value].map(toBinJson);
  if (value instanceof Date) return value.toJSON();
  if (Array.isArray(value)) return value.map(toBinJson);
  if (typeof value === 'object') {
    const out = {};
    for (const [k, v] of Object.entries(value)) {
      if (v !== undefined && typeof v !== 'function') out[k] = toBinJson(v);
    }
    return out;
  }
  return value;
}

/** The inverse of toBinJson: {$bin} objects become Buffers. */
export function fromBinJson(value) {
  if (Array.isArray(value)) return value.map(fromBinJson);
  if (value && typeof value === 'object') {
    const keys = Object.keys(value);
    if (keys.length === 1 && keys[0] === '$bin' && typeof value.$bin === 'string') return Buffer.from(value.$bin, 'base64');
    const out = {};
    for (const k of keys) out[k] = fromBinJson(value[k]);
    return out;
  }
  return value;
}
