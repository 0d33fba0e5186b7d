/**
 * Minimal PNG reader and writer (PNG spec, ISO/IEC 15948: signature, IHDR, IDAT/zlib, the
 * five scanline filters): pixel size and "not blank" pixel statistics for checking exported
 * figures, and a lossless re-encoder that makes Chromium's PNGs about a third smaller (an
 * opaque image loses its alpha channel, each row gets the filter that suits it, zlib at
 * level 9) — so notebooks and figures/ stay small. 8-bit greyscale / RGB / grey+alpha /
 * RGBA, non-interlaced — what Chromium writes.
 */
import { deflateSync, inflateSync } from 'node:zlib';

/** Header fields of a PNG (IHDR chunk). */
export interface PngHeader {
  width: number;
  height: number;
  bitDepth: number;
  /** 0 grey, 2 RGB, 3 palette, 4 grey+alpha, 6 RGBA. */
  colorType: number;
  interlace: number;
}

/** Decoded 8-bit image: `channels` bytes per pixel, rows top to bottom. */
export interface PngImage extends PngHeader {
  channels: number;
  pixels: Uint8Array;
}

const SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10];

/** Parse the PNG signature and IHDR chunk. Throws 'not a PNG file' on anything else. */
export function readPngHeader(png: Uint8Array): PngHeader {
  if (png.length < 33 || SIGNATURE.some((b, i) => png[i] !== b)) throw new Error('not a PNG file');
  const dv = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const type = String.fromCharCode(png[12], png[13], png[14], png[15]);
  if (type !== 'IHDR') throw new Error('not a PNG file: first chunk is not IHDR');
  return {
    width: dv.getUint32(16),
    height: dv.getUint32(20),
    bitDepth: png[24],
    colorType: png[25],
    interlace: png[28],
  };
}

const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 4: 2, 6: 4 };

/** Decode an 8-bit non-interlaced, non-palette PNG into raw pixels. */
export function decodePng(png: Uint8Array): PngImage {
  const h = readPngHeader(png);
  const channels = CHANNELS[h.colorType];
  if (h.bitDepth !== 8 || channels === undefined || h.interlace !== 0) {
    throw new Error(
      `decodePng: only 8-bit non-interlaced grey/RGB/RGBA is supported, got depth ${h.bitDepth}, ` +
        `colour type ${h.colorType}, interlace ${h.interlace}`,
    );
  }
  const dv = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const idat: Uint8Array[] = [];
  let p = 8;
  while (p + 8 <= png.length) {
    const len = dv.getUint32(p);
    const type = String.fromCharCode(png[p + 4], png[p + 5], png[p + 6], png[p + 7]);
    if (type === 'IDAT') idat.push(png.subarray(p + 8, p + 8 + len));
    if (type === 'IEND') break;
    p += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = h.width * channels;
  if (raw.length !== h.height * (stride + 1)) {
    throw new Error(`decodePng: image data has ${raw.length} bytes, expected ${h.height * (stride + 1)}`);
  }
  const out = new Uint8Array(h.height * stride);
  for (let y = 0; y < h.height; y++) {
    const filter = raw[y * (stride + 1)];
    const src = y * (stride + 1) + 1;
    const dst = y * stride;
    for (let i = 0; i < stride; i++) {
      const x = raw[src + i];
      const a = i >= channels ? out[dst + i - channels] : 0;
      const b = y > 0 ? out[dst - stride + i] : 0;
      const c = y > 0 && i >= channels ? out[dst - stride + i - channels] : 0;
      let v: number;
      switch (filter) {
        case 0:
          v = x;
          break;
        case 1:
          v = x + a;
          break;
        case 2:
          v = x + b;
          break;
        case 3:
          v = x + ((a + b) >> 1);
          break;
        case 4: {
          const pa = Math.abs(b - c);
          const pb = Math.abs(a - c);
          const pc = Math.abs(a + b - 2 * c);
          v = x + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
          break;
        }
        default:
          throw new Error(`decodePng: unknown filter type ${filter} on row ${y}`);
      }
      out[dst + i] = v & 255;
    }
  }
  return { ...h, channels, pixels: out };
}

/** Pixel statistics of a decoded image (luma = 0.299 R + 0.587 G + 0.114 B, 0–255). */
export interface PixelStats {
  meanLuma: number;
  stdLuma: number;
  /** Fraction of pixels that differ from the top-left (background) pixel. */
  nonBackgroundFraction: number;
  /** Number of distinct colours (capped at 4096). */
  distinctColors: number;
}

/** Statistics that tell a drawn figure from a blank or single-colour image. */
export function pixelStats(img: PngImage): PixelStats {
  const { pixels, channels } = img;
  const n = img.width * img.height;
  const colour = channels >= 3;
  let s = 0;
  let s2 = 0;
  let differ = 0;
  const seen = new Set<number>();
  const bg = Array.from(pixels.subarray(0, channels));
  for (let k = 0; k < n; k++) {
    const o = k * channels;
    const r = pixels[o];
    const g = colour ? pixels[o + 1] : r;
    const b = colour ? pixels[o + 2] : r;
    const luma = 0.299 * r + 0.587 * g + 0.114 * b;
    s += luma;
    s2 += luma * luma;
    let same = true;
    for (let c = 0; c < channels; c++) if (pixels[o + c] !== bg[c]) same = false;
    if (!same) differ++;
    if (seen.size < 4096) seen.add((r << 16) | (g << 8) | b);
  }
  const mean = s / n;
  return {
    meanLuma: mean,
    stdLuma: Math.sqrt(Math.max(0, s2 / n - mean * mean)),
    nonBackgroundFraction: differ / n,
    distinctColors: seen.size,
  };
}

/** CRC-32 of the PNG chunks (ISO 3309 polynomial), table-driven. */
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 255] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  Buffer.from(data).copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/**
 * Encode 8-bit pixels as a PNG (colour type from the channel count: 1 grey, 2 grey+alpha,
 * 3 RGB, 4 RGBA), each row filtered with whichever of the five filters gives the smallest
 * sum of absolute filtered bytes (the spec's recommended heuristic), zlib level 9.
 */
export function encodePng(img: { width: number; height: number; channels: number; pixels: Uint8Array }): Uint8Array {
  const { width: w, height: h, channels: ch, pixels } = img;
  const colorType = ({ 1: 0, 2: 4, 3: 2, 4: 6 } as Record<number, number>)[ch];
  if (colorType === undefined) throw new Error(`encodePng: channels must be 1–4, got ${ch}`);
  if (pixels.length !== w * h * ch) {
    throw new Error(`encodePng: ${pixels.length} bytes of pixels, expected ${w}·${h}·${ch} = ${w * h * ch}`);
  }
  const stride = w * ch;
  const raw = Buffer.alloc(h * (stride + 1));
  const trial = new Uint8Array(stride);
  for (let y = 0; y < h; y++) {
    let bestCost = Infinity;
    for (let f = 0; f < 5; f++) {
      let cost = 0;
      for (let i = 0; i < stride; i++) {
        const x = pixels[y * stride + i];
        const a = i >= ch ? pixels[y * stride + i - ch] : 0;
        const b = y > 0 ? pixels[(y - 1) * stride + i] : 0;
        const c = y > 0 && i >= ch ? pixels[(y - 1) * stride + i - ch] : 0;
        let pred = 0;
        if (f === 1) pred = a;
        else if (f === 2) pred = b;
        else if (f === 3) pred = (a + b) >> 1;
        else if (f === 4) {
          const pa = Math.abs(b - c);
          const pb = Math.abs(a - c);
          const pc = Math.abs(a + b - 2 * c);
          pred = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
        }
        const v = (x - pred) & 255;
        trial[i] = v;
        cost += v < 128 ? v : 256 - v;
      }
      if (cost < bestCost) {
        bestCost = cost;
        raw[y * (stride + 1)] = f;
        raw.set(trial, y * (stride + 1) + 1);
      }
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8;
  ihdr[9] = colorType;
  return Buffer.concat([
    Buffer.from(SIGNATURE),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', new Uint8Array(0)),
  ]);
}

/**
 * The same image, smaller: an opaque RGBA image becomes RGB, rows re-filtered, zlib level 9
 * (lossless: decodePng gives the same colours). Returns the input when it is not smaller.
 */
export function optimisePng(png: Uint8Array): Uint8Array {
  const img = decodePng(png);
  let { pixels, channels } = img;
  if (channels === 4 || channels === 2) {
    let opaque = true;
    for (let i = channels - 1; i < pixels.length; i += channels) {
      if (pixels[i] !== 255) {
        opaque = false;
        break;
      }
    }
    if (opaque) {
      const c = channels - 1;
      const out = new Uint8Array(img.width * img.height * c);
      for (let k = 0, j = 0; k < pixels.length; k += channels) for (let q = 0; q < c; q++) out[j++] = pixels[k + q];
      pixels = out;
      channels = c;
    }
  }
  const out = encodePng({ width: img.width, height: img.height, channels, pixels });
  return out.length < png.length ? out : png;
}
