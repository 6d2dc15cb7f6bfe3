import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';

/**
 * Deterministic synthetic images: one shape per image for classification, several per image with Pascal
 * VOC boxes for detection. Shapes are drawn as SVG and rendered by sharp on gradient backgrounds with pixel
 * noise, so that the classes differ in geometry (not in colour or position) and the images look like data.
 */
export const SHAPE_CLASSES = ['circle', 'triangle', 'square', 'star'] as const;
export type ShapeClass = (typeof SHAPE_CLASSES)[number];

/** Display colours of the demo labels (`@modelarts:color`). */
export const SHAPE_COLORS: Record<ShapeClass, string> = {
  circle: '#1677ff',
  triangle: '#fa8c16',
  square: '#52c41a',
  star: '#eb2f96',
};

export type Rgb = [number, number, number];
export interface ShapeSpec {
  kind: ShapeClass;
  cx: number;
  cy: number;
  /** Circumradius in pixels. */
  r: number;
  /** Degrees. */
  rotation: number;
  fill: Rgb;
}
export interface Box {
  xmin: number;
  ymin: number;
  xmax: number;
  ymax: number;
}

/** mulberry32: a small, fast, seeded PRNG returning floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Each image gets its own stream, so the output does not depend on rendering order. */
const imageRandom = (seed: number, index: number) => seededRandom(Math.imul(seed ^ 0x5bd1e995, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca6b));

const between = (rnd: () => number, lo: number, hi: number) => lo + (hi - lo) * rnd();

function hslToRgb(h: number, s: number, l: number): Rgb {
  const k = (n: number) => (n + h / 30) % 12;
  const a = s * Math.min(l, 1 - l);
  const f = (n: number) => l - a * Math.max(-1, Math.min(k(n) - 3, Math.min(9 - k(n), 1)));
  return [f(0), f(8), f(4)].map((v) => Math.round(v * 255)) as Rgb;
}
const hex = ([r, g, b]: Rgb) => `#${[r, g, b].map((v) => v.toString(16).padStart(2, '0')).join('')}`;

/** Star inner radius as a share of the outer one: spiky enough to tell from a triangle at a glance. */
const STAR_INNER = 0.33;

/** Polygon vertices of a shape (undefined for circles). */
export function shapeVertices(s: ShapeSpec): Array<[number, number]> | undefined {
  const radii: Record<Exclude<ShapeClass, 'circle'>, number[]> = {
    triangle: [1, 1, 1],
    square: [1, 1, 1, 1],
    star: Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? 1 : STAR_INNER)),
  };
  if (s.kind === 'circle') return undefined;
  const rs = radii[s.kind];
  const rot = (s.rotation * Math.PI) / 180;
  return rs.map((k, i) => {
    const angle = rot - Math.PI / 2 + (2 * Math.PI * i) / rs.length;
    return [s.cx + s.r * k * Math.cos(angle), s.cy + s.r * k * Math.sin(angle)];
  });
}

/** The exact bounding box of a shape, clamped to the image. */
export function shapeBox(s: ShapeSpec, size: number): Box {
  const pts = shapeVertices(s) ?? [
    [s.cx - s.r, s.cy - s.r],
    [s.cx + s.r, s.cy + s.r],
  ];
  const xs = pts.map((p) => p[0]);
  const ys = pts.map((p) => p[1]);
  const clamp = (v: number) => Math.max(0, Math.min(size, v));
  return {
    xmin: clamp(Math.floor(Math.min(...xs))),
    ymin: clamp(Math.floor(Math.min(...ys))),
    xmax: clamp(Math.ceil(Math.max(...xs))),
    ymax: clamp(Math.ceil(Math.max(...ys))),
  };
}

function shapeSvg(s: ShapeSpec): string {
  const pts = shapeVertices(s);
  if (!pts) return `<circle cx="${s.cx.toFixed(2)}" cy="${s.cy.toFixed(2)}" r="${s.r.toFixed(2)}" fill="${hex(s.fill)}"/>`;
  return `<polygon points="${pts.map(([x, y]) => `${x.toFixed(2)},${y.toFixed(2)}`).join(' ')}" fill="${hex(s.fill)}"/>`;
}

interface Scene {
  size: number;
  shapes: ShapeSpec[];
  /** Background lightness band; shapes take the opposite band so they always stand out. */
  darkBackground: boolean;
}

/** Adds uniform noise of ±amplitude per channel; xorshift32 gives four noise bytes per step (hot loop). */
function addNoise(pixels: Buffer, amplitude: number, rnd: () => number): void {
  const view = new Uint8ClampedArray(pixels.buffer, pixels.byteOffset, pixels.length);
  const scale = (2 * amplitude) / 255;
  let x = Math.floor(rnd() * 0xfffffffe) + 1;
  for (let i = 0; i < view.length; i += 4) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    for (let k = 0; k < 4 && i + k < view.length; k++) {
      view[i + k] += ((x >>> (8 * k)) & 255) * scale - amplitude;
    }
  }
}

/** Renders a scene: SVG gradient + shapes through sharp, then seeded pixel noise, then JPEG. */
async function renderScene(scene: Scene, rnd: () => number, file: string): Promise<void> {
  const { size } = scene;
  const l0 = scene.darkBackground ? 0.12 : 0.72;
  const c1 = hslToRgb(between(rnd, 0, 360), between(rnd, 0.2, 0.7), l0 + between(rnd, 0, 0.14));
  const c2 = hslToRgb(between(rnd, 0, 360), between(rnd, 0.2, 0.7), l0 + between(rnd, 0, 0.14));
  const radial = rnd() < 0.4;
  const gradient = radial
    ? `<radialGradient id="bg" cx="${between(rnd, 0.2, 0.8).toFixed(2)}" cy="${between(rnd, 0.2, 0.8).toFixed(2)}" r="0.8">`
    : `<linearGradient id="bg" x1="${rnd().toFixed(2)}" y1="0" x2="${rnd().toFixed(2)}" y2="1">`;
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}"><defs>${gradient}` +
    `<stop offset="0" stop-color="${hex(c1)}"/><stop offset="1" stop-color="${hex(c2)}"/>` +
    `</${radial ? 'radialGradient' : 'linearGradient'}></defs>` +
    `<rect width="${size}" height="${size}" fill="url(#bg)"/>${scene.shapes.map(shapeSvg).join('')}</svg>`;
  const pixels = await sharp(Buffer.from(svg)).removeAlpha().raw().toBuffer();
  addNoise(pixels, between(rnd, 4, 14), rnd);
  await sharp(pixels, { raw: { width: size, height: size, channels: 3 } })
    .jpeg({ quality: 90 })
    .toFile(file);
}

function randomShape(rnd: () => number, kind: ShapeClass, size: number, r: number, darkBackground: boolean): ShapeSpec {
  const margin = r + 3;
  return {
    kind,
    cx: between(rnd, margin, size - margin),
    cy: between(rnd, margin, size - margin),
    r,
    rotation: between(rnd, 0, 360),
    fill: hslToRgb(between(rnd, 0, 360), between(rnd, 0.55, 0.95), darkBackground ? between(rnd, 0.62, 0.78) : between(rnd, 0.25, 0.4)),
  };
}

/** Runs `work` over 0..count-1 with bounded concurrency (sharp works on libuv's thread pool). */
async function forEachIndex(count: number, work: (i: number) => Promise<void>, concurrency = 4): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(concurrency, count) }, async () => {
    while (next < count) await work(next++);
  });
  await Promise.all(lanes);
}

export interface ShapeImage {
  /** Path relative to the output folder, `/`-separated. */
  relPath: string;
  label: ShapeClass;
  /** Whether the file sits in its class folder (folder-per-label import labels it). */
  labeled: boolean;
  shape: ShapeSpec;
}

export interface ShapeImageOptions {
  count: number;
  seed: number;
  /** Share of images placed in `<class>/` folders; the rest go to the folder itself. Default 1. */
  labeledFraction?: number;
  size?: number;
}

/**
 * Writes `count` classification images into `dir`: classes round-robin (balanced), one shape each, with
 * varied colours, sizes, positions and rotations. Labeled ones go to `dir/<class>/<class>-NNNN.jpg`, the
 * rest to `dir/img-NNNN.jpg`. Same options → same bytes.
 */
export async function generateShapeImages(dir: string, opts: ShapeImageOptions): Promise<ShapeImage[]> {
  const size = opts.size ?? 256;
  const fraction = opts.labeledFraction ?? 1;
  const images: ShapeImage[] = new Array(opts.count);
  await mkdir(dir, { recursive: true });
  for (const c of SHAPE_CLASSES) if (fraction > 0) await mkdir(path.join(dir, c), { recursive: true });
  await forEachIndex(opts.count, async (i) => {
    const rnd = imageRandom(opts.seed, i);
    const label = SHAPE_CLASSES[i % SHAPE_CLASSES.length];
    // Spread labeled/unlabeled evenly over classes: round r of the class cycle decides.
    const round = Math.floor(i / SHAPE_CLASSES.length);
    const labeled = Math.floor((round + 1) * fraction) > Math.floor(round * fraction);
    const darkBackground = rnd() < 0.35;
    const shape = randomShape(rnd, label, size, between(rnd, size * 0.16, size * 0.4), darkBackground);
    const name = `${String(i + 1).padStart(4, '0')}.jpg`;
    const relPath = labeled ? `${label}/${label}-${name}` : `img-${name}`;
    await renderScene({ size, shapes: [shape], darkBackground }, rnd, path.join(dir, relPath));
    images[i] = { relPath, label, labeled, shape };
  });
  return images;
}

export interface BoxImage {
  relPath: string;
  xmlPath: string;
  objects: Array<{ label: ShapeClass; box: Box; shape: ShapeSpec }>;
}

function vocXml(file: string, size: number, objects: BoxImage['objects']): string {
  const obj = objects
    .map(
      (o) =>
        `  <object>\n    <name>${o.label}</name>\n    <pose>Unspecified</pose>\n    <truncated>0</truncated>\n` +
        `    <occluded>0</occluded>\n    <difficult>0</difficult>\n    <bndbox>\n      <xmin>${o.box.xmin}</xmin>\n` +
        `      <ymin>${o.box.ymin}</ymin>\n      <xmax>${o.box.xmax}</xmax>\n      <ymax>${o.box.ymax}</ymax>\n    </bndbox>\n  </object>\n`,
    )
    .join('');
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<annotation>\n  <folder>boxes</folder>\n  <filename>${file}</filename>\n` +
    `  <source>\n    <database>Data Console demo</database>\n  </source>\n` +
    `  <size>\n    <width>${size}</width>\n    <height>${size}</height>\n    <depth>3</depth>\n  </size>\n` +
    `  <segmented>0</segmented>\n${obj}</annotation>\n`
  );
}

/**
 * Writes `count` detection images into `dir`, each with 1–4 non-overlapping shapes and a Pascal VOC file
 * beside it (`box-NNNN.jpg` + `box-NNNN.xml`) whose boxes are the shapes' exact extents.
 */
export async function generateBoxImages(dir: string, opts: { count: number; seed: number; size?: number }): Promise<BoxImage[]> {
  const size = opts.size ?? 256;
  const images: BoxImage[] = new Array(opts.count);
  await mkdir(dir, { recursive: true });
  await forEachIndex(opts.count, async (i) => {
    const rnd = imageRandom(opts.seed ^ 0x00b0c5, i);
    const darkBackground = rnd() < 0.35;
    const wanted = 1 + Math.floor(rnd() * 4);
    const shapes: ShapeSpec[] = [];
    for (let attempt = 0; shapes.length < wanted && attempt < 60; attempt++) {
      const kind = SHAPE_CLASSES[Math.floor(rnd() * SHAPE_CLASSES.length)];
      const s = randomShape(rnd, kind, size, between(rnd, size * 0.08, size * 0.2), darkBackground);
      if (shapes.every((o) => Math.hypot(o.cx - s.cx, o.cy - s.cy) > o.r + s.r + 4)) shapes.push(s);
    }
    const stem = `box-${String(i + 1).padStart(4, '0')}`;
    const objects = shapes.map((shape) => ({ label: shape.kind, box: shapeBox(shape, size), shape }));
    await renderScene({ size, shapes, darkBackground }, rnd, path.join(dir, `${stem}.jpg`));
    await writeFile(path.join(dir, `${stem}.xml`), vocXml(`${stem}.jpg`, size, objects));
    images[i] = { relPath: `${stem}.jpg`, xmlPath: `${stem}.xml`, objects };
  });
  return images;
}
