// docs/status.png, the status page the documentation shows, and how a test knows it is not older than the page's
// code: the PNG carries, in a tEXt chunk (https://www.w3.org/TR/png-3/#11tEXt), a digest of the files that draw the
// page and seed the demo fleet it shows. test/integration/status-page.test.ts writes it; test/deploy checks it.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './docs';

export const SCREENSHOT_FILE = 'docs/status.png';
export const DIGEST_KEYWORD = 'snapshot-copy:status-page-digest';
/** The one command that remakes docs/status.png from the code as it is. */
export const REGENERATE = 'UPDATE_STATUS_PNG=1 npx jest test/integration/status-page.test.ts';

/** What the picture shows depends on these and nothing else of the repository's own code. */
export const STATUS_PAGE_SOURCES: readonly string[] = [
  'tools/status/html-page.ts',
  'tools/status/status-report.ts',
  'tools/status/log-lines.ts',
  'tools/status/demo-fleet.ts',
  'tools/status/terminal-table.ts',
  'tools/sample-snapshots.ts',
  'tools/text-table.ts',
];

/** SHA-256 of the sources, each by its path and its text with LF line ends (a Windows checkout digests the same). */
export function statusPageDigest(): string {
  const hash = createHash('sha256');
  for (const path of STATUS_PAGE_SOURCES) {
    hash.update(`${path}\0${readFileSync(join(ROOT, path), 'utf8').replaceAll('\r\n', '\n')}\0`);
  }
  return hash.digest('hex');
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** The CRC-32 of a chunk's type and data (https://www.w3.org/TR/png-3/#5CRC-algorithm). */
function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = (CRC_TABLE[(c ^ byte) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

interface Chunk {
  type: string;
  start: number;
  end: number;
  data: Buffer;
}

function chunks(png: Buffer): Chunk[] {
  const found: Chunk[] = [];
  for (let offset = 8; offset + 12 <= png.length; ) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('latin1', offset + 4, offset + 8);
    found.push({ type, start: offset, end: offset + 12 + length, data: png.subarray(offset + 8, offset + 8 + length) });
    offset += 12 + length;
  }
  return found;
}

/** The PNG with one tEXt chunk `keyword` = `text` (Latin-1) just before IEND, replacing one of the same keyword. */
export function withTextChunk(png: Buffer, keyword: string, text: string): Buffer {
  const all = chunks(png);
  const end = all.find((chunk) => chunk.type === 'IEND');
  if (!end) throw new Error('not a PNG: no IEND chunk');
  const kept = all.filter((chunk) => chunk.type !== 'IEND' && !(chunk.type === 'tEXt' && textOf(chunk)?.[0] === keyword));
  const body = Buffer.concat([Buffer.from('tEXt', 'latin1'), Buffer.from(`${keyword}\0${text}`, 'latin1')]);
  const chunk = Buffer.alloc(body.length + 8);
  chunk.writeUInt32BE(body.length - 4, 0);
  body.copy(chunk, 4);
  chunk.writeUInt32BE(crc32(body), body.length + 4);
  return Buffer.concat([
    png.subarray(0, 8),
    ...kept.map((kept) => png.subarray(kept.start, kept.end)),
    chunk,
    png.subarray(end.start, end.end),
  ]);
}

function textOf(chunk: Chunk): [string, string] | undefined {
  const separator = chunk.data.indexOf(0);
  if (separator < 0) return undefined;
  return [chunk.data.toString('latin1', 0, separator), chunk.data.toString('latin1', separator + 1)];
}

/** The text of the PNG's tEXt chunk `keyword`, if it has one. */
export function readTextChunk(png: Buffer, keyword: string): string | undefined {
  for (const chunk of chunks(png)) {
    const text = chunk.type === 'tEXt' ? textOf(chunk) : undefined;
    if (text?.[0] === keyword) return text[1];
  }
  return undefined;
}
