import { LABEL_TYPES } from '../../contract/label.js';
import { isImageDatasetType } from '../../contract/dataset.js';

const TRIPLET_RELATION = 102;
const TRIPLET_ENTITY = 103;
export { TRIPLET_ENTITY, TRIPLET_RELATION };

/** Label types a dataset of this type may hold (§9): its own, both triplet kinds, anything for custom. */
export function allowedLabelTypes(datasetType: number): readonly number[] {
  if (datasetType === 102) return [TRIPLET_RELATION, TRIPLET_ENTITY];
  if (datasetType === 900) return LABEL_TYPES;
  return [datasetType];
}

/** The type of a label created without one: the dataset's; in a triplet dataset, a relation when it names its ends. */
export function defaultLabelType(datasetType: number, property?: Record<string, unknown>): number {
  if (datasetType !== 102) return datasetType;
  return property?.['@modelarts:from_type'] !== undefined || property?.['@modelarts:to_type'] !== undefined
    ? TRIPLET_RELATION
    : TRIPLET_ENTITY;
}

/**
 * The type of a label that first appears on a sample: image datasets use their own type; others keep the
 * sample label's type when the dataset allows it.
 */
export function labelTypeForSample(datasetType: number, given: number | undefined): number {
  if (isImageDatasetType(datasetType)) return datasetType;
  if (given !== undefined && allowedLabelTypes(datasetType).includes(given)) return given;
  return defaultLabelType(datasetType);
}

/** `@modelarts:default_shape` is a drawing tool: it belongs to image labels only. */
export const takesDefaultShape = (labelType: number) => isImageDatasetType(labelType);
