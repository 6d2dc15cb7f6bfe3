import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addRange,
  emptySelection,
  extendTo,
  isSelected,
  selectAllMatching,
  selectedPages,
  selectionCount,
  selectionRanges,
  selectOnly,
  toggleIndex,
  type GallerySelection,
} from './gallery-selection';

const indices = (sel: GallerySelection) => selectionRanges(sel).flatMap(([a, b]) => Array.from({ length: b - a + 1 }, (_, k) => a + k));

describe('gallery selection', () => {
  it('click, ctrl-click and shift-click behave as in a file manager', () => {
    let sel = selectOnly(3);
    sel = toggleIndex(sel, 7); // ctrl-click adds 7 and anchors there
    expect(indices(sel)).toEqual([3, 7]);
    sel = extendTo(sel, 10, false); // shift-click: anchor 7 → 10, replacing the rest
    expect(indices(sel)).toEqual([7, 8, 9, 10]);
    sel = extendTo(sel, 5, false); // pivots around the same anchor
    expect(indices(sel)).toEqual([5, 6, 7]);
    sel = extendTo(toggleIndex(sel, 20), 22, true); // ctrl+shift adds a range from the new anchor
    expect(indices(sel)).toEqual([5, 6, 7, 20, 21, 22]);
    expect(selectionCount(sel)).toBe(6);
  });

  it('keeps a million-sample range as one range', () => {
    const sel = extendTo(selectOnly(0), 999_999, false);
    expect(sel).toMatchObject({ kind: 'some', ranges: [[0, 999_999]] });
    expect(selectionCount(sel)).toBe(1_000_000);
    expect(isSelected(sel, 500_000)).toBe(true);
    expect(isSelected(sel, 1_000_000)).toBe(false);
  });

  it('deselecting one sample of "all matching" leaves the rest explicitly selected', () => {
    const sel = toggleIndex(selectAllMatching(10), 4);
    expect(sel.kind).toBe('some');
    expect(indices(sel)).toEqual([0, 1, 2, 3, 5, 6, 7, 8, 9]);
  });

  it('agrees with a plain set under any sequence of operations', () => {
    const op = fc.oneof(
      fc.record({ k: fc.constant('only' as const), i: fc.nat(60) }),
      fc.record({ k: fc.constant('toggle' as const), i: fc.nat(60) }),
      fc.record({ k: fc.constant('extend' as const), i: fc.nat(60), add: fc.boolean() }),
      fc.record({ k: fc.constant('range' as const), i: fc.nat(60), j: fc.nat(60) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 30 }), (ops) => {
        let sel: GallerySelection = emptySelection;
        let set = new Set<number>();
        let anchor: number | undefined;
        for (const o of ops) {
          if (o.k === 'only') [sel, set, anchor] = [selectOnly(o.i), new Set([o.i]), o.i];
          else if (o.k === 'toggle') {
            sel = toggleIndex(sel, o.i);
            if (set.has(o.i)) set.delete(o.i);
            else set.add(o.i);
            anchor = o.i;
          } else if (o.k === 'extend') {
            sel = extendTo(sel, o.i, o.add);
            const a = anchor ?? o.i;
            if (!o.add) set = new Set();
            for (let x = Math.min(a, o.i); x <= Math.max(a, o.i); x++) set.add(x);
            anchor = a;
          } else {
            sel = addRange(sel, Math.min(o.i, o.j), Math.max(o.i, o.j));
            for (let x = Math.min(o.i, o.j); x <= Math.max(o.i, o.j); x++) set.add(x);
          }
        }
        expect(indices(sel)).toEqual([...set].sort((a, b) => a - b));
        for (let x = 0; x <= 61; x++) expect(isSelected(sel, x)).toBe(set.has(x));
      }),
    );
  });

  it('walks the selected positions page by page', () => {
    const pages = [...selectedPages([[98, 101], [250, 250]], 100)];
    expect(pages).toEqual([
      { page: 0, indices: [98, 99] },
      { page: 1, indices: [100, 101] },
      { page: 2, indices: [250] },
    ]);
  });
});
