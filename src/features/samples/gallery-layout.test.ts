import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { columnsFor, galleryGeometry, moveFocus, rowTop, scrollOffsetFor, visibleRows } from './gallery-layout';

describe('gallery layout', () => {
  it('lays a small gallery out one to one', () => {
    const g = galleryGeometry(1000, 5, 200, 600);
    expect(g).toEqual({ rows: 200, rowHeight: 200, slot: 200, scale: 1 });
    expect(visibleRows(g, 1000, 600, 0)).toEqual([5, 7]);
    expect(rowTop(g, 6, 1000)).toBe(1200);
  });

  it('compresses a million samples under the browser height limit and still reaches both ends', () => {
    const viewport = 700;
    const g = galleryGeometry(1_000_000, 6, 208, viewport);
    expect(g.rows * g.slot).toBeLessThanOrEqual(8_000_000 + 1e-6);
    expect(visibleRows(g, 0, viewport, 0)[0]).toBe(0);
    const maxScroll = g.rows * g.slot - viewport;
    const [, last] = visibleRows(g, maxScroll, viewport, 0);
    expect(last).toBe(g.rows - 1);
    // The last row sits at the bottom of the view, where the user expects it.
    expect(rowTop(g, g.rows - 1, maxScroll) - maxScroll + g.rowHeight).toBeCloseTo(viewport, 3);
  });

  it('scrolls the least needed to reveal a row, in any compression', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2_000_000 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 300, max: 1200 }), fc.double({ min: 0, max: 1, noNaN: true }), (count, cols, viewport, at) => {
        const g = galleryGeometry(count, cols, 208, viewport);
        const row = Math.floor(at * (g.rows - 1));
        const scroll = scrollOffsetFor(g, row, 0, viewport) ?? 0;
        const top = rowTop(g, row, scroll) - scroll;
        expect(top).toBeGreaterThanOrEqual(-1);
        expect(top + g.rowHeight).toBeLessThanOrEqual(viewport + Math.ceil(g.scale) + 1);
        const [first, last] = visibleRows(g, scroll, viewport, 0);
        expect(row).toBeGreaterThanOrEqual(first);
        expect(row).toBeLessThanOrEqual(last);
      }),
    );
  });

  it('fits columns to the width', () => {
    expect(columnsFor(1000, 184, 12)).toBe(5);
    expect(columnsFor(100, 184, 12)).toBe(1);
  });

  it('moves focus row-aware', () => {
    // 10 samples in rows of 4: 0-3, 4-7, 8-9.
    expect(moveFocus('ArrowRight', 3, 10, 4, 2)).toBe(4);
    expect(moveFocus('ArrowLeft', 0, 10, 4, 2)).toBe(0);
    expect(moveFocus('ArrowDown', 1, 10, 4, 2)).toBe(5);
    expect(moveFocus('ArrowDown', 6, 10, 4, 2)).toBe(9);
    expect(moveFocus('ArrowDown', 9, 10, 4, 2)).toBe(9);
    expect(moveFocus('ArrowUp', 9, 10, 4, 2)).toBe(5);
    expect(moveFocus('ArrowUp', 2, 10, 4, 2)).toBe(2);
    expect(moveFocus('PageDown', 1, 10, 4, 2)).toBe(9);
    expect(moveFocus('PageUp', 9, 10, 4, 2)).toBe(1);
    expect(moveFocus('End', 0, 10, 4, 2)).toBe(9);
    expect(moveFocus('Home', 7, 10, 4, 2)).toBe(0);
  });
});
