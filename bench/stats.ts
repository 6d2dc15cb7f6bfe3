/** Small statistics and formatting helpers for the benchmark report. */

/** The p-th percentile (0–100) by nearest rank; NaN for no values. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

export const ms = (v: number, digits = 2) => (Number.isFinite(v) ? `${v.toFixed(digits)} ms` : 'n/a');

export type Verdict = 'PASS' | 'FAIL' | 'n/a';

export interface ReportRow {
  id: string;
  measure: string;
  value: string;
  bar: string;
  result: Verdict | string;
}

/** A plain-text table: every column padded to its widest cell. */
export function formatTable(rows: readonly ReportRow[]): string {
  const header: ReportRow = { id: 'id', measure: 'measure', value: 'measured', bar: 'bar', result: 'result' };
  const all = [header, ...rows];
  const keys = ['id', 'measure', 'value', 'bar', 'result'] as const;
  const widths = keys.map((k) => Math.max(...all.map((r) => r[k].length)));
  const line = (r: ReportRow) => keys.map((k, i) => r[k].padEnd(widths[i])).join(' │ ').trimEnd();
  const rule = widths.map((w) => '─'.repeat(w)).join('─┼─');
  return [line(header), rule, ...rows.map(line)].join('\n');
}
