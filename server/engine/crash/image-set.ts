import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';

/**
 * The crash tests' source folder: `count` small images (PNG and JPEG) written straight into the object
 * store's folder, every `vocEvery`-th one with a Pascal VOC file beside it. A few distinct pictures are
 * encoded once and written under many names (a sample is its path, not its content), so thousands of
 * files take a moment to make.
 */

export const LABELS = ['cat', 'dog', 'bird'] as const;
const COLOURS = ['#e6194b', '#3cb44b', '#4363d8', '#f58231', '#911eb4', '#46f0f0'];
const SIZE = { width: 64, height: 48 };

export interface ImageSet {
  /** Object path of the folder, ending with `/`. */
  folder: string;
  /** File names of the images, in writing order. */
  images: string[];
  /** Images that have a VOC file, with their objects' label names. */
  annotated: Map<string, string[]>;
}

async function pictures(): Promise<{ png: Buffer[]; jpg: Buffer[] }> {
  const png: Buffer[] = [];
  const jpg: Buffer[] = [];
  for (const [i, background] of COLOURS.entries()) {
    const svg = Buffer.from(
      `<svg xmlns="http://www.w3.org/2000/svg" width="${SIZE.width}" height="${SIZE.height}"><rect x="${4 + i}" y="6" width="24" height="20" fill="${COLOURS[(i + 2) % COLOURS.length]}"/></svg>`,
    );
    const base = sharp({ create: { ...SIZE, channels: 3, background } }).composite([{ input: svg }]);
    png.push(await base.clone().png().toBuffer());
    jpg.push(await base.clone().jpeg().toBuffer());
  }
  return { png, jpg };
}

function voc(file: string, names: string[]): string {
  const objects = names
    .map((name, i) => `  <object><name>${name}</name><difficult>0</difficult><bndbox><xmin>${2 + i}</xmin><ymin>3</ymin><xmax>${30 + i}</xmax><ymax>40</ymax></bndbox></object>`)
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<annotation><folder></folder><filename>${file}</filename>
  <size><width>${SIZE.width}</width><height>${SIZE.height}</height><depth>3</depth></size>
${objects}
</annotation>
`;
}

/** Writes the set under `<storeRoot>/<bucket>/<key>` (storeRoot = DATA_DIR/obs). */
export async function writeImageSet(storeRoot: string, objectFolder: string, count: number, vocEvery = 3): Promise<ImageSet> {
  const dir = path.join(storeRoot, ...objectFolder.split('/').filter(Boolean));
  await mkdir(dir, { recursive: true });
  const { png, jpg } = await pictures();
  const images: string[] = [];
  const annotated = new Map<string, string[]>();
  const writes: (() => Promise<void>)[] = [];
  for (let i = 0; i < count; i++) {
    const ext = i % 2 === 0 ? 'png' : 'jpg';
    const name = `img-${String(i).padStart(5, '0')}.${ext}`;
    images.push(name);
    const bytes = (ext === 'png' ? png : jpg)[i % COLOURS.length];
    writes.push(() => writeFile(path.join(dir, name), bytes));
    if (i % vocEvery === 0) {
      const names = [LABELS[i % LABELS.length], ...(i % 2 === 0 ? [LABELS[(i + 1) % LABELS.length]] : [])];
      annotated.set(name, names);
      writes.push(() => writeFile(path.join(dir, name.replace(/\.\w+$/, '.xml')), voc(name, names)));
    }
  }
  // A few dozen writes in flight: fast, without opening thousands of files at once.
  let next = 0;
  await Promise.all(
    Array.from({ length: 32 }, async () => {
      while (next < writes.length) await writes[next++]();
    }),
  );
  return { folder: objectFolder.endsWith('/') ? objectFolder : `${objectFolder}/`, images, annotated };
}
