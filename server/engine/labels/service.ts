import type { BatchBody } from '../../contract/common.js';
import { ModelArtsError } from '../../contract/errors.js';
import { LabelName, type Label, type LabelDeleteImpactResp, type LabelStats } from '../../contract/label.js';
import type { EngineContext } from '../context.js';
import { requireDataset, touchDatasetData } from '../samples/dataset-ref.js';
import { exclusiveSampleSeqs, labelDeleteCounts, renameLabelInSamples, stripLabelsFromSamples } from '../samples/label-edits.js';
import { deleteSamplesBySeq, removeSourceFiles, type SourceFile } from '../samples/repository.js';
import { inTransaction } from '../samples/sql.js';
import { batchBody, fail, ok, type Verdict } from './batch.js';
import { ShortcutTable, typeProblem } from './checks.js';
import {
  ColourPicker,
  deleteLabelRows,
  insertLabelRow,
  labelProperty,
  labelRows,
  labelRowsByName,
  storedProperty,
  toLabelStats,
  updateLabelRow,
  type LabelRow,
} from './repository.js';
import { defaultLabelType, TRIPLET_ENTITY } from './rules.js';

const q = JSON.stringify;

/** L1 / D6: the dataset's labels with their counters, in creation order. */
export function listLabels(ctx: EngineContext, datasetId: string): LabelStats[] {
  requireDataset(ctx, datasetId);
  return labelRows(ctx, datasetId).map(toLabelStats);
}

function entityNames(rows: Iterable<LabelRow>): Set<string> {
  return new Set([...rows].filter((r) => r.type === TRIPLET_ENTITY).map((r) => r.name));
}

/**
 * L2, and labels given to D2 / D4 `add_labels`. All-or-nothing: 4411 duplicate name (in the dataset or the
 * request), 4412 duplicate shortcut, 4413 a type the dataset cannot hold. Colours are assigned when absent.
 */
export function createLabels(ctx: EngineContext, datasetId: string, datasetType: number, labels: Label[]): BatchBody {
  return inTransaction(ctx, () => {
    requireDataset(ctx, datasetId);
    const existing = labelRowsByName(ctx, datasetId);
    const shortcuts = new ShortcutTable();
    for (const row of existing.values()) shortcuts.set(row.name, labelProperty(row)['@modelarts:shortcut']);
    // Relations may name entity labels created by the same request.
    const entities = entityNames(existing.values());
    for (const l of labels) if ((l.type ?? defaultLabelType(datasetType, l.property)) === TRIPLET_ENTITY) entities.add(l.name);

    const seen = new Set<string>();
    const planned = labels.map((label) => ({
      ...label,
      type: label.type ?? defaultLabelType(datasetType, label.property),
      property: storedProperty(label.property),
    }));
    const verdicts = planned.map((label): Verdict => {
      if (existing.has(label.name)) return fail('4411', `Label ${q(label.name)} already exists`);
      if (seen.has(label.name)) return fail('4411', `Label ${q(label.name)} appears more than once in the request`);
      seen.add(label.name);
      const problem = typeProblem(datasetType, label.name, label.type, label.property, entities);
      if (problem) return problem;
      const shortcut = label.property['@modelarts:shortcut'];
      const owner = shortcut === undefined ? undefined : shortcuts.conflict(label.name, shortcut);
      if (owner !== undefined) return fail('4412', `Shortcut ${q(shortcut)} is already used by label ${q(owner)}`);
      shortcuts.set(label.name, shortcut);
      return ok;
    });
    const body = batchBody(verdicts);
    if (!body.success) return body;

    const colours = new ColourPicker(existing.values());
    for (const label of planned) {
      const property = { ...label.property, '@modelarts:color': colours.take(label.property['@modelarts:color']) };
      insertLabelRow(ctx, datasetId, { name: label.name, type: label.type, property, attributes: label.attributes });
    }
    return body;
  });
}

/**
 * L3 / L5, and D4 `update_labels`: colour, default shape, shortcut and attributes; a rename through
 * `@modelarts:rename_to` also renames the label in every sample carrying it. 4410 unknown label, 4411
 * rename onto an existing name, 4412 shortcut taken, 4413 a type change or an unfit property.
 */
export function updateLabels(ctx: EngineContext, datasetId: string, labels: Label[]): BatchBody {
  return inTransaction(ctx, () => {
    const dataset = requireDataset(ctx, datasetId);
    const existing = labelRowsByName(ctx, datasetId);
    const shortcuts = new ShortcutTable();
    for (const row of existing.values()) shortcuts.set(String(row.id), labelProperty(row)['@modelarts:shortcut']);
    const entities = entityNames(existing.values());
    const seen = new Set<string>();
    const targets = new Set<string>();
    const plans: { row: LabelRow; name: string; property: ReturnType<typeof storedProperty>; attributes: string | null }[] = [];

    const verdicts = labels.map((label): Verdict => {
      const row = existing.get(label.name);
      if (!row) return fail('4410', `Label ${q(label.name)} does not exist`);
      if (seen.has(label.name)) return fail('4411', `Label ${q(label.name)} appears more than once in the request`);
      seen.add(label.name);
      if (label.type !== undefined && label.type !== row.type) {
        return fail('4413', `The type of label ${q(label.name)} cannot change (it is ${row.type})`);
      }
      const property = { ...labelProperty(row), ...storedProperty(label.property) };
      const problem = typeProblem(dataset.type, label.name, row.type, property, entities);
      if (problem) return problem;

      const renameTo = label.property?.['@modelarts:rename_to'];
      let name = row.name;
      if (renameTo !== undefined && renameTo !== row.name) {
        if (!LabelName.safeParse(renameTo).success) return fail('4413', `${q(renameTo)} is not a valid label name`);
        if (existing.has(renameTo) || targets.has(renameTo)) return fail('4411', `Label ${q(renameTo)} already exists`);
        targets.add(renameTo);
        name = renameTo;
      }
      const shortcut = property['@modelarts:shortcut'];
      const owner = shortcut === undefined ? undefined : shortcuts.conflict(String(row.id), shortcut);
      if (owner !== undefined) {
        const ownerName = [...existing.values()].find((r) => String(r.id) === owner)?.name;
        return fail('4412', `Shortcut ${q(shortcut)} is already used by label ${q(ownerName)}`);
      }
      shortcuts.set(String(row.id), shortcut);
      const attributes = label.attributes ? JSON.stringify(label.attributes) : row.attributes;
      plans.push({ row, name, property, attributes });
      return ok;
    });
    const body = batchBody(verdicts);
    if (!body.success) return body;

    let renamed = false;
    for (const p of plans) {
      updateLabelRow(ctx, p.row.id, { name: p.name, property: p.property, attributes: p.attributes });
      if (p.name !== p.row.name) {
        renameLabelInSamples(ctx, p.row.id, p.row.name, p.name);
        renamed = true;
      }
    }
    if (renamed) touchDatasetData(ctx, datasetId);
    return body;
  });
}

/** Looks up labels by name; 4410 verdicts for unknown names. */
function resolveNames(ctx: EngineContext, datasetId: string, names: readonly string[]) {
  const existing = labelRowsByName(ctx, datasetId);
  const verdicts = names.map((n): Verdict => (existing.has(n) ? ok : fail('4410', `Label ${q(n)} does not exist`)));
  const rows = [...new Set(names)].map((n) => existing.get(n)).filter((r): r is LabelRow => r !== undefined);
  return { verdicts, rows };
}

/**
 * L4 / L6, and D4 `delete_labels`. Policy 0: the labels leave the dataset and every sample (samples left
 * without labels become UN_ANNOTATION). 1: the samples whose only labels these are are deleted too,
 * keeping their source files. 2: as 1, and those files are removed from the object store.
 */
export function deleteLabels(ctx: EngineContext, datasetId: string, names: string[], policy: 0 | 1 | 2): BatchBody {
  let files: SourceFile[] = [];
  const body = inTransaction(ctx, () => {
    requireDataset(ctx, datasetId);
    const { verdicts, rows } = resolveNames(ctx, datasetId, names);
    const result = batchBody(verdicts);
    if (!result.success) return result;
    const ids = rows.map((r) => r.id);
    if (policy > 0) files = deleteSamplesBySeq(ctx, datasetId, exclusiveSampleSeqs(ctx, ids));
    const touched = stripLabelsFromSamples(ctx, datasetId, ids, new Set(rows.map((r) => r.name)));
    deleteLabelRows(ctx, ids);
    if (touched > 0) touchDatasetData(ctx, datasetId);
    return result;
  });
  // Files go only after the rows' transaction has succeeded, so a failed delete never loses data (inside a
  // caller's transaction, the caller's rollback can no longer bring them back).
  if (body.success && policy === 2) removeSourceFiles(ctx, files);
  return body;
}

/** Local extension: what deleting these labels would change, for a confirmation that states counts. */
export function labelDeleteImpact(ctx: EngineContext, datasetId: string, names: string[]): LabelDeleteImpactResp {
  requireDataset(ctx, datasetId);
  const { verdicts, rows } = resolveNames(ctx, datasetId, names);
  const missing = verdicts.find((v): v is Extract<Verdict, { ok: false }> => !v.ok);
  if (missing) throw new ModelArtsError(missing.code, missing.message);
  return labelDeleteCounts(ctx, rows.map((r) => r.id));
}
