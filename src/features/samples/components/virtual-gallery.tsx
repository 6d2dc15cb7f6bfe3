import { useVirtualizer } from '@tanstack/react-virtual';
import { theme } from 'antd';
import { useEffect, useId, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { DescribeSampleResp } from '@contract/sample';
import { columnsFor, galleryGeometry, moveFocus, NAV_KEYS, rowTop, scrollOffsetFor, visibleRows, type NavKey } from '../gallery-layout';
import { isSelected, type GallerySelection } from '../gallery-selection';
import type { GalleryView } from '../use-gallery-url';
import { GalleryTile, LIST_COLUMNS, LIST_ROW, TILE_GAP as GAP, TILE_HEIGHT, TILE_WIDTH, type TileHandlers, type TilePalette } from './gallery-tile';

const LIST_HEADER = 36;
/** The virtualizer only needs the scroll height; a few thousand blocks keep its own bookkeeping small. */
const MAX_BLOCKS = 5_000;

interface Props extends Omit<TileHandlers, 'onPointer'> {
  view: GalleryView;
  total: number;
  sampleAt: (index: number) => DescribeSampleResp | undefined;
  selection: GallerySelection;
  focus: number;
  busy: boolean;
  /** Give the grid keyboard focus when it mounts (returning from the editor). */
  autoFocus: boolean;
  colorOf: (name: string) => string | undefined;
  onPointer: (index: number, e: { shiftKey: boolean; ctrlKey: boolean }) => void;
  /** Focus moved by a key; `extend` when Shift was held. */
  onNavigate: (index: number, extend: boolean) => void;
  onClear: () => void;
  onSelectAll: () => void;
  /** Positions in view (without overscan) and with overscan, whenever they change. */
  onRange: (inView: [number, number], withOverscan: [number, number]) => void;
}

/**
 * The virtual gallery: thumbnails in rows (or a list), over every position of the filter. Rows are laid
 * out from the scroll offset (see gallery-layout.ts); @tanstack/react-virtual observes the scroll element
 * and sizes the scroll area. Keyboard: arrows, Home/End, Page Up/Down move the focus, Shift extends the
 * selection, Space toggles, Enter opens the editor, Escape clears, Ctrl/⌘+A selects all matching.
 */
export function VirtualGallery(p: Props) {
  const { t, i18n } = useTranslation('samples');
  const { token } = theme.useToken();
  const ids = useId();
  const scrollRef = useRef<HTMLDivElement>(null);
  const list = p.view === 'list';
  const rowHeight = list ? LIST_ROW : TILE_HEIGHT + GAP;
  const header = list ? LIST_HEADER : 0;

  const [rect, setRect] = useState({ width: 1024, height: 600 });
  const columns = list ? 1 : columnsFor(rect.width - GAP, TILE_WIDTH, GAP);
  const viewport = Math.max(1, rect.height - header);
  const g = galleryGeometry(p.total, columns, rowHeight, viewport);
  const blocks = Math.min(g.rows, MAX_BLOCKS);
  const virtualizer = useVirtualizer({
    count: blocks,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => (g.rows * g.slot) / Math.max(1, blocks),
    initialRect: rect,
    overscan: 0,
  });
  const blockSize = (g.rows * g.slot) / Math.max(1, blocks);
  useLayoutEffect(() => virtualizer.measure(), [virtualizer, blockSize]);
  const measured = virtualizer.scrollRect;
  useEffect(() => {
    if (measured && (measured.width !== rect.width || measured.height !== rect.height)) setRect({ width: measured.width, height: measured.height });
  }, [measured, rect]);

  const scrollTop = virtualizer.scrollOffset ?? 0;
  const [first, last] = visibleRows(g, scrollTop, viewport, 0);
  const [oFirst, oLast] = visibleRows(g, scrollTop, viewport, 2);
  const lastIndex = p.total - 1;
  const inView: [number, number] = [Math.min(first * columns, lastIndex), Math.min((last + 1) * columns - 1, lastIndex)];
  const withOverscan: [number, number] = [Math.min(oFirst * columns, lastIndex), Math.min((oLast + 1) * columns - 1, lastIndex)];
  const { onRange } = p;
  useEffect(() => onRange(inView, withOverscan), [onRange, inView[0], inView[1], withOverscan[0], withOverscan[1]]); // eslint-disable-line react-hooks/exhaustive-deps

  // Keep the focused position in view (arrows, returning from the editor, a click on a half-hidden tile).
  const focusRow = Math.floor(p.focus / columns);
  const centred = useRef(false);
  const settledLayout = !!measured && measured.width === rect.width && measured.height === rect.height;
  useLayoutEffect(() => {
    // Wait for the real size: the columns, hence the focused row, follow from it.
    if (g.rows === 0 || !settledLayout) return;
    const align = centred.current ? 'auto' : 'center';
    centred.current = true;
    const target = scrollOffsetFor(g, focusRow, virtualizer.scrollOffset ?? 0, viewport, align);
    if (target !== undefined) virtualizer.scrollToOffset(target);
    // Only a new focus (or the first layout) scrolls; the user's own scrolling is left alone.
  }, [focusRow, columns, settledLayout, g.rows > 0]); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    if (p.autoFocus) scrollRef.current?.focus({ preventScroll: true });
  }, [p.autoFocus]);

  const palette = useMemo<TilePalette>(
    () => ({
      t,
      language: i18n.language,
      border: token.colorBorderSecondary,
      primary: token.colorPrimary,
      placeholder: token.colorFillSecondary,
      surface: token.colorBgContainer,
      text: token.colorText,
      muted: token.colorTextSecondary,
      selectedBg: token.colorPrimaryBg,
      stateColor: { UN_ANNOTATION: token.colorTextSecondary, MANUAL_ANNOTATION: token.colorSuccessText, AUTO_ANNOTATION: token.colorWarningText },
      radius: token.borderRadiusLG,
    }),
    [token, t, i18n.language],
  );

  const focusGrid = () => scrollRef.current?.focus({ preventScroll: true });
  const { onPointer, onToggle, onOpen, onPreview } = p;
  const handlers = useMemo(
    () => ({
      onPointer: (i: number, e: MouseEvent) => {
        focusGrid();
        onPointer(i, { shiftKey: e.shiftKey, ctrlKey: e.ctrlKey || e.metaKey });
      },
      onToggle: (i: number) => {
        focusGrid();
        onToggle(i);
      },
      onOpen,
      onPreview,
    }),
    [onPointer, onToggle, onOpen, onPreview],
  );

  const onKeyDown = (e: KeyboardEvent) => {
    if (p.total === 0) return;
    const focus = Math.min(p.focus, lastIndex);
    if (NAV_KEYS.includes(e.key)) {
      e.preventDefault();
      p.onNavigate(moveFocus(e.key as NavKey, focus, p.total, columns, Math.max(1, Math.floor(viewport / rowHeight))), e.shiftKey);
    } else if (e.key === ' ') {
      e.preventDefault();
      p.onToggle(focus);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      p.onOpen(focus);
    } else if (e.key === 'Escape') {
      p.onClear();
    } else if (e.key.toLowerCase() === 'a' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      p.onSelectAll();
    }
  };

  const cellId = (i: number) => `${ids}-cell-${i}`;
  const rows: number[] = [];
  for (let r = oFirst; r <= oLast && g.rows > 0; r++) rows.push(r);
  const focusRendered = p.focus >= withOverscan[0] && p.focus <= withOverscan[1];

  return (
    <div
      ref={scrollRef}
      role="grid"
      tabIndex={0}
      aria-label={t('grid.label')}
      aria-multiselectable
      aria-rowcount={g.rows + (list ? 1 : 0)}
      aria-colcount={list ? 8 : columns}
      aria-busy={p.busy}
      aria-activedescendant={focusRendered ? cellId(p.focus) : undefined}
      aria-describedby={`${ids}-keys`}
      onKeyDown={onKeyDown}
      style={{ height: 'max(360px, calc(100vh - 400px))', overflow: 'auto', position: 'relative', outline: 'none', borderRadius: token.borderRadiusLG, background: token.colorFillQuaternary }}
    >
      <span id={`${ids}-keys`} hidden>
        {t('grid.keys')}
      </span>
      {list && <ListHeader height={LIST_HEADER} />}
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {rows.map((r) => (
          <div key={r} role="row" aria-rowindex={r + 1 + (list ? 1 : 0)} style={{ position: 'absolute', left: 0, right: 0, top: rowTop(g, r, scrollTop), height: rowHeight }}>
            {Array.from({ length: Math.min(columns, p.total - r * columns) }, (_, c) => {
              const i = r * columns + c;
              return (
                <GalleryTile
                  key={i}
                  id={cellId(i)}
                  index={i}
                  variant={p.view}
                  sample={p.sampleAt(i)}
                  selected={isSelected(p.selection, i)}
                  focused={i === p.focus}
                  column={c}
                  palette={palette}
                  colorOf={p.colorOf}
                  {...handlers}
                />
              );
            })}
          </div>
        ))}
      </div>
    </div>
  );
}

function ListHeader({ height }: { height: number }) {
  const { t } = useTranslation('samples');
  const { token } = theme.useToken();
  const cols = ['', '', t('list.name'), t('list.state'), t('list.labels'), t('list.size'), t('list.time'), ''];
  return (
    <div
      role="row"
      aria-rowindex={1}
      style={{
        position: 'sticky',
        top: 0,
        zIndex: 1,
        height,
        display: 'grid',
        gridTemplateColumns: LIST_COLUMNS,
        gap: 12,
        padding: '0 13px',
        alignItems: 'center',
        background: token.colorBgLayout,
        color: token.colorTextSecondary,
        fontSize: 12,
        borderBottom: `1px solid ${token.colorBorderSecondary}`,
      }}
    >
      {cols.map((c, k) => (
        <span key={k} role="columnheader">
          {c}
        </span>
      ))}
    </div>
  );
}
