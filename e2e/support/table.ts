import type { Locator } from '@playwright/test';

/**
 * A table as a person reads it: one record per body row, keyed by the column headers' text. Columns
 * without a header text (row selection) are left out.
 */
export async function readTable(table: Locator): Promise<Record<string, string>[]> {
  const headers = (await table.getByRole('columnheader').allInnerTexts()).map((h) => h.trim());
  const rows = await table.locator('tbody').getByRole('row').all();
  const records: Record<string, string>[] = [];
  for (const row of rows) {
    const cells = (await row.getByRole('cell').allInnerTexts()).map((c) => c.trim());
    // antd keeps a hidden measuring row and an empty placeholder row in some states.
    if (cells.length !== headers.length) continue;
    records.push(Object.fromEntries(headers.flatMap((h, i) => (h ? [[h, cells[i]]] : []))));
  }
  return records;
}

/** `{ name: count }` of a table's two columns, e.g. label name → samples. */
export async function columnPairs(table: Locator, key: string, value: string): Promise<Record<string, string>> {
  return Object.fromEntries((await readTable(table)).map((r) => [r[key], r[value]]));
}
