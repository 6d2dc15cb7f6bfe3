import type { ConsoleApi } from './console-api';
import { uniqueName } from './console-api';
import { renderImages, type ImageSpec, type Shape } from './images';

const COLOURS = ['#d62728', '#2ca02c', '#1f77b4', '#ff7f0e', '#9467bd', '#8c564b'];
const SHAPES: Shape[] = ['circle', 'square', 'triangle'];

export interface SeedSpec {
  /** Images per class folder: `{ cat: ['cat-1.png', 'cat-2.png'] }`; the folder names the label. */
  classes: Record<string, string[]>;
  /** Images directly in the input folder: imported without a label. */
  unlabeled?: string[];
  /** Extra labels per image (`cat/cat-1.png` → ['pet']), written as a manifest beside the data. */
  extraLabels?: Record<string, string[]>;
}

export interface SeededDataset {
  datasetId: string;
  datasetName: string;
  bucket: string;
  /** The input folder, `/bucket/in/`. */
  input: string;
}

const classification = (name: string) => ({ type: 'modelarts/image_classification', name });

/**
 * An image-classification dataset made as a user of the API would: images uploaded into class folders
 * through the storage extension, then D2 with `import_annotations: true`, waiting until the import ended.
 */
export async function seedClassFolderDataset(api: ConsoleApi, spec: SeedSpec): Promise<SeededDataset> {
  const bucket = uniqueName('e2e');
  const input = `/${bucket}/in/`;
  await api.createBucket(bucket);

  const relative = [...Object.entries(spec.classes).flatMap(([label, names]) => names.map((n) => `${label}/${n}`)), ...(spec.unlabeled ?? [])];
  const specs: ImageSpec[] = relative.map((name, i) => ({ name, color: COLOURS[i % COLOURS.length], shape: SHAPES[i % SHAPES.length] }));
  for (const { name, bytes } of await renderImages(specs)) await api.putObject(`${input}${name}`, bytes);

  const extra = Object.entries(spec.extraLabels ?? {});
  if (extra.length > 0) {
    // A manifest line's annotations replace the folder's label, so it names the folder label too.
    const lines = extra.map(([file, labels]) =>
      JSON.stringify({ source: `${input}${file}`, annotation: [file.split('/')[0], ...labels].map(classification) }),
    );
    await api.putObject(`${input}extra-labels.manifest`, `${lines.join('\n')}\n`);
  }

  const datasetName = uniqueName('e2e_ds').replace(/-/g, '_');
  const datasetId = await api.createDataset({
    dataset_name: datasetName,
    dataset_type: 0,
    data_sources: [{ data_type: 0, data_path: input }],
    work_path: `/${bucket}/work/`,
    work_path_type: 0,
    import_annotations: true,
  });
  await api.waitUntilImported(datasetId);
  return { datasetId, datasetName, bucket, input };
}
