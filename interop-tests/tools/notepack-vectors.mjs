// Golden vectors for SocketIoSharp's notepack codec (src/SocketIo.Adapter.Redis/MessagePack), made by the real
// notepack.io 3.0.1 that @socket.io/redis-adapter 8 uses.
//
//   node interop-tests/tools/notepack-vectors.mjs vectors
//     Prints [{name, hex, value}]: for each named JS value below, notepack.encode(value) as hex and the canonical
//     description of notepack.decode(hex) (what a Node node receives; not always the value itself, e.g. 1e21).
//
//   node interop-tests/tools/notepack-vectors.mjs decode < items.json
//     items.json: [{hex, expect?}]. Prints, per item, {value} (the canonical description of notepack.decode(hex)) or
//     {error}; with `expect` (a JS expression) also {expected, expectedHex}: its description and notepack's encoding.
//
// Canonical description: {t, v} with t one of
//   "int"   an integral number (not -0); v: its exact decimal digits
//   "float" any other number; v: String(n), or "-0"
//   "str"   v: the string;   "bin" a Buffer or ArrayBuffer; v: hex
//   "arr"   v: [descriptions];   "map" v: [[key, description], ...] in Object.keys order
//   "nil" null;   "undef" undefined;   "bool" v: true/false;   "date" v: getTime() as a string, null when invalid
// notepack gives [type, Buffer] for unknown extensions: they are described as the array they are.
import { readFileSync } from "node:fs";
import notepack from "notepack.io";

export function describe(value) {
  if (value === undefined) return { t: "undef" };
  if (value === null) return { t: "nil" };
  switch (typeof value) {
    case "boolean":
      return { t: "bool", v: value };
    case "number":
      if (Number.isInteger(value) && !Object.is(value, -0)) return { t: "int", v: BigInt(value).toString() };
      return { t: "float", v: Object.is(value, -0) ? "-0" : String(value) };
    case "string":
      return { t: "str", v: value };
    default:
      break;
  }
  if (Buffer.isBuffer(value) || value instanceof ArrayBuffer) return { t: "bin", v: Buffer.from(value).toString("hex") };
  if (value instanceof Date) return { t: "date", v: Number.isNaN(value.getTime()) ? null : String(value.getTime()) };
  if (Array.isArray(value)) return { t: "arr", v: value.map(describe) };
  return { t: "map", v: Object.keys(value).map((key) => [key, describe(value[key])]) };
}

const repeat = (n) => "a".repeat(n);
const bytes = (n) => Buffer.from(Array.from({ length: n }, (_, i) => i & 0xff));
const range = (n) => Array.from({ length: n }, (_, i) => i);
const keyed = (n) => Object.fromEntries(range(n).map((i) => [`k${i}`, i]));

// Names are matched by the C# tests (NotepackVectors.cs), which hold the .NET values standing for the same JS values.
const vectors = [
  ["int 0", 0],
  ["int 1", 1],
  ["int 127", 127],
  ["int 128", 128],
  ["int 255", 255],
  ["int 256", 256],
  ["int 65535", 65535],
  ["int 65536", 65536],
  ["int 2^31-1", 2 ** 31 - 1],
  ["int 2^32-1", 2 ** 32 - 1],
  ["int 2^32", 2 ** 32],
  ["int 2^53-1", 2 ** 53 - 1],
  ["int 2^53", 2 ** 53],
  ["int 2^63", 2 ** 63],
  ["int 2^64-2048", 2 ** 64 - 2048],
  ["int -1", -1],
  ["int -32", -32],
  ["int -33", -33],
  ["int -128", -128],
  ["int -129", -129],
  ["int -32768", -32768],
  ["int -32769", -32769],
  ["int -2^31", -(2 ** 31)],
  ["int -2^31-1", -(2 ** 31) - 1],
  ["int -2^32", -(2 ** 32)],
  ["int -2^53", -(2 ** 53)],
  ["int -2^63", -(2 ** 63)],
  ["int 3.0", 3.0],
  ["float -0", -0],
  ["float 0.1", 0.1],
  ["float 1.5", 1.5],
  ["float -1.5", -1.5],
  ["float 0.1+0.2", 0.1 + 0.2],
  ["float 1e-7", 1e-7],
  ["float 123456.789", 123456.789],
  ["float 2^52-0.5", 2 ** 52 - 0.5],
  ["float NaN", NaN],
  ["float Infinity", Infinity],
  ["float -Infinity", -Infinity],
  ["float 5e-324", 5e-324],
  ["float max", Number.MAX_VALUE],
  // notepack wraps integral numbers outside [-2^63, 2^64) modulo 2^64: the C# codec deliberately writes float64.
  ["float 1e21", 1e21],
  ["float 2^64", 2 ** 64],
  ["float -2^64", -(2 ** 64)],
  ["str 0", ""],
  ["str 1", "a"],
  ["str 31", repeat(31)],
  ["str 32", repeat(32)],
  ["str 255", repeat(255)],
  ["str 256", repeat(256)],
  ["str 65535", repeat(65535)],
  ["str 65536", repeat(65536)],
  ["str non-ascii", "héllo wörld €"],
  ["str emoji", "😀"],
  ["str mixed", "a😀é€日本\u0000\u2028"],
  ["str non-ascii long", "é".repeat(40) + "😀".repeat(20)],
  ["bin 0", bytes(0)],
  ["bin 3", bytes(3)],
  ["bin 255", bytes(255)],
  ["bin 256", bytes(256)],
  ["bin 65535", bytes(65535)],
  ["bin 65536", bytes(65536)],
  ["bin Uint8Array", new Uint8Array([1, 2, 3])],
  ["bin ArrayBuffer", new Uint8Array([4, 5]).buffer],
  ["bin Float32Array", new Float32Array([1.5, 300])],
  ["nil", null],
  ["undefined", undefined],
  ["true", true],
  ["false", false],
  ["arr 0", []],
  ["arr 3", [1, "a", null]],
  ["arr 15", range(15)],
  ["arr 16", range(16)],
  ["arr 65535", range(65535)],
  ["arr 65536", range(65536)],
  ["arr nested", [[1, [2, [3, []]]], {}]],
  ["arr undefined", [undefined, null]],
  ["arr ints", [0, 127, 128, 255, 256, 65536, 4294967296, -1, -32, -33, -129, 3.0, -0, 0.1]],
  ["map 0", {}],
  ["map 1", { a: 1 }],
  ["map 15", keyed(15)],
  ["map 16", keyed(16)],
  ["map 65535", keyed(65535)],
  ["map 65536", keyed(65536)],
  ["map undefined members", { a: undefined, b: [undefined, null] }],
  ["map integer keys", { b: 1, 2: 2, a: 3, 1: 4, 10: 5, "01": 6, 4294967295: 7, 4294967294: 8 }],
  ["map non-ascii keys", { "é": 1, "😀": 2, [repeat(40)]: 3 }],
  ["map nested binary", { a: { b: bytes(2), c: [bytes(1), { d: bytes(0) }] }, e: "x" }],
  ["arr nested binary", [bytes(3), [bytes(1)], { a: bytes(2) }]],
  ["Map and Set", [new Map([["a", 1]]), new Set([1])]],
  ["date whole seconds", new Date("2000-06-13T00:00:00.000Z")],
  ["date ms", new Date("2000-06-13T00:00:00.123Z")],
  ["date epoch", new Date(0)],
  ["date 1ms", new Date(1)],
  ["date before epoch -1ms", new Date(-1)],
  ["date 1969-12-31T23:59:59Z", new Date("1969-12-31T23:59:59.000Z")],
  ["date 1900", new Date("1900-01-01T00:00:00.000Z")],
  ["date year 1", new Date("0001-01-01T00:00:00.000Z")],
  ["date 2^32-1 s", new Date((2 ** 32 - 1) * 1000)],
  ["date 2^32 s", new Date(2 ** 32 * 1000)],
  ["date 2^32-1 s + 1ms", new Date((2 ** 32 - 1) * 1000 + 1)],
  ["date 2^34-1 s", new Date((2 ** 34 - 1) * 1000 + 999)],
  ["date 2^34 s", new Date(2 ** 34 * 1000)],
  ["date 9999", new Date("9999-12-31T23:59:59.999Z")],
  ["date in map", { at: new Date("2024-02-29T12:34:56.789Z") }],
  [
    "classic broadcast",
    ["AbC123", { type: 2, data: ["chat", "hi", 1.5, Buffer.from([1, 2])], nsp: "/" }, { rooms: ["lobby"], except: [], flags: {} }],
  ],
  [
    "classic broadcast with flags",
    [
      "AbC123",
      { type: 2, data: ["ev", { n: 1, list: [true, false, null] }], nsp: "/admin" },
      { rooms: ["r1", "r2"], except: ["sid"], flags: { volatile: true, compress: false } },
    ],
  ],
  [
    "classic broadcast request",
    {
      uid: "AbC123",
      requestId: "Xy9-_a",
      type: 7,
      packet: { type: 2, data: ["ping"], nsp: "/" },
      opts: { rooms: [], except: [], flags: { timeout: 1000 } },
    },
  ],
  ["classic broadcast ack response", { type: 9, requestId: "Xy9-_a", packet: "pong" }],
  ["classic client count response", { type: 8, requestId: "Xy9-_a", clientCount: 3 }],
  [
    "sharded broadcast",
    {
      uid: "0123456789abcdef",
      nsp: "/",
      type: 3,
      data: {
        opts: { rooms: ["room"], except: [], flags: {} },
        packet: { type: 2, data: ["bin", Buffer.from([0xff, 0x00])] },
      },
    },
  ],
  [
    "fetch sockets response",
    {
      type: 5,
      requestId: "r1",
      sockets: [
        {
          id: "abcdefghij0123456789",
          handshake: { headers: { host: "localhost" }, time: "Thu Jan 01 2025", address: "::1", xdomain: false, secure: false, issued: 1735689600000, url: "/socket.io/?EIO=4", query: { EIO: "4" }, auth: {} },
          rooms: ["abcdefghij0123456789", "lobby"],
          data: { user: 42 },
        },
      ],
    },
  ],
];

function hexOf(value) {
  return notepack.encode(value).toString("hex");
}

function decodeHex(hex) {
  try {
    return { value: describe(notepack.decode(Buffer.from(hex, "hex"))) };
  } catch (error) {
    return { error: error.message };
  }
}

const mode = process.argv[2];
if (mode === "vectors") {
  const output = vectors.map(([name, value]) => {
    const hex = hexOf(value);
    return { name, hex, value: describe(notepack.decode(Buffer.from(hex, "hex"))) };
  });
  process.stdout.write(JSON.stringify(output));
} else if (mode === "decode") {
  const items = JSON.parse(readFileSync(0, "utf8"));
  const output = items.map((item) => {
    const result = decodeHex(item.hex);
    if (item.expect !== undefined) {
      const expected = new Function(`return (${item.expect});`)();
      result.expected = describe(expected);
      result.expectedHex = hexOf(expected);
    }
    return result;
  });
  process.stdout.write(JSON.stringify(output));
} else {
  process.stderr.write("usage: notepack-vectors.mjs vectors | decode < items.json\n");
  process.exit(2);
}
