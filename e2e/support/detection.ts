import sharp from 'sharp';
import type { ConsoleApi } from './console-api';
import { uniqueName } from './console-api';

/** A Pascal VOC object: a named box in pixels. */
export interface VocBox {
  name: string;
  xmin: number;
  ymin: number;
  xmax: number;
  ymax: number;
}

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A Pascal VOC annotation file as labelling tools write it (`<size>`, one `<object>` per box). */
export function vocXml(filename: string, size: { width: number; height: number }, boxes: VocBox[]): string {
  const objects = boxes
    .map(
      (b) =>
        `  <object>\n    <name>${escapeXml(b.name)}</name>\n    <pose>Unspecified</pose>\n    <truncated>0</truncated>\n    <difficult>0</difficult>\n` +
        `    <bndbox>\n      <xmin>${b.xmin}</xmin>\n      <ymin>${b.ymin}</ymin>\n      <xmax>${b.xmax}</xmax>\n      <ymax>${b.ymax}</ymax>\n    </bndbox>\n  </object>\n`,
    )
    .join('');
  return (
    `<annotation>\n  <folder>JPEGImages</folder>\n  <filename>${escapeXml(filename)}</filename>\n` +
    `  <size>\n    <width>${size.width}</width>\n    <height>${size.height}</height>\n    <depth>3</depth>\n  </size>\n  <segmented>0</segmented>\n${objects}</annotation>\n`
  );
}

/** A real JPEG photo stand-in: a coloured background with a rectangle where a box will be drawn. */
export async function renderJpeg(width: number, height: number, background: string, box?: VocBox): Promise<Buffer> {
  const rect = box ? `<rect x="${box.xmin}" y="${box.ymin}" width="${box.xmax - box.xmin}" height="${box.ymax - box.ymin}" fill="#333"/>` : '';
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="${background}"/>${rect}</svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 80 }).toBuffer();
}

export interface DetectionDataset {
  datasetId: string;
  datasetName: string;
  bucket: string;
  /** The dataset's input folder, `/bucket/in/`, empty at creation. */
  input: string;
}

/**
 * An object-detection dataset (type 1) over an empty input folder, created through the API as a user of the
 * API would, with `labels` declared up front; waits until its (empty) creation import has ended.
 */
export async function seedDetectionDataset(api: ConsoleApi, labels: string[] = []): Promise<DetectionDataset> {
  const bucket = uniqueName('e2e');
  const input = `/${bucket}/in/`;
  await api.createBucket(bucket);
  await api.createFolder(input);
  await api.createFolder(`/${bucket}/work/`);
  const datasetName = uniqueName('e2e_det').replace(/-/g, '_');
  const datasetId = await api.createDataset({
    dataset_name: datasetName,
    dataset_type: 1,
    data_sources: [{ data_type: 0, data_path: input }],
    work_path: `/${bucket}/work/`,
    work_path_type: 0,
    ...(labels.length ? { labels: labels.map((name) => ({ name, type: 1 })) } : {}),
  });
  await api.waitUntilImported(datasetId);
  return { datasetId, datasetName, bucket, input };
}

/** A detection label as S2 takes it: a box from (x1, y1) to (x2, y2). */
const boxLabel = (name: string, x1: number, y1: number, x2: number, y2: number) => ({
  name,
  type: 1,
  property: { '@modelarts:shape': 'bndbox', '@modelarts:feature': [[x1, y1], [x2, y2]] },
});

/**
 * Adds `count` labeled samples through S2 (requests of a few MB, a few at a time): copies of one small JPEG
 * under distinct names (`box-00001.jpg` …), each with `boxesPerSample` boxes of `label`. Many boxes make each
 * sample cost an export far more (an XML document, a manifest line, their boxes) than it cost to add.
 */
export async function addBoxedSamples(api: ConsoleApi, datasetId: string, opts: { count: number; label: string; boxesPerSample?: number; parallel?: number }) {
  const data = (await renderJpeg(48, 32, '#4a90d9')).toString('base64');
  const boxes = Array.from({ length: opts.boxesPerSample ?? 1 }, (_, k) => boxLabel(opts.label, 1 + (k % 16), 1, 20 + (k % 16), 20));
  // About 110 bytes of JSON per box: ~4 MB per request, below the BFF's JSON body limit.
  const batch = Math.max(1, Math.min(1000, Math.floor(4_000_000 / (110 * boxes.length))));
  const starts = Array.from({ length: Math.ceil(opts.count / batch) }, (_, i) => i * batch);
  const worker = async () => {
    for (let start = starts.shift(); start !== undefined; start = starts.shift()) {
      const n = Math.min(batch, opts.count - start);
      const samples = Array.from({ length: n }, (_, i) => ({ name: `box-${String(start + i + 1).padStart(5, '0')}.jpg`, data, labels: boxes }));
      await api.addSamples(datasetId, { samples });
    }
  };
  await Promise.all(Array.from({ length: opts.parallel ?? 3 }, worker));
}
