import type { LabelProperty } from '../../contract/label.js';
import { fail, type Verdict } from './batch.js';
import { allowedLabelTypes, takesDefaultShape, TRIPLET_RELATION } from './rules.js';

/** Whether a label of `labelType` with `property` fits a dataset of `datasetType` (4413 when not). */
export function typeProblem(
  datasetType: number,
  name: string,
  labelType: number,
  property: LabelProperty,
  entities: ReadonlySet<string>,
): Verdict | undefined {
  if (!allowedLabelTypes(datasetType).includes(labelType)) {
    return fail('4413', `Label ${JSON.stringify(name)} has type ${labelType}, which a dataset of type ${datasetType} cannot hold`);
  }
  if (property['@modelarts:default_shape'] !== undefined && !takesDefaultShape(labelType)) {
    return fail('4413', `Label ${JSON.stringify(name)}: @modelarts:default_shape applies to image labels only`);
  }
  if (labelType === TRIPLET_RELATION) {
    for (const end of ['@modelarts:from_type', '@modelarts:to_type'] as const) {
      const entity = property[end];
      if (entity === undefined) return fail('4413', `Relation label ${JSON.stringify(name)} needs ${end}`);
      if (!entities.has(entity)) {
        return fail('4413', `Relation label ${JSON.stringify(name)}: ${end} ${JSON.stringify(entity)} is not an entity label`);
      }
    }
  }
  return undefined;
}

/** Shortcuts are keys: `D` and `d` are the same one. */
export const shortcutKey = (shortcut: string) => shortcut.toLowerCase();

/** Shortcut owners while a batch is checked: label key (name or id) → shortcut. */
export class ShortcutTable {
  private readonly byOwner = new Map<string, string>();

  set(owner: string, shortcut: string | undefined): void {
    if (shortcut === undefined) this.byOwner.delete(owner);
    else this.byOwner.set(owner, shortcutKey(shortcut));
  }

  /** Another owner of the same shortcut, if any. */
  conflict(owner: string, shortcut: string): string | undefined {
    const key = shortcutKey(shortcut);
    for (const [other, s] of this.byOwner) if (other !== owner && s === key) return other;
    return undefined;
  }
}
