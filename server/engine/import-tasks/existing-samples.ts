import type { SampleLabel } from '../../contract/sample.js';
import type { EngineContext } from '../context.js';
import { ColourPicker, insertLabelRow, labelRowsByName } from '../labels/repository.js';
import { labelTypeForSample } from '../labels/rules.js';
import { requireDataset } from '../samples/dataset-ref.js';
import { readSampleStates, writeSampleChanges, type SampleChange } from '../samples/repository.js';
import { stmt } from '../samples/sql.js';

/**
 * `import_samples: false`: the imported annotations replace the labels of samples the dataset already has
 * (one transaction per batch). Labels not in the dataset yet are created. With `final` false the samples
 * become "to be confirmed" (AUTO_ANNOTATION), as an auto-labeling result would. Returns how many changed.
 */
export function annotateExistingSamples(
  ctx: EngineContext,
  datasetId: string,
  updates: readonly { id: string; labels: SampleLabel[] }[],
  final: boolean,
): number {
  if (updates.length === 0) return 0;
  return ctx.sqlite.transaction(() => {
    const dataset = requireDataset(ctx, datasetId);
    const labels = labelRowsByName(ctx, datasetId);
    const colours = new ColourPicker(labels.values());
    const seqOf = stmt<{ seq: number }>(ctx, 'SELECT seq FROM samples WHERE dataset_id = ? AND id = ?');
    const wanted = new Map<number, SampleLabel[]>();
    for (const u of updates) {
      const row = seqOf.get(datasetId, u.id);
      if (!row) continue;
      wanted.set(
        row.seq,
        u.labels.map((l) => {
          let label = labels.get(l.name);
          if (!label) {
            const type = labelTypeForSample(dataset.type, l.type);
            const property = { '@modelarts:color': colours.take() };
            const id = insertLabelRow(ctx, datasetId, { name: l.name, type, property });
            label = { id, dataset_id: datasetId, name: l.name, type, property: JSON.stringify(property), attributes: null, sample_count: 0, count: 0, create_time: ctx.now() };
            labels.set(l.name, label);
          }
          return { ...l, type: label.type };
        }),
      );
    }
    const changes: SampleChange[] = readSampleStates(ctx, [...wanted.keys()]).map((before) => ({
      before,
      event: final ? 'human_labeled' : 'auto_labeled',
      labels: wanted.get(before.seq)!,
    }));
    return writeSampleChanges(ctx, datasetId, changes);
  })();
}
