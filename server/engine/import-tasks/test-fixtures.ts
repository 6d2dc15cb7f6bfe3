import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import type { EngineContext } from '../context.js';
import { randomAlphanumeric } from '../tasks/repository.js';

/** Test helpers: datasets written straight into the database, real image and annotation files in the store. */

export function insertDataset(ctx: EngineContext, opts: { type: number; status?: number; name?: string }): string {
  const id = randomAlphanumeric(19);
  const now = ctx.now();
  ctx.sqlite
    .prepare(
      `INSERT INTO datasets (id, name, type, status, data_sources, work_path, create_time, update_time, data_update_time)
       VALUES (?, ?, ?, ?, '[]', '/work/out/', ?, ?, ?)`,
    )
    .run(id, opts.name ?? `ds-${id}`, opts.type, opts.status ?? 1, now, now, now);
  return id;
}

function fsPathOf(ctx: EngineContext, objectPath: string): string {
  const { fsPath } = ctx.store.parse(objectPath);
  mkdirSync(path.dirname(fsPath), { recursive: true });
  return fsPath;
}

export function writeText(ctx: EngineContext, objectPath: string, text: string | Buffer): void {
  writeFileSync(fsPathOf(ctx, objectPath), text);
}

const COLOURS = ['#e6194b', '#3cb44b', '#4363d8', '#f58231', '#911eb4', '#46f0f0'];

/**
 * A real image: a coloured background with a shape drawn on it (seed picks the colours and the shape), in
 * the format the extension names.
 */
export async function writeImage(ctx: EngineContext, objectPath: string, size = { width: 64, height: 48 }, seed = 0): Promise<void> {
  const { width, height } = size;
  if (/\.bmp$/i.test(objectPath)) return writeText(ctx, objectPath, bmp(width, height, seed));
  const shape =
    seed % 2 === 0
      ? `<circle cx="${width / 2}" cy="${height / 2}" r="${Math.min(width, height) / 3}" fill="${COLOURS[(seed + 1) % COLOURS.length]}"/>`
      : `<rect x="4" y="4" width="${width / 2}" height="${height / 2}" fill="${COLOURS[(seed + 2) % COLOURS.length]}"/>`;
  const svg = Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${shape}</svg>`);
  const drawn = await sharp({ create: { width, height, channels: 3, background: COLOURS[seed % COLOURS.length] } })
    .composite([{ input: svg }])
    .raw()
    .toBuffer({ resolveWithObject: true });
  // Back to 3 channels: composing an SVG adds an alpha channel.
  const img = sharp(drawn.data, { raw: drawn.info }).removeAlpha();
  const ext = path.extname(objectPath).toLowerCase();
  await (ext === '.png' ? img.png() : ext === '.webp' ? img.webp() : img.jpeg()).toFile(fsPathOf(ctx, objectPath));
}

/** A 24-bit bottom-up BMP (libvips has no BMP writer). */
function bmp(width: number, height: number, seed: number): Buffer {
  const rowSize = Math.ceil((width * 3) / 4) * 4;
  const buf = Buffer.alloc(54 + rowSize * height);
  buf.write('BM', 0, 'latin1');
  buf.writeUInt32LE(buf.length, 2);
  buf.writeUInt32LE(54, 10);
  buf.writeUInt32LE(40, 14);
  buf.writeInt32LE(width, 18);
  buf.writeInt32LE(height, 22);
  buf.writeUInt16LE(1, 26);
  buf.writeUInt16LE(24, 28);
  buf.writeUInt32LE(rowSize * height, 34);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) buf.writeUIntLE((x * 7 + y * 13 + seed * 50) & 0xffffff, 54 + y * rowSize + x * 3, 3);
  return buf;
}

export interface VocObject {
  name: string;
  box?: [number, number, number, number];
  difficult?: 0 | 1;
  occluded?: 0 | 1;
}

/** A Pascal VOC annotation as labeling tools write it. */
export function vocXml(file: string, size: { width: number; height: number }, objects: VocObject[]): string {
  const objs = objects
    .map(
      (o) => `  <object>
    <name>${o.name}</name><pose>Unspecified</pose><truncated>0</truncated>
    ${o.occluded !== undefined ? `<occluded>${o.occluded}</occluded>` : ''}${o.difficult !== undefined ? `<difficult>${o.difficult}</difficult>` : ''}
    ${o.box ? `<bndbox><xmin>${o.box[0]}</xmin><ymin>${o.box[1]}</ymin><xmax>${o.box[2]}</xmax><ymax>${o.box[3]}</ymax></bndbox>` : ''}
  </object>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<annotation>
  <folder>images</folder><filename>${file}</filename>
  <size><width>${size.width}</width><height>${size.height}</height><depth>3</depth></size>
  <segmented>0</segmented>
${objs}
</annotation>
`;
}

/** Resolves once every background task of the engine has finished. */
export async function settle(ctx: EngineContext): Promise<void> {
  while (ctx.background.size > 0) await Promise.allSettled([...ctx.background]);
}
