import type { DatasetStats } from '../../contract/dataset.js';
import { isImageDatasetType } from '../../contract/dataset.js';
import type { DataSource } from '../../contract/dataset.js';
import type { EngineContext } from '../context.js';
import { labelRows, toLabelStats } from '../labels/repository.js';
import { readCounters } from './counters.js';
import type { DatasetRef } from './dataset-ref.js';
import { parseJson } from './sql.js';

/** D6: statistics from the stored counters only (no scan of the dataset's samples). */
export function datasetStats(ctx: EngineContext, dataset: DatasetRef): DatasetStats {
  const counters = readCounters(ctx, dataset.id);
  const labelStats = labelRows(ctx, dataset.id).map(toLabelStats);
  const grouped: DatasetStats['grouped_label_stats'] = Object.create(null);
  for (const l of labelStats) (grouped[String(l.type)] ??= []).push(l);
  const { total, un_annotation, manual_annotation, auto_annotation, key_sample } = counters.samples;
  const dataPath = parseJson<DataSource[]>(dataset.data_sources, [])[0]?.data_path ?? '';
  return {
    label_stats: labelStats,
    grouped_label_stats: grouped,
    sample_stats: { all: total, total, un_annotation, manual_annotation, auto_annotation, deleted: 0 },
    key_sample_stats: { total, key_sample, non_key_sample: total - key_sample },
    hard_detail_stats: {},
    metadata_stats: {},
    data_path: dataPath,
    // Versions of image and text-classification datasets can be split into training and evaluation sets.
    data_spliting_enable: isImageDatasetType(dataset.type) || dataset.type === 100,
  };
}
