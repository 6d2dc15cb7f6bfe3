import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { CreateDatasetBody } from '../server/contract/dataset.js';
import { SHAPE_CLASSES, SHAPE_COLORS, generateBoxImages, generateShapeImages } from './demo-images.js';
import { EngineRequestError, createEngineClient, type EngineClientOptions } from './engine-client.js';

/**
 * The demo a new user sees on first start: a partly labeled image-classification dataset of synthetic
 * shapes and a small object-detection dataset with Pascal VOC boxes, created through the engine's own API.
 */
export const DEMO_BUCKET = 'demo';
export const DEMO_SEED = 20240601;
export const DEMO_SHAPE_COUNT = 300;
export const DEMO_BOX_COUNT = 60;
/** Two thirds in class folders (labeled on import), one third loose (unlabeled). */
export const DEMO_LABELED_FRACTION = 2 / 3;
export const DEMO_DATASETS = { shapes: 'demo-shapes', boxes: 'demo-boxes' } as const;

export interface DemoDataOptions extends EngineClientOptions {
  /** The engine's DATA_DIR: bucket `demo` lives in `DATA_DIR/obs/demo/`. */
  dataDir: string;
}

interface ListDatasetsResp {
  total_number: number;
}
interface CreateDatasetResp {
  dataset_id: string;
  import_task_id?: string;
}

const labelsOf = (type: 0 | 1): CreateDatasetBody['labels'] =>
  SHAPE_CLASSES.map((name) => ({
    name,
    type,
    property: {
      '@modelarts:color': SHAPE_COLORS[name],
      ...(type === 1 ? { '@modelarts:default_shape': 'bndbox' as const } : {}),
    },
  }));

const WORK_PATH = `/${DEMO_BUCKET}/output/`;

/** Writes the demo images into the object store (deterministic: the same bytes every time). */
export async function writeDemoImages(dataDir: string): Promise<void> {
  const bucketDir = path.join(dataDir, 'obs', DEMO_BUCKET);
  await mkdir(path.join(bucketDir, 'output'), { recursive: true });
  await generateShapeImages(path.join(bucketDir, 'shapes'), {
    count: DEMO_SHAPE_COUNT,
    seed: DEMO_SEED,
    labeledFraction: DEMO_LABELED_FRACTION,
  });
  await generateBoxImages(path.join(bucketDir, 'boxes'), { count: DEMO_BOX_COUNT, seed: DEMO_SEED });
}

/**
 * Creates the demo datasets when the engine has no dataset at all; does nothing otherwise (so a user who
 * deleted them, or has their own, is left alone). The imports run in the engine's background.
 */
export async function ensureDemoData(opts: DemoDataOptions): Promise<{ created: boolean; datasetId?: string }> {
  const client = createEngineClient(opts);
  const existing = await client.request<ListDatasetsResp>('GET', '/datasets?offset=0&limit=1');
  if (existing.total_number > 0) return { created: false };

  await writeDemoImages(opts.dataDir);
  const create = async (body: CreateDatasetBody): Promise<string | undefined> => {
    try {
      return (await client.request<CreateDatasetResp>('POST', '/datasets', body)).dataset_id;
    } catch (err) {
      // Another start-up created it between our check and now: that is the state we wanted.
      if (err instanceof EngineRequestError && err.error_code === 'ModelArts.4351') return undefined;
      throw err;
    }
  };
  const datasetId = await create({
    dataset_name: DEMO_DATASETS.shapes,
    dataset_type: 0,
    description: 'Demo: synthetic shapes, two thirds labeled by folder, the rest waiting for labels',
    data_sources: [{ data_type: 0, data_path: `/${DEMO_BUCKET}/shapes/` }],
    work_path: WORK_PATH,
    work_path_type: 0,
    import_annotations: true,
    labels: labelsOf(0),
  });
  await create({
    dataset_name: DEMO_DATASETS.boxes,
    dataset_type: 1,
    description: 'Demo: shapes with bounding boxes from Pascal VOC files',
    data_sources: [{ data_type: 0, data_path: `/${DEMO_BUCKET}/boxes/` }],
    work_path: WORK_PATH,
    work_path_type: 0,
    import_annotations: true,
    labels: labelsOf(1),
  });
  return datasetId === undefined ? { created: false } : { created: true, datasetId };
}
