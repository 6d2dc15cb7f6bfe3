import type { LabelProperty } from '@contract/label';

/** What the editor needs of a dataset label. */
export interface EditorLabel {
  name: string;
  type: number;
  property?: LabelProperty;
}

export interface LabelKey {
  name: string;
  /** The key as `KeyboardEvent.key` reports it, single characters lower-cased; undefined: no shortcut. */
  key?: string;
  color: string;
  /** `@modelarts:default_shape`, when the label has one. */
  defaultShape?: string;
}

// Distinguishable on light and dark backgrounds; used for labels without `@modelarts:color`.
const PALETTE = ['#e8684a', '#5b8ff9', '#5ad8a6', '#f6bd16', '#9270ca', '#ff9d4d', '#269a99', '#ff99c3', '#6dc8ec', '#8b5e3c'];
const DEFAULT_KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9'];

/** Single characters compare case-insensitively (`D` and `d` are one key); named keys (`F2`) as written. */
export const normalizeKey = (key: string) => (key.length === 1 ? key.toLowerCase() : key);

/**
 * Each label's shortcut: its own `@modelarts:shortcut` first (a key claimed twice goes to the first label);
 * labels without one take the free digits 1–9 in label order; later labels have none.
 */
export function labelKeys(labels: EditorLabel[]): LabelKey[] {
  const taken = new Set<string>();
  const explicit = labels.map((l) => {
    const raw = l.property?.['@modelarts:shortcut']?.trim();
    const key = raw ? normalizeKey(raw) : undefined;
    if (!key || taken.has(key)) return undefined;
    taken.add(key);
    return key;
  });
  const free = DEFAULT_KEYS.filter((k) => !taken.has(k));
  return labels.map((l, i) => ({
    name: l.name,
    key: explicit[i] ?? (l.property?.['@modelarts:shortcut'] ? undefined : free.shift()),
    color: l.property?.['@modelarts:color'] ?? PALETTE[i % PALETTE.length],
    defaultShape: l.property?.['@modelarts:default_shape'],
  }));
}

/** The key an editor shortcut listens for, or null for chords (Ctrl/Cmd/Alt) that belong to other commands. */
export function shortcutOf(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey'>): string | null {
  if (e.ctrlKey || e.metaKey || e.altKey) return null;
  return normalizeKey(e.key);
}

export const labelForKey = (keys: LabelKey[], key: string | null) => (key ? keys.find((k) => k.key === key) : undefined);

/** How a key is shown on a chip: `d` → `D`. */
export const displayKey = (key: string) => (key.length === 1 ? key.toUpperCase() : key);
