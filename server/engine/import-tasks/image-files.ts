import { open } from 'node:fs/promises';
import sharp from 'sharp';

/** Files an image import takes: jpg, jpeg, png, bmp, webp, in any case. */
export const IMAGE_FILE = /\.(jpe?g|png|bmp|webp)$/i;
export const isImageFile = (name: string) => IMAGE_FILE.test(name);

/** Object paths of a Pascal VOC file beside an image: same folder, same base name. */
export const vocPathCandidates = (objectPath: string): string[] => {
  const base = objectPath.replace(IMAGE_FILE, '');
  return [`${base}.xml`, `${base}.XML`];
};

/** `[width, height, depth]` as SampleMetadata's `@modelarts:size` holds it. */
export type ImageSize = [number, number, number];

/**
 * Reads an image's size from its header (no decode). The size is the one a viewer shows, EXIF orientation
 * applied, since boxes are drawn on that; depth is the number of channels. Throws on unreadable files.
 */
export async function readImageSize(fsPath: string): Promise<ImageSize> {
  // libvips as shipped with sharp has no BMP loader: BMP headers are read here.
  if (/\.bmp$/i.test(fsPath)) return (await readBmpSize(fsPath)) ?? sharpSize(fsPath);
  try {
    return await sharpSize(fsPath);
  } catch (err) {
    const bmp = await readBmpSize(fsPath); // a BMP under another extension
    if (bmp) return bmp;
    throw err;
  }
}

async function readBmpSize(fsPath: string): Promise<ImageSize | undefined> {
  const head = await readHead(fsPath, 32);
  return head.length >= 2 && head.toString('latin1', 0, 2) === 'BM' ? bmpSize(head) : undefined;
}

async function sharpSize(fsPath: string): Promise<ImageSize> {
  const meta = await sharp(fsPath).metadata();
  const width = meta.autoOrient?.width ?? meta.width;
  const height = meta.autoOrient?.height ?? meta.height;
  if (!width || !height) throw new Error(`no image size in the ${meta.format} header`);
  return [width, height, meta.channels ?? 3];
}

async function readHead(fsPath: string, length: number): Promise<Buffer> {
  const file = await open(fsPath, 'r');
  try {
    const buf = Buffer.alloc(length);
    const { bytesRead } = await file.read(buf, 0, length, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await file.close();
  }
}

/** BITMAPCOREHEADER (12 bytes) or BITMAPINFOHEADER and later (≥ 40 bytes). */
function bmpSize(head: Buffer): ImageSize {
  if (head.length < 26) throw new Error('truncated BMP header');
  const dib = head.readUInt32LE(14);
  let width: number, height: number, bits: number;
  if (dib === 12) {
    [width, height, bits] = [head.readUInt16LE(18), head.readUInt16LE(20), head.readUInt16LE(24)];
  } else if (dib >= 40 && head.length >= 30) {
    // A negative height means rows are stored top-down.
    [width, height, bits] = [head.readInt32LE(18), Math.abs(head.readInt32LE(22)), head.readUInt16LE(28)];
  } else {
    throw new Error(`unsupported BMP header (${dib} bytes)`);
  }
  if (width <= 0 || height <= 0 || ![1, 4, 8, 16, 24, 32].includes(bits)) throw new Error('invalid BMP header');
  return [width, height, bits === 32 ? 4 : 3];
}
