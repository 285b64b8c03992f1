// Shared by parser-golden.mjs and parser-decode.mjs: converts JS values to plain JSON that C# can read back exactly.
// Tags: {"$binary": base64} for Buffer/ArrayBuffer/views, {"$number": "-0"|"NaN"|"Infinity"|"-Infinity"},
// {"$utf16": [code units]} for strings with lone surrogates, {"$undefined": true}.

export function tag(value) {
  if (value === undefined) return { $undefined: true };
  if (value === null || typeof value === "boolean") return value;
  if (typeof value === "number") {
    if (Object.is(value, -0)) return { $number: "-0" };
    if (!Number.isFinite(value)) return { $number: String(value) };
    return value;
  }
  if (typeof value === "string") {
    if (value.isWellFormed()) return value;
    const units = [];
    for (let i = 0; i < value.length; i++) units.push(value.charCodeAt(i));
    return { $utf16: units };
  }
  if (value instanceof ArrayBuffer) return { $binary: Buffer.from(value).toString("base64") };
  if (ArrayBuffer.isView(value)) {
    return { $binary: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString("base64") };
  }
  if (Array.isArray(value)) return value.map(tag);
  const result = {};
  for (const key of Object.keys(value)) result[key] = tag(value[key]);
  return result;
}

export function tagPacket(packet) {
  const result = { type: packet.type, nsp: packet.nsp };
  if (packet.id !== undefined) result.id = packet.id;
  if (packet.data !== undefined) result.data = tag(packet.data);
  return result;
}

// Feeds one text message and its attachments to a fresh Decoder; returns the tagged packet or the error message.
export function decodeWith(Decoder, text, attachments) {
  const decoder = new Decoder();
  let decoded = null;
  decoder.on("decoded", (packet) => {
    decoded = packet;
  });
  try {
    decoder.add(text);
    for (const attachment of attachments) decoder.add(attachment);
  } catch (error) {
    return { error: error.message };
  }
  return decoded === null ? { incomplete: true } : tagPacket(decoded);
}
