// Generates tests/SocketIo.Server.Tests/Parsing/golden/socket.io-parser.json with the real npm socket.io-parser:
// for each packet, the input values, the encoded text and attachments, and what Decoder makes of them; plus texts
// decoded as-is (accepted or rejected). Run from the repository root: node interop-tests/tools/parser-golden.mjs
import { writeFileSync, readFileSync } from "node:fs";
import { Encoder, Decoder } from "socket.io-parser";
import { tag, tagPacket, decodeWith } from "./tagged-values.mjs";

// The package's "exports" hide package.json, so read it from where npm put it.
const parserVersion = JSON.parse(
  readFileSync(new URL("../../node_modules/socket.io-parser/package.json", import.meta.url), "utf8"),
).version;
const buf = (...bytes) => Buffer.from(bytes);

// Factories, because Encoder.encode rewrites the packet it is given.
const packets = {
  "connect to main namespace": () => ({ type: 0, nsp: "/" }),
  "connect with auth": () => ({ type: 0, nsp: "/", data: { token: "123" } }),
  "connect to custom namespace": () => ({ type: 0, nsp: "/custom" }),
  "connect to custom namespace with auth": () => ({ type: 0, nsp: "/admin", data: { token: "abc" } }),
  "connect accepted with sid and pid": () => ({ type: 0, nsp: "/", data: { sid: "wZX3oN0bSVIhsaknAAAI", pid: "p-1_x" } }),
  "connect to unicode namespace": () => ({ type: 0, nsp: "/ünïcödé-€😀" }),
  "disconnect": () => ({ type: 1, nsp: "/" }),
  "disconnect from namespace": () => ({ type: 1, nsp: "/admin" }),
  "connect error object": () => ({ type: 4, nsp: "/random", data: { message: "Invalid namespace" } }),
  "connect error with data": () => ({ type: 4, nsp: "/", data: { message: "not authorized", data: { code: 401, retry: false } } }),
  "connect error string": () => ({ type: 4, nsp: "/", data: "legacy error" }),
  "event": () => ({ type: 2, nsp: "/", data: ["hello", 1] }),
  "event of the compliance suite": () => ({ type: 2, nsp: "/", data: ["message-back", 1, "2", { 3: [true] }] }),
  "event with only a name": () => ({ type: 2, nsp: "/", data: ["ping"] }),
  "event with ack id": () => ({ type: 2, nsp: "/", id: 12, data: ["foo"] }),
  "event with ack id 0": () => ({ type: 2, nsp: "/", id: 0, data: ["foo"] }),
  "event with largest safe ack id": () => ({ type: 2, nsp: "/", id: Number.MAX_SAFE_INTEGER, data: ["foo"] }),
  "event in namespace with ack id": () => ({ type: 2, nsp: "/admin", id: 456, data: ["message-with-ack", 1, "2", { 3: [false] }] }),
  "event with numeric name": () => ({ type: 2, nsp: "/", data: [42, "answer"] }),
  "event named error": () => ({ type: 2, nsp: "/", data: ["error", { message: "boom" }] }),
  "event with null, booleans and nesting": () => ({
    type: 2, nsp: "/",
    data: ["nested", null, true, false, [], {}, [[1, [2, [3]]]], { a: { b: { c: [null, { d: "e" }] } } }],
  }),
  "event with undefined in array": () => ({ type: 2, nsp: "/", data: ["undef", undefined, 1] }),
  "event with object key order": () => ({ type: 2, nsp: "/", data: ["keys", { z: 1, a: 2, m: { y: 1, b: 2 } }] }),
  "event with unicode": () => ({ type: 2, nsp: "/", data: ["unicode", "héllo wörld", "€", "😀👍🏽", "مرحبا", "日本語", "\u00a0\u2028\u2029\ufeff"] }),
  "event with escapes": () => ({
    type: 2, nsp: "/",
    data: ["escapes", "quote\" backslash\\ slash/", "\b\f\n\r\t", "\u0000\u0001\u001f\u007f", "<>&'+=`", "\\u0041"],
  }),
  "event with lone surrogates": () => ({ type: 2, nsp: "/", data: ["surrogates", "\ud800", "x\udc00y", "a\ud83d", "\udfff\ud800", "ok😀"] }),
  "event with numbers": () => ({
    type: 2, nsp: "/",
    data: [
      "numbers", 0, -0, 1, -1, 0.1, 0.2 + 0.1, 1.5, -1.5, 100, 1e20, 1e21, 1.5e21, 123456789012345680000, 1e-6, 1e-7, 1.5e-7,
      0.000001234, 123e-20, 2 ** 53, 2 ** 53 + 2, -(2 ** 53), 1e300, 5e-324, 1.7976931348623157e308, 4.35, 0.5e-6, 1 / 3,
      NaN, Infinity, -Infinity,
    ],
  }),
  "event with numbers as keys and values": () => ({ type: 2, nsp: "/", data: ["numkeys", { 1: "a", 10: "b", 2: "c", x: 1e21 }] }),
  "ack": () => ({ type: 3, nsp: "/", id: 13, data: ["bar"] }),
  "ack in namespace": () => ({ type: 3, nsp: "/admin", id: 13, data: ["bar"] }),
  "ack with no arguments": () => ({ type: 3, nsp: "/", id: 1, data: [] }),
  "ack of the compliance suite": () => ({ type: 3, nsp: "/", id: 456, data: [1, "2", { 3: [false] }] }),
  "binary event": () => ({ type: 2, nsp: "/", data: ["baz", buf(1, 2, 3)] }),
  "binary event of the compliance suite": () => ({ type: 2, nsp: "/", data: ["message-back", buf(1, 2, 3), buf(4, 5, 6)] }),
  "binary event with empty buffer": () => ({ type: 2, nsp: "/", data: ["empty", buf()] }),
  "binary event with nested binaries": () => ({
    type: 2, nsp: "/",
    data: ["nested-binary", { a: [buf(1), { b: buf(2, 2) }], c: buf(3, 3, 3) }, [buf(4), [buf(5)]], "tail", buf(6)],
  }),
  "binary event with typed array views": () => ({
    type: 2, nsp: "/",
    data: ["views", new Uint8Array([9, 8, 7]), new Uint16Array([1, 256]), new Uint8Array([0, 1, 2, 3, 4]).subarray(1, 3)],
  }),
  "binary event in namespace with ack id": () => ({ type: 2, nsp: "/admin", id: 7, data: ["upload", { file: buf(0xff, 0x00, 0x80) }] }),
  "binary ack": () => ({ type: 3, nsp: "/", id: 15, data: ["bar", buf(1)] }),
  "binary ack of the compliance suite": () => ({ type: 3, nsp: "/", id: 789, data: [buf(1, 2, 3), buf(4, 5, 6)] }),
  "binary ack in namespace": () => ({ type: 3, nsp: "/admin", id: 1, data: [buf(0, 255), "x"] }),
  "binary event with ten attachments": () => ({ type: 2, nsp: "/", data: ["ten", ...Array.from({ length: 10 }, (_, i) => buf(i))] }),
  "binary event of many bytes": () => ({ type: 2, nsp: "/", data: ["big", Buffer.alloc(70000, 0xab)] }),
};

const encoder = new Encoder();
const encoded = Object.entries(packets).map(([name, make]) => {
  const input = tagPacket(make());
  const parts = encoder.encode(make());
  const text = parts[0];
  const attachments = parts.slice(1).map((part) => Buffer.from(part.buffer, part.byteOffset, part.byteLength));
  return {
    name,
    input,
    text,
    attachments: attachments.map((b) => b.toString("base64")),
    decoded: decodeWith(Decoder, text, attachments),
  };
});

// Texts as a client could send them: what the reference decoder accepts, and the message when it refuses.
const texts = [
  "0", "0{\"token\":\"123\"}", "0/custom,", "0/custom", "0/custom,{\"token\":\"abc\"}", "0/random",
  "1", "1/custom,", "2[\"message\",1,\"2\",{\"3\":[true]}]", "2456[\"message-with-ack\",1,\"2\",{\"3\":[false]}]",
  "2/admin,1[\"tellme\"]", "2", "2/admin,", "212", "3[]", "3/nsp,5[1]", "4\"msg\"", "4{\"message\":\"x\"}",
  "2[\"a\",1.0,1E2,-0,1e400,0.10,\"\\u00e9\\/\\ud83d\\ude00\\ud800\"]", "2[\"dup\",{\"a\":1,\"a\":2}]",
  "2[\"ws\" ,\t1 ]\n", "2[7]", "2[\"newListenerX\"]", "2[\"Connect\"]", "2[\"\\u0063onnect\"]",
  "2/nsp[\"x\"]", "2/,[\"x\"]", "3[\"\\u0000\"]",
  "abc", "7", "9[]", "-1", "2{}", "2[]", "2abc[\"x\"]", "2[\"x\"]x", "2[\"x\"", "2null", "2\"str\"", "2[{}]", "2[null]", "2[true]",
  "2[\"connect\"]", "2[\"connect_error\"]", "2[\"disconnect\"]", "2[\"disconnecting\"]", "2[\"newListener\"]", "2[\"removeListener\"]",
  "1{}", "1[]", "1\"x\"", "0[]", "0null", "0\"str\"", "01", "0/x,[]", "3{}", "3\"x\"", "3null", "4[]", "4null", "4 1",
  "5[\"x\"]", "5-[\"x\"]", "5a-[\"x\"]", "51[\"x\"]", "50-[\"x\"]", "511-[\"x\"]", "51-[\"x\",{\"_placeholder\":true,\"num\":0}]",
  "6[]", "61[]", "61-{}", "61-3[]",
];
const decodedTexts = texts.map((text) => ({ text, result: decodeWith(Decoder, text, []) }));

// Binary packets whose placeholders the reference checks once the attachments are in.
const binaryTexts = [
  ["51-[\"x\",{\"_placeholder\":true,\"num\":0}]", 1],
  ["52-[\"x\",{\"_placeholder\":true,\"num\":1},{\"_placeholder\":true,\"num\":0}]", 2],
  ["51-[\"x\",{\"_placeholder\":true,\"num\":1}]", 1],
  ["51-[\"x\",{\"_placeholder\":true,\"num\":-1}]", 1],
  ["51-[\"x\",{\"_placeholder\":true,\"num\":\"0\"}]", 1],
  ["51-[\"x\",{\"_placeholder\":true}]", 1],
  ["51-[\"x\",{\"_placeholder\":false,\"num\":7}]", 1],
  ["51-[\"x\",{\"_placeholder\":\"true\",\"num\":7}]", 1],
  ["51-[\"x\",{\"a\":[{\"_placeholder\":true,\"num\":0}]}]", 1],
  ["51-[\"x\",{\"_placeholder\":true,\"num\":0,\"extra\":{\"_placeholder\":true,\"num\":9}}]", 1],
  ["51-[\"x\"]", 1],
  ["51-", 1],
  ["61-9[{\"_placeholder\":true,\"num\":0}]", 1],
].map(([text, count]) => ({
  text,
  attachments: Array.from({ length: count }, (_, i) => buf(i, i + 1).toString("base64")),
  result: decodeWith(Decoder, text, Array.from({ length: count }, (_, i) => buf(i, i + 1))),
}));

const output = {
  generator: "interop-tests/tools/parser-golden.mjs",
  socketIoParser: parserVersion,
  encoded,
  texts: decodedTexts,
  binaryTexts,
};
const target = new URL("../../tests/SocketIo.Server.Tests/Parsing/golden/socket.io-parser.json", import.meta.url);
writeFileSync(target, JSON.stringify(output, null, 1) + "\n");
console.log(`wrote ${encoded.length} encoded packets, ${decodedTexts.length + binaryTexts.length} texts (socket.io-parser ${parserVersion})`);
