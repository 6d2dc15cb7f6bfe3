import type { SampleLabel } from '../../contract/sample.js';
import type { ImportStats } from './import-stats.js';
import type { ImportOptions } from './options.js';

/**
 * A hard example, as `difficult_only` selects them: its manifest line says so (`"hard": "true"`), or one
 * of its objects is flagged difficult (Pascal VOC `<difficult>1</difficult>`, kept as `@modelarts:difficult`).
 */
export function isHardExample(labels: readonly SampleLabel[], manifestHard: boolean | undefined): boolean {
  return manifestHard === true || labels.some((l) => l.property?.['@modelarts:difficult'] === true);
}

/**
 * The labels `included_labels` / `excluded_labels` let through; the others are counted as excluded. A
 * sample whose labels are all filtered out is imported without labels.
 */
export function filterLabels(opts: Pick<ImportOptions, 'included' | 'excluded'>, labels: SampleLabel[], stats: ImportStats): SampleLabel[] {
  if (!opts.included && opts.excluded.size === 0) return labels;
  const kept = labels.filter((l) => (!opts.included || opts.included.has(l.name)) && !opts.excluded.has(l.name));
  stats.annotationsExcluded(labels.length - kept.length);
  return kept;
}
