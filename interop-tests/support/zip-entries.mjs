// The entries of a zip file (a .nupkg or .snupkg), read from its central directory, so the packaging test needs no
// unzip binary. Handles the plain zip NuGet writes (stored or deflated entries; no zip64, no multi-disk archives).

import { readFileSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_DIRECTORY_ENTRY = 0x02014b50;

/** The entry names of the zip file at `path`, in archive order. */
export function zipEntries(path) {
  return centralDirectory(path).entries.map((entry) => entry.name);
}

/** The content of the entry `name` of the zip file at `path`, as a Buffer. */
export function zipEntry(path, name) {
  const { zip, entries } = centralDirectory(path);
  const entry = entries.find((e) => e.name === name);
  if (!entry) throw new Error(`${path} has no entry ${name}`);
  const local = entry.localHeader;
  const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
  const data = zip.subarray(start, start + entry.compressedSize);
  if (entry.method === 0) return Buffer.from(data);
  if (entry.method === 8) return inflateRawSync(data);
  throw new Error(`${path}: entry ${name} uses compression method ${entry.method}`);
}

function centralDirectory(path) {
  const zip = readFileSync(path);
  // The end record is the last 22 bytes plus a comment of at most 64 KiB: scan back for its signature.
  let end = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i -= 1) {
    if (zip.readUInt32LE(i) === END_OF_CENTRAL_DIRECTORY) { end = i; break; }
  }
  if (end < 0) throw new Error(`${path} is not a zip file (no end of central directory)`);
  const count = zip.readUInt16LE(end + 10);
  let offset = zip.readUInt32LE(end + 16);
  const entries = [];
  for (let n = 0; n < count; n += 1) {
    if (zip.readUInt32LE(offset) !== CENTRAL_DIRECTORY_ENTRY) throw new Error(`${path}: bad central directory entry ${n}`);
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    entries.push({
      name: zip.toString('utf8', offset + 46, offset + 46 + nameLength),
      method: zip.readUInt16LE(offset + 10),
      compressedSize: zip.readUInt32LE(offset + 20),
      localHeader: zip.readUInt32LE(offset + 42),
    });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return { zip, entries };
}
