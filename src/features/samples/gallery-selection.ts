/**
 * Which gallery positions are selected. Positions (not sample ids) are kept, because a shift-click can
 * span pages that were never loaded: a range over a million samples stays two numbers. `all` means every
 * sample matching the filter, as counted when it was chosen; the batch then goes to the engine by filter.
 */
export type IndexRange = readonly [start: number, end: number];

export type GallerySelection =
  | { kind: 'some'; ranges: readonly IndexRange[]; anchor?: number }
  | { kind: 'all'; total: number; anchor?: number };

export const emptySelection: GallerySelection = { kind: 'some', ranges: [] };

/** Sorted, disjoint, non-adjacent ranges (inclusive ends) covering `ranges`. */
function normalize(ranges: readonly IndexRange[]): IndexRange[] {
  const sorted = ranges.filter(([a, b]) => a <= b).sort((x, y) => x[0] - y[0]);
  const out: [number, number][] = [];
  for (const [a, b] of sorted) {
    const last = out[out.length - 1];
    if (last && a <= last[1] + 1) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

function subtract(ranges: readonly IndexRange[], [a, b]: IndexRange): IndexRange[] {
  return ranges.flatMap(([s, e]): IndexRange[] => {
    if (e < a || s > b) return [[s, e]];
    const parts: IndexRange[] = [];
    if (s < a) parts.push([s, a - 1]);
    if (e > b) parts.push([b + 1, e]);
    return parts;
  });
}

/** The explicit ranges of a selection; `all` becomes `[0, total-1]`. */
export function selectionRanges(sel: GallerySelection): readonly IndexRange[] {
  if (sel.kind === 'some') return sel.ranges;
  return sel.total > 0 ? [[0, sel.total - 1]] : [];
}

export function isSelected(sel: GallerySelection, index: number): boolean {
  if (sel.kind === 'all') return index >= 0 && index < sel.total;
  // Binary search over the sorted ranges: called for every tile on every render.
  let lo = 0;
  let hi = sel.ranges.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [s, e] = sel.ranges[mid];
    if (index < s) hi = mid - 1;
    else if (index > e) lo = mid + 1;
    else return true;
  }
  return false;
}

export function selectionCount(sel: GallerySelection): number {
  return selectionRanges(sel).reduce((n, [a, b]) => n + b - a + 1, 0);
}

/** A plain click: only this position, which becomes the anchor of later shift-clicks. */
export function selectOnly(index: number): GallerySelection {
  return { kind: 'some', ranges: [[index, index]], anchor: index };
}

/** Ctrl/⌘-click or Space: flips one position and anchors there. */
export function toggleIndex(sel: GallerySelection, index: number): GallerySelection {
  const ranges = selectionRanges(sel);
  const next = isSelected(sel, index) ? subtract(ranges, [index, index]) : normalize([...ranges, [index, index]]);
  return { kind: 'some', ranges: next, anchor: index };
}

/**
 * Shift-click: the range from the anchor to `index`. Alone it replaces the selection (as in a file
 * manager); with Ctrl/⌘ held it is added. The anchor stays, so further shift-clicks pivot around it.
 */
export function extendTo(sel: GallerySelection, index: number, additive: boolean): GallerySelection {
  const anchor = sel.anchor ?? index;
  const range: IndexRange = [Math.min(anchor, index), Math.max(anchor, index)];
  const base = additive ? selectionRanges(sel) : [];
  return { kind: 'some', ranges: normalize([...base, range]), anchor };
}

/** Adds positions (e.g. those in view) without touching the rest. */
export function addRange(sel: GallerySelection, start: number, end: number): GallerySelection {
  if (end < start) return sel;
  return { kind: 'some', ranges: normalize([...selectionRanges(sel), [start, end]]), anchor: sel.anchor };
}

export function selectAllMatching(total: number): GallerySelection {
  return { kind: 'all', total };
}

/** Every selected position, in order, a page (of `pageSize`) at a time. */
export function* selectedPages(ranges: readonly IndexRange[], pageSize: number): Generator<{ page: number; indices: number[] }> {
  let current: { page: number; indices: number[] } | undefined;
  for (const [a, b] of ranges) {
    for (let i = a; i <= b; i++) {
      const page = Math.floor(i / pageSize);
      if (current && current.page !== page) {
        yield current;
        current = undefined;
      }
      current ??= { page, indices: [] };
      current.indices.push(i);
    }
  }
  if (current) yield current;
}
