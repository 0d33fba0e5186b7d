/**
 * lib/plots/png.ts writer: encodePng round-trips through decodePng for every channel count,
 * and optimisePng keeps every pixel of a real Chromium figure while making it smaller.
 */
import { afterAll, describe, expect, it } from 'vitest';
import {
  closeSharedRenderer,
  decodePng,
  encodePng,
  lineTrace,
  optimisePng,
  sharedRenderer,
} from '../../lib/plots/index.js';

afterAll(async () => closeSharedRenderer());

describe('encodePng', () => {
  it.each([1, 2, 3, 4])('round-trips %i-channel pixels exactly (all five filters in use)', (channels) => {
    const w = 37;
    const h = 23;
    const pixels = new Uint8Array(w * h * channels);
    // smooth ramps, noise and flat areas, so that different rows prefer different filters
    let seed = 12345;
    for (let i = 0; i < pixels.length; i++) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      const y = Math.floor(i / (w * channels));
      pixels[i] = y % 3 === 0 ? (i * 7) & 255 : y % 3 === 1 ? seed & 255 : 200;
    }
    const png = encodePng({ width: w, height: h, channels, pixels });
    const back = decodePng(png);
    expect([back.width, back.height, back.channels]).toEqual([w, h, channels]);
    expect(Buffer.from(back.pixels).equals(Buffer.from(pixels))).toBe(true);
  });

  it('rejects a pixel buffer of the wrong size', () => {
    expect(() => encodePng({ width: 2, height: 2, channels: 3, pixels: new Uint8Array(11) })).toThrow(
      'encodePng: 11 bytes of pixels, expected 2·2·3 = 12',
    );
  });
});

describe('optimisePng', () => {
  it('keeps every pixel of a Chromium figure (opaque RGBA → RGB) and makes it smaller', async () => {
    const r = await sharedRenderer();
    const fig = { data: [lineTrace([1, 2, 3, 4], [1, 3, 2, 4], { name: 'MS²CDWM' })] };
    // the renderer returns optimised PNGs; re-encode Chromium's raw RGBA image to compare
    const shown = await r.images(fig, { width: 400, height: 260, scale: 1 });
    const opt = decodePng(shown.png);
    expect(opt.channels).toBe(3);
    const rgba = new Uint8Array(opt.width * opt.height * 4);
    for (let k = 0; k < opt.width * opt.height; k++) {
      rgba.set(opt.pixels.subarray(3 * k, 3 * k + 3), 4 * k);
      rgba[4 * k + 3] = 255;
    }
    const plain = encodePng({ width: opt.width, height: opt.height, channels: 4, pixels: rgba });
    const again = optimisePng(plain);
    expect(again.length).toBeLessThan(plain.length);
    expect(Buffer.from(decodePng(again).pixels).equals(Buffer.from(opt.pixels))).toBe(true);
  });
});
