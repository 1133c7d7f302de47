// Draws the app icon (a blue tile with a white report page and three bars, the last one green)
// and writes it as PNG files: build/icon.png (1024 px, for Windows and macOS) and
// build/icons/<size>x<size>.png (for Linux). Run: ./node_modules/.bin/node build/make-icons.ts

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';

type Rgba = [number, number, number, number];

const BACKGROUND_TOP: Rgba = [0x2b, 0x6c, 0xc4, 255];
const BACKGROUND_BOTTOM: Rgba = [0x17, 0x4a, 0x8f, 255];
const PAGE: Rgba = [255, 255, 255, 255];
const BAR: Rgba = [0x2b, 0x6c, 0xc4, 255];
const BAR_OK: Rgba = [0x2e, 0xa0, 0x5a, 255];

/** Tells whether (x, y) lies in the rounded rectangle; all values are fractions of the icon. */
function inRoundedRect(x: number, y: number, left: number, top: number, right: number, bottom: number, radius: number): boolean {
  if (x < left || x > right || y < top || y > bottom) return false;
  const cx = Math.min(Math.max(x, left + radius), right - radius);
  const cy = Math.min(Math.max(y, top + radius), bottom - radius);
  return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2;
}

/** Colour of one point of the icon, or null where the icon is transparent. */
function colourAt(x: number, y: number): Rgba | null {
  if (!inRoundedRect(x, y, 0.04, 0.04, 0.96, 0.96, 0.2)) return null;
  const bars: [number, number, Rgba][] = [
    [0.34, 0.58, BAR],
    [0.47, 0.48, BAR],
    [0.6, 0.38, BAR_OK],
  ];
  for (const [left, top, colour] of bars) {
    if (inRoundedRect(x, y, left, top, left + 0.08, 0.7, 0.015)) return colour;
  }
  if (inRoundedRect(x, y, 0.24, 0.2, 0.76, 0.8, 0.05)) return PAGE;
  const t = (y - 0.04) / 0.92;
  return BACKGROUND_TOP.map((value, index) => Math.round(value + (BACKGROUND_BOTTOM[index]! - value) * t)) as Rgba;
}

/** Renders the icon at `size` pixels, averaging 4 x 4 samples per pixel for smooth edges. */
function render(size: number): Buffer {
  const samples = 4;
  const rows: Buffer[] = [];
  for (let py = 0; py < size; py++) {
    const row = Buffer.alloc(1 + size * 4);
    for (let px = 0; px < size; px++) {
      const sum = [0, 0, 0, 0];
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const colour = colourAt((px + (sx + 0.5) / samples) / size, (py + (sy + 0.5) / samples) / size);
          if (colour === null) continue;
          // Premultiplied sums, so transparent samples do not darken the edge.
          for (let channel = 0; channel < 3; channel++) sum[channel]! += colour[channel]! * colour[3];
          sum[3]! += colour[3];
        }
      }
      const alpha = sum[3]!;
      const offset = 1 + px * 4;
      for (let channel = 0; channel < 3; channel++) row[offset + channel] = alpha === 0 ? 0 : Math.round(sum[channel]! / alpha);
      row[offset + 3] = Math.round(alpha / (samples * samples));
    }
    rows.push(row);
  }
  return encodePng(size, Buffer.concat(rows));
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** Encodes filtered scanlines (filter byte 0 on each row) as an 8-bit RGBA PNG. */
function encodePng(size: number, scanlines: Buffer): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(scanlines, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const folder = import.meta.dirname;
mkdirSync(join(folder, 'icons'), { recursive: true });
writeFileSync(join(folder, 'icon.png'), render(1024));
for (const size of [16, 24, 32, 48, 64, 128, 256, 512]) {
  writeFileSync(join(folder, 'icons', `${size}x${size}.png`), render(size));
}
