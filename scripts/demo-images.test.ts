import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHAPE_CLASSES, generateBoxImages, generateShapeImages, type ShapeClass, type ShapeImage, type ShapeSpec } from './demo-images.js';

const root = mkdtempSync(path.join(tmpdir(), 'dc-demo-images-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/**
 * Share of the shape's circumscribed disc (around the centroid of its pixels) that its pixels fill: a
 * rotation-, scale- and colour-free measure of geometry. Circle ≈ 1, square ≈ 0.64, triangle ≈ 0.41, star ≈ 0.3.
 */
function discFill(pixels: Buffer, size: number, fill: ShapeSpec['fill']): number {
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0, p = 0; p < size * size; p++, i += 3) {
    const d = Math.max(Math.abs(pixels[i] - fill[0]), Math.abs(pixels[i + 1] - fill[1]), Math.abs(pixels[i + 2] - fill[2]));
    if (d < 40) {
      xs.push(p % size);
      ys.push(Math.floor(p / size));
    }
  }
  const cx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const cy = ys.reduce((a, b) => a + b, 0) / ys.length;
  let r2 = 0;
  for (let k = 0; k < xs.length; k++) r2 = Math.max(r2, (xs[k] - cx) ** 2 + (ys[k] - cy) ** 2);
  return xs.length / (Math.PI * r2);
}

describe('generateShapeImages', () => {
  const dir = path.join(root, 'shapes');
  let images: ShapeImage[];
  beforeAll(async () => {
    images = await generateShapeImages(dir, { count: 120, seed: 7, labeledFraction: 2 / 3 });
  });

  it('writes 256×256 JPEGs that decode, labeled ones in their class folder and the rest loose', async () => {
    const files = readdirSync(dir, { recursive: true }).map(String).filter((f) => f.endsWith('.jpg'));
    expect(files).toHaveLength(120);
    for (const img of images) {
      const meta = await sharp(path.join(dir, img.relPath)).metadata();
      expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', 256, 256]);
      expect(img.relPath.startsWith(`${img.label}/`)).toBe(img.labeled);
    }
    expect(images.filter((i) => i.labeled)).toHaveLength(80);
    for (const c of SHAPE_CLASSES) {
      expect(readdirSync(path.join(dir, c))).toHaveLength(20);
      expect(images.filter((i) => i.label === c && !i.labeled)).toHaveLength(10);
    }
  });

  it('draws classes whose pixels differ in geometry, whatever the colour, size or rotation', async () => {
    const byClass = new Map<ShapeClass, number[]>();
    for (const img of images) {
      const pixels = await sharp(path.join(dir, img.relPath)).removeAlpha().raw().toBuffer();
      byClass.set(img.label, [...(byClass.get(img.label) ?? []), discFill(pixels, 256, img.shape.fill)]);
    }
    const mean = (c: ShapeClass) => byClass.get(c)!.reduce((a, b) => a + b, 0) / byClass.get(c)!.length;
    expect(mean('circle')).toBeGreaterThan(mean('square'));
    expect(mean('square')).toBeGreaterThan(mean('triangle'));
    expect(mean('triangle')).toBeGreaterThan(mean('star'));
    // Nearest class mean recovers every image's class: the classes really are separable.
    const means = SHAPE_CLASSES.map((c) => [c, mean(c)] as const);
    let correct = 0;
    for (const [c, values] of byClass) {
      for (const v of values) {
        const nearest = means.reduce((a, b) => (Math.abs(b[1] - v) < Math.abs(a[1] - v) ? b : a));
        if (nearest[0] === c) correct++;
      }
    }
    expect(correct / images.length).toBeGreaterThanOrEqual(0.97);
  });

  it('varies colours and backgrounds rather than repeating one picture', async () => {
    const stats = await Promise.all(images.slice(0, 24).map((i) => sharp(path.join(dir, i.relPath)).stats()));
    const means = new Set(stats.map((s) => s.channels.map((c) => Math.round(c.mean / 8)).join(',')));
    expect(means.size).toBeGreaterThan(20);
    // Noise and gradients: no channel is flat.
    for (const s of stats) expect(Math.min(...s.channels.map((c) => c.stdev))).toBeGreaterThan(3);
  });

  it('is deterministic: the same seed gives the same bytes, another seed other images', async () => {
    const again = path.join(root, 'again');
    const other = path.join(root, 'other');
    await generateShapeImages(again, { count: 12, seed: 7, labeledFraction: 2 / 3 });
    await generateShapeImages(other, { count: 12, seed: 8, labeledFraction: 2 / 3 });
    for (const img of images.slice(0, 12)) {
      const original = readFileSync(path.join(dir, img.relPath));
      expect(readFileSync(path.join(again, img.relPath)).equals(original)).toBe(true);
      expect(readFileSync(path.join(other, img.relPath)).equals(original)).toBe(false);
    }
  });
});

describe('generateBoxImages', () => {
  it('writes a Pascal VOC file beside each image whose boxes enclose exactly the drawn shapes', async () => {
    const dir = path.join(root, 'boxes');
    const images = await generateBoxImages(dir, { count: 12, seed: 3 });
    const parser = new XMLParser({ isArray: (name) => name === 'object' });
    for (const img of images) {
      const xml = parser.parse(readFileSync(path.join(dir, img.xmlPath), 'utf8')).annotation;
      expect(xml.filename).toBe(img.relPath);
      expect(xml.size).toEqual({ width: 256, height: 256, depth: 3 });
      expect(xml.object.map((o: { name: string }) => o.name)).toEqual(img.objects.map((o) => o.label));
      const pixels = await sharp(path.join(dir, img.relPath)).removeAlpha().raw().toBuffer();
      for (const [k, o] of img.objects.entries()) {
        const b = xml.object[k].bndbox;
        expect(b).toEqual(o.box);
        // Around the box, classify pixels as shape or background (whichever colour is nearer): no shape
        // pixel lies outside the box, and shape pixels reach each of its sides.
        const window: Array<{ x: number; y: number; rgb: number[]; inBox: boolean }> = [];
        for (let y = Math.max(0, b.ymin - 3); y < Math.min(256, b.ymax + 3); y++) {
          for (let x = Math.max(0, b.xmin - 3); x < Math.min(256, b.xmax + 3); x++) {
            const i = (y * 256 + x) * 3;
            const inBox = x >= b.xmin && x < b.xmax && y >= b.ymin && y < b.ymax;
            window.push({ x, y, rgb: [pixels[i], pixels[i + 1], pixels[i + 2]], inBox });
          }
        }
        const ring = window.filter((p) => !p.inBox);
        const background = [0, 1, 2].map((c) => ring.reduce((a, p) => a + p.rgb[c], 0) / ring.length);
        const dist = (rgb: number[], ref: number[]) => Math.hypot(rgb[0] - ref[0], rgb[1] - ref[1], rgb[2] - ref[2]);
        const shape = window.filter((p) => dist(p.rgb, o.shape.fill) < dist(p.rgb, background));
        expect(shape.filter((p) => !p.inBox)).toEqual([]);
        const hit = {
          xmin: Math.min(...shape.map((p) => p.x)),
          ymin: Math.min(...shape.map((p) => p.y)),
          xmax: Math.max(...shape.map((p) => p.x + 1)),
          ymax: Math.max(...shape.map((p) => p.y + 1)),
        };
        // Boxes are rounded outwards and anti-aliased star tips fade: a few pixels of slack.
        for (const side of ['xmin', 'ymin', 'xmax', 'ymax'] as const) expect(Math.abs(hit[side] - b[side])).toBeLessThanOrEqual(3);
      }
    }
  });
});
