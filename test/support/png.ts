import { inflateSync } from 'node:zlib';

/** A decoded PNG: 8-bit RGB or RGBA, not interlaced (what Chromium writes), as rows of pixels without filters. */
export interface DecodedPng {
  width: number;
  height: number;
  /** 3 (RGB) or 4 (RGBA). */
  channels: number;
  pixels: Buffer;
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * Math.abs held in a module constant: jest runs this file in a vm context, where each lookup of a global such as `Math`
 * goes through the context's interceptor, and in this loop over every byte of a 1100 x 1300 screenshot that made a
 * decode take a second instead of 60 ms.
 */
const abs = Math.abs;

function paeth(left: number, up: number, upLeft: number): number {
  const estimate = left + up - upLeft;
  const toLeft = abs(estimate - left);
  const toUp = abs(estimate - up);
  const toUpLeft = abs(estimate - upLeft);
  if (toLeft <= toUp && toLeft <= toUpLeft) return left;
  return toUp <= toUpLeft ? up : upLeft;
}

/** Decodes with node's zlib and the five filters of the PNG specification (https://www.w3.org/TR/png-3/#9Filters). */
export function decodePng(file: Buffer): DecodedPng {
  if (!file.subarray(0, 8).equals(SIGNATURE)) throw new Error('not a PNG: the signature is missing');
  let offset = 8;
  let header: { width: number; height: number; bitDepth: number; colourType: number; interlace: number } | undefined;
  const data: Buffer[] = [];
  while (offset + 8 <= file.length) {
    const length = file.readUInt32BE(offset);
    const type = file.toString('latin1', offset + 4, offset + 8);
    const body = file.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      header = {
        width: body.readUInt32BE(0),
        height: body.readUInt32BE(4),
        bitDepth: body.readUInt8(8),
        colourType: body.readUInt8(9),
        interlace: body.readUInt8(12),
      };
    } else if (type === 'IDAT') data.push(body);
    else if (type === 'IEND') break;
    offset += 12 + length;
  }
  if (!header) throw new Error('not a PNG: no IHDR chunk');
  const channels = header.colourType === 6 ? 4 : header.colourType === 2 ? 3 : 0;
  if (header.bitDepth !== 8 || channels === 0 || header.interlace !== 0) {
    throw new Error(`unsupported PNG: bit depth ${header.bitDepth}, colour type ${header.colourType}, interlace ${header.interlace}`);
  }
  const { width, height } = header;
  const raw = inflateSync(Buffer.concat(data));
  const stride = width * channels;
  if (raw.length !== height * (stride + 1)) throw new Error(`PNG data holds ${raw.length} bytes, not ${height} rows of ${stride + 1}`);
  const pixels = Buffer.alloc(height * stride);
  for (let row = 0; row < height; row++) {
    const filter = raw[row * (stride + 1)];
    const line = raw.subarray(row * (stride + 1) + 1, (row + 1) * (stride + 1));
    const out = row * stride;
    for (let index = 0; index < stride; index++) {
      const left = index >= channels ? (pixels[out + index - channels] ?? 0) : 0;
      const up = row > 0 ? (pixels[out - stride + index] ?? 0) : 0;
      const upLeft = row > 0 && index >= channels ? (pixels[out - stride + index - channels] ?? 0) : 0;
      const value = line[index] ?? 0;
      const predictor =
        filter === 0
          ? 0
          : filter === 1
            ? left
            : filter === 2
              ? up
              : filter === 3
                ? (left + up) >> 1
                : filter === 4
                  ? paeth(left, up, upLeft)
                  : -1;
      if (predictor < 0) throw new Error(`PNG row ${row} has an unknown filter ${filter}`);
      pixels[out + index] = (value + predictor) & 0xff;
    }
  }
  return { width, height, channels, pixels };
}

/** How many distinct RGB colours the image holds, counting up to `limit`. */
export function distinctColours(image: DecodedPng, limit = 1_000): number {
  const colours = new Set<number>();
  for (let index = 0; index < image.pixels.length && colours.size < limit; index += image.channels) {
    colours.add(((image.pixels[index] ?? 0) << 16) | ((image.pixels[index + 1] ?? 0) << 8) | (image.pixels[index + 2] ?? 0));
  }
  return colours.size;
}

/** The pixel at (x, y) as [r, g, b]. */
export function pixelAt(image: DecodedPng, x: number, y: number): [number, number, number] {
  const index = (y * image.width + x) * image.channels;
  return [image.pixels[index] ?? 0, image.pixels[index + 1] ?? 0, image.pixels[index + 2] ?? 0];
}

/** Whether some pixel has the colour [r, g, b], give or take 3 in each channel. */
export function hasColour(image: DecodedPng, [r, g, b]: [number, number, number]): boolean {
  const { pixels, channels } = image;
  for (let index = 0; index < pixels.length; index += channels) {
    if (abs((pixels[index] ?? 0) - r) <= 3 && abs((pixels[index + 1] ?? 0) - g) <= 3 && abs((pixels[index + 2] ?? 0) - b) <= 3) return true;
  }
  return false;
}
