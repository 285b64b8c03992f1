// Decodes packets with the real npm socket.io-parser, to check what SocketIoSharp encodes.
// Usage: node interop-tests/tools/parser-decode.mjs <file>
// <file>: JSON array of {"text": "<Socket.IO text, without the Engine.IO 4>", "attachments": ["<base64>", ...]}.
// Prints a JSON array with, per entry, the decoded packet (values tagged as in tagged-values.mjs) or {"error": msg}.
import { readFileSync } from "node:fs";
import { Decoder } from "socket.io-parser";
import { decodeWith } from "./tagged-values.mjs";

const entries = JSON.parse(readFileSync(process.argv[2], "utf8"));
const results = entries.map((entry) =>
  decodeWith(Decoder, entry.text, entry.attachments.map((b64) => Buffer.from(b64, "base64"))),
);
process.stdout.write(JSON.stringify(results));
