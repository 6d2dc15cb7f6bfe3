import type { Label, LabelProperty, LabelStats } from '../../contract/label.js';
import type { EngineContext } from '../context.js';
import { parseJson, stmt } from '../samples/sql.js';
import { pickColour } from './palette.js';

export interface LabelRow {
  id: number;
  dataset_id: string;
  name: string;
  type: number;
  property: string;
  attributes: string | null;
  sample_count: number;
  count: number;
  create_time: number;
}

/** The dataset's labels in creation order. */
export function labelRows(ctx: EngineContext, datasetId: string): LabelRow[] {
  return stmt<LabelRow>(ctx, 'SELECT * FROM labels WHERE dataset_id = ? ORDER BY id').all(datasetId);
}

export function labelRowsByName(ctx: EngineContext, datasetId: string): Map<string, LabelRow> {
  return new Map(labelRows(ctx, datasetId).map((r) => [r.name, r]));
}

export function labelRowByName(ctx: EngineContext, datasetId: string, name: string): LabelRow | undefined {
  return stmt<LabelRow>(ctx, 'SELECT * FROM labels WHERE dataset_id = ? AND name = ?').get(datasetId, name);
}

export const labelProperty = (row: Pick<LabelRow, 'property'>): LabelProperty => parseJson<LabelProperty>(row.property, {});

/** Keeps track of the colours in use, so labels created together get different ones. */
export class ColourPicker {
  private readonly used: Set<string>;
  private count: number;
  constructor(rows: Iterable<Pick<LabelRow, 'property'>>) {
    const colours = [...rows].map((r) => labelProperty(r)['@modelarts:color']).filter((c): c is string => !!c);
    this.used = new Set(colours.map((c) => c.toLowerCase()));
    this.count = colours.length;
  }
  take(given?: string): string {
    const colour = given ?? pickColour(this.used, this.count);
    this.used.add(colour.toLowerCase());
    this.count++;
    return colour;
  }
}

/** The stored property: `@modelarts:rename_to` is an instruction, never part of a label. */
export function storedProperty(property: LabelProperty | undefined): LabelProperty {
  const { '@modelarts:rename_to': _rename, ...rest } = property ?? {};
  return rest;
}

export function insertLabelRow(
  ctx: EngineContext,
  datasetId: string,
  label: { name: string; type: number; property: LabelProperty; attributes?: Label['attributes'] },
): number {
  const info = stmt(
    ctx,
    'INSERT INTO labels (dataset_id, name, type, property, attributes, create_time) VALUES (?, ?, ?, ?, ?, ?)',
  ).run(datasetId, label.name, label.type, JSON.stringify(label.property), label.attributes ? JSON.stringify(label.attributes) : null, ctx.now());
  return Number(info.lastInsertRowid);
}

export function updateLabelRow(
  ctx: EngineContext,
  id: number,
  label: { name: string; property: LabelProperty; attributes: string | null },
): void {
  stmt(ctx, 'UPDATE labels SET name = ?, property = ?, attributes = ? WHERE id = ?').run(
    label.name,
    JSON.stringify(label.property),
    label.attributes,
    id,
  );
}

/** Deletes labels; their sample links go with them (ON DELETE CASCADE). */
export function deleteLabelRows(ctx: EngineContext, ids: readonly number[]): void {
  stmt(ctx, 'DELETE FROM labels WHERE id IN (SELECT value FROM json_each(?))').run(JSON.stringify(ids));
}

/** The read model (LabelStats, §1). */
export function toLabelStats(row: LabelRow): LabelStats {
  const stats: LabelStats = {
    name: row.name,
    type: row.type,
    property: labelProperty(row),
    count: row.count,
    sample_count: row.sample_count,
  };
  const attributes = parseJson<Label['attributes'] | null>(row.attributes, null);
  if (attributes) stats.attributes = attributes;
  return stats;
}
