import { createCanvas, loadImage } from '@napi-rs/canvas';
import { describe, expect, it } from 'vitest';
import { crc32, encodeCanvasPng, isOpaque } from '../../../src/render/png-encode.js';

async function decode(png: Buffer) {
  const img = await loadImage(png);
  const c = createCanvas(img.width, img.height);
  const ctx = c.getContext('2d');
  ctx.drawImage(img, 0, 0);
  return ctx.getImageData(0, 0, img.width, img.height).data;
}

describe('fast PNG encoding', () => {
  it('computes the PNG CRC-32', () => {
    expect(crc32(Buffer.from('IEND', 'latin1'))).toBe(0xae426082);
  });

  it('round-trips an opaque canvas pixel for pixel', async () => {
    const canvas = createCanvas(97, 53); // odd sizes catch stride mistakes
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, 97, 53);
    ctx.strokeStyle = '#d0021b';
    ctx.lineWidth = 3;
    ctx.beginPath();
    ctx.moveTo(0, 0);
    ctx.lineTo(96, 52);
    ctx.stroke();
    ctx.fillStyle = 'rgba(26, 158, 80, 0.4)';
    ctx.fillRect(10, 30, 40, 20);
    expect(isOpaque(canvas.data())).toBe(true);
    const png = await encodeCanvasPng(canvas);
    expect(png.readUInt32BE(16)).toBe(97);
    expect(png.readUInt32BE(20)).toBe(53);
    const expected = ctx.getImageData(0, 0, 97, 53).data;
    expect(Buffer.from(await decode(png)).equals(Buffer.from(expected))).toBe(true);
  });

  it('falls back to the canvas encoder for transparent pixels', async () => {
    const canvas = createCanvas(8, 8);
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = 'rgba(200, 100, 50, 0.5)';
    ctx.fillRect(0, 0, 8, 8);
    expect(isOpaque(canvas.data())).toBe(false);
    const px = await decode(await encodeCanvasPng(canvas));
    expect(px[3]).toBeGreaterThan(120);
    expect(px[3]).toBeLessThan(136);
    expect(px[0]).toBeGreaterThan(190); // straight, not premultiplied, colour
  });
});
