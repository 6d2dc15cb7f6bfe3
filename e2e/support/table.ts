import type { Locator } from '@playwright/test';

/**
 * A table as a person reads it: one record per body row, keyed by the column headers' text. Columns
 * without a header text (row selection) are left out. Read in one round trip, so polling it stays cheap.
 */
export async function readTable(table: Locator): Promise<Record<string, string>[]> {
  return table.evaluate((el) => {
    const text = (cell: Element) => (cell as HTMLElement).innerText.trim();
    const headers = Array.from(el.querySelectorAll('thead th')).map(text);
    return Array.from(el.querySelectorAll('tbody tr'))
      .map((row) => Array.from(row.querySelectorAll('td')).map(text))
      // antd keeps a hidden measuring row and an empty placeholder row in some states.
      .filter((cells) => cells.length === headers.length)
      .map((cells) => Object.fromEntries(headers.flatMap((h, i) => (h ? [[h, cells[i]]] : []))));
  });
}

/** `{ key: value }` of two of a table's columns, e.g. label name → samples. */
export async function columnPairs(table: Locator, key: string, value: string): Promise<Record<string, string>> {
  return Object.fromEntries((await readTable(table)).map((r) => [r[key], r[value]]));
}
