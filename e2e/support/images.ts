import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';

export type Shape = 'circle' | 'square' | 'triangle';

export interface ImageSpec {
  /** File name, e.g. `red-1.png`; may sit in a folder (`cat/1.png`). */
  name: string;
  color: string;
  shape: Shape;
}

const SIZE = 64;

function svg({ color, shape }: ImageSpec, variant: number): string {
  // The variant shifts the shape a little, so no two images of one colour and shape are byte-identical.
  const o = 8 + (variant % 5) * 2;
  const body =
    shape === 'circle'
      ? `<circle cx="${SIZE / 2}" cy="${SIZE / 2}" r="${SIZE / 2 - o}" fill="${color}"/>`
      : shape === 'square'
        ? `<rect x="${o}" y="${o}" width="${SIZE - 2 * o}" height="${SIZE - 2 * o}" fill="${color}"/>`
        : `<polygon points="${SIZE / 2},${o} ${SIZE - o},${SIZE - o} ${o},${SIZE - o}" fill="${color}"/>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${SIZE}" height="${SIZE}"><rect width="100%" height="100%" fill="#f4f4f4"/>${body}</svg>`;
}

/** Real PNG images (decodable by the engine's sharp), one per spec, in the order given. */
export async function renderImages(specs: ImageSpec[]): Promise<{ name: string; bytes: Buffer }[]> {
  return Promise.all(specs.map(async (spec, i) => ({ name: spec.name, bytes: await sharp(Buffer.from(svg(spec, i))).png().toBuffer() })));
}

/**
 * Writes the images into `dir` (flat: a browser file picker uploads plain files) and returns their paths.
 * Pass a test's `testInfo.outputPath(…)`, which Playwright clears before the next run.
 */
export async function writeImages(specs: ImageSpec[], dir: string): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  return (await renderImages(specs)).map(({ name, bytes }) => {
    const file = path.join(dir, path.basename(name));
    writeFileSync(file, bytes);
    return file;
  });
}

/** `count` images cycling through three colours and three shapes: `red-circle-1.png`, … */
export function colourfulSpecs(count: number, prefix = ''): ImageSpec[] {
  const colours = [
    ['red', '#d62728'],
    ['green', '#2ca02c'],
    ['blue', '#1f77b4'],
  ] as const;
  const shapes: Shape[] = ['circle', 'square', 'triangle'];
  return Array.from({ length: count }, (_, i) => {
    const [colourName, color] = colours[i % 3];
    const shape = shapes[Math.floor(i / 3) % 3];
    return { name: `${prefix}${colourName}-${shape}-${i + 1}.png`, color, shape };
  });
}
