/**
 * Geometry of the virtual gallery. Browsers cap an element's height (Chrome ~33.5M px, Firefox ~17.9M px),
 * and a million samples in rows of ~200 px is ~35M px. Above `MAX_SCROLL_HEIGHT` the scrollable height is
 * compressed: each row gets a thinner *slot* in the scroll area, and the scroll offset is mapped linearly
 * onto the real layout, so both ends stay reachable and the scrollbar still spans every sample.
 */
export const MAX_SCROLL_HEIGHT = 8_000_000;

export interface GalleryGeometry {
  rows: number;
  rowHeight: number;
  /** Height of one row's slot in the scroll area (= rowHeight unless compressed). */
  slot: number;
  /** Real layout offset per scrolled pixel (1 unless compressed). */
  scale: number;
}

export function galleryGeometry(count: number, columns: number, rowHeight: number, viewport: number, maxHeight = MAX_SCROLL_HEIGHT): GalleryGeometry {
  const rows = Math.ceil(count / Math.max(1, columns));
  const real = rows * rowHeight;
  if (real <= maxHeight || viewport >= maxHeight) return { rows, rowHeight, slot: rowHeight, scale: 1 };
  const slot = maxHeight / rows;
  // Map [0, scroll max] onto [0, layout max], both less one viewport, so the last row can be reached.
  const scale = (real - viewport) / Math.max(1, maxHeight - viewport);
  return { rows, rowHeight, slot, scale };
}

/** Rows (inclusive) that intersect the viewport at scroll offset `scrollTop`, widened by `overscan`. */
export function visibleRows(g: GalleryGeometry, scrollTop: number, viewport: number, overscan = 1): [number, number] {
  if (g.rows === 0) return [0, -1];
  const top = scrollTop * g.scale;
  const first = Math.max(0, Math.floor(top / g.rowHeight) - overscan);
  const last = Math.min(g.rows - 1, Math.ceil((top + viewport) / g.rowHeight) - 1 + overscan);
  return [first, last];
}

/** Where row `row` is drawn inside the scroll content, at scroll offset `scrollTop`. */
export function rowTop(g: GalleryGeometry, row: number, scrollTop: number): number {
  return scrollTop + row * g.rowHeight - scrollTop * g.scale;
}

/**
 * The scroll offset that brings `row` fully into view with the least movement (or `undefined` when it is
 * in view already); `center` puts it in the middle, for returning to a remembered position.
 */
export function scrollOffsetFor(g: GalleryGeometry, row: number, scrollTop: number, viewport: number, align: 'auto' | 'center' = 'auto'): number | undefined {
  const top = row * g.rowHeight;
  const bottom = top + g.rowHeight;
  const viewTop = scrollTop * g.scale;
  let target: number;
  if (align === 'center') target = top - (viewport - g.rowHeight) / 2;
  else if (top < viewTop) target = top;
  else if (bottom > viewTop + viewport) target = bottom - viewport;
  else return undefined;
  const maxLayout = Math.max(0, g.rows * g.rowHeight - viewport);
  // Round away from the row so a compressed offset never leaves it a few pixels outside the view.
  const physical = Math.min(Math.max(0, target), maxLayout) / g.scale;
  return target < viewTop ? Math.floor(physical) : Math.ceil(physical);
}

/** Columns of fixed-width tiles that fit a width. */
export function columnsFor(width: number, tileWidth: number, gap: number): number {
  return Math.max(1, Math.floor((width + gap) / (tileWidth + gap)));
}

export type NavKey = 'ArrowLeft' | 'ArrowRight' | 'ArrowUp' | 'ArrowDown' | 'Home' | 'End' | 'PageUp' | 'PageDown';
export const NAV_KEYS: readonly string[] = ['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'Home', 'End', 'PageUp', 'PageDown'];

/**
 * The position a key moves focus to in a grid of `columns`: left/right step through the reading order
 * (wrapping across rows), up/down keep the column, a short last row is reached from the row above it, and
 * Page keys move by the rows that fit the view.
 */
export function moveFocus(key: NavKey, index: number, count: number, columns: number, rowsPerPage: number): number {
  if (count === 0) return 0;
  const last = count - 1;
  const clamp = (i: number) => Math.min(last, Math.max(0, i));
  switch (key) {
    case 'ArrowLeft':
      return clamp(index - 1);
    case 'ArrowRight':
      return clamp(index + 1);
    case 'ArrowUp':
      return index - columns >= 0 ? index - columns : index;
    case 'ArrowDown':
      // From the row above a short last row, land on its last tile rather than staying put.
      return index + columns <= last ? index + columns : Math.floor(index / columns) < Math.floor(last / columns) ? last : index;
    case 'Home':
      return 0;
    case 'End':
      return last;
    case 'PageUp':
      return clamp(index - columns * Math.max(1, rowsPerPage));
    case 'PageDown': {
      const next = index + columns * Math.max(1, rowsPerPage);
      return next <= last ? next : last;
    }
  }
}
