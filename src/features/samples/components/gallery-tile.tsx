import { EyeOutlined, FileOutlined } from '@ant-design/icons';
import { memo, useState, type CSSProperties, type MouseEvent } from 'react';
import type { TFunction } from 'i18next';
import type { DescribeSampleResp } from '@contract/sample';
import { formatBytes, formatTime } from '@/components/format';
import { fileUrl } from '@/lib/http';
import { labelCounts } from './sample-status-tag';

/**
 * Theme colours and the `samples` translations, read once by the gallery and handed to every tile: tiles
 * are many, and hooks in each would add up on every fast scroll.
 */
export interface TilePalette {
  t: TFunction<'samples'>;
  language: string;
  border: string;
  primary: string;
  placeholder: string;
  surface: string;
  text: string;
  muted: string;
  selectedBg: string;
  stateColor: Record<string, string>;
  radius: number;
}

export interface TileHandlers {
  onPointer: (index: number, e: MouseEvent) => void;
  onToggle: (index: number) => void;
  onOpen: (index: number) => void;
  onPreview: (index: number) => void;
}

interface Props extends TileHandlers {
  id: string;
  index: number;
  sample?: DescribeSampleResp;
  selected: boolean;
  focused: boolean;
  palette: TilePalette;
  colorOf: (name: string) => string | undefined;
  /** `grid`: a thumbnail tile in column `column`; `list`: a table-like row. */
  variant: 'grid' | 'list';
  column: number;
}

export const TILE_WIDTH = 184;
export const TILE_HEIGHT = 196;
export const TILE_GAP = 12;
export const LIST_ROW = 44;
export const TILE_IMAGE_HEIGHT = 132;
/** Checkbox, thumbnail, name, state, labels, size, time, preview. */
export const LIST_COLUMNS = '16px 40px minmax(160px, 2fr) 110px minmax(120px, 2fr) 80px 160px 32px';

const ellipsis: CSSProperties = { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', minWidth: 0 };
const stop = (e: MouseEvent) => e.stopPropagation();
// Controls inside a tile never take focus: the grid keeps it, so the keyboard goes on working after a click.
const keepFocus = (e: MouseEvent) => e.preventDefault();

/**
 * One sample in the gallery. Plain HTML and inline styles, no antd components: a screenful of these
 * mounts on every fast scroll, and must stay cheap (quality-bar W3). A position whose page is not loaded
 * yet is a grey tile of the same size, so nothing moves when the sample arrives.
 */
export const GalleryTile = memo(function GalleryTile(p: Props) {
  const { palette: c, sample } = p;
  const { t, language } = c;
  const place: CSSProperties =
    p.variant === 'list'
      ? { left: 0, right: 0, top: 2, height: LIST_ROW - 4 }
      : { left: TILE_GAP + p.column * (TILE_WIDTH + TILE_GAP), top: TILE_GAP, width: TILE_WIDTH, height: TILE_HEIGHT };
  const frame: CSSProperties = {
    ...place,
    boxSizing: 'border-box',
    border: `${p.selected ? 2 : 1}px solid ${p.selected ? c.primary : c.border}`,
    outline: p.focused ? `2px solid ${c.primary}` : undefined,
    outlineOffset: 2,
    borderRadius: c.radius,
    background: p.selected ? c.selectedBg : c.surface,
    color: c.text,
    overflow: 'hidden',
    position: 'absolute',
    cursor: 'default',
    userSelect: 'none',
  };
  if (!sample) {
    return (
      <div id={p.id} role="gridcell" aria-label={t('grid.loading', { position: p.index + 1 })} aria-busy style={{ ...frame, background: c.placeholder, border: 0 }} />
    );
  }
  const chips = labelCounts(sample.labels);
  const name = sample.sample_name;
  const checkbox = (
    <input
      type="checkbox"
      tabIndex={-1}
      checked={p.selected}
      aria-label={t('grid.select', { name })}
      onMouseDown={keepFocus}
      onClick={stop}
      onChange={() => p.onToggle(p.index)}
      style={{ accentColor: c.primary, width: 16, height: 16, margin: 0, cursor: 'pointer' }}
    />
  );
  const preview = (
    <button
      type="button"
      tabIndex={-1}
      aria-label={t('grid.preview', { name })}
      title={t('grid.previewHint')}
      onMouseDown={keepFocus}
      onClick={(e) => {
        e.stopPropagation();
        p.onPreview(p.index);
      }}
      style={{ border: 0, borderRadius: 4, padding: '2px 6px', cursor: 'zoom-in', background: c.surface, color: c.text, lineHeight: 1 }}
    >
      <EyeOutlined aria-hidden />
    </button>
  );
  const stateTag = (
    <span style={{ ...ellipsis, color: c.stateColor[sample.sample_status] ?? c.muted, fontSize: 12, flexShrink: 0 }}>
      {t(`status.${sample.sample_status}`, { defaultValue: sample.sample_status })}
    </span>
  );
  const labels = (
    <span style={{ ...ellipsis, display: 'flex', gap: 4 }}>
      {chips.map(([label, count]) => (
        <span key={label} style={{ ...ellipsis, flexShrink: 0, maxWidth: 120, fontSize: 12, padding: '0 6px', borderRadius: 4, border: `1px solid ${p.colorOf(label) ?? c.border}`, color: c.text }}>
          {count > 1 ? `${label} ×${count}` : label}
        </span>
      ))}
    </span>
  );
  const events = {
    id: p.id,
    role: 'gridcell' as const,
    'aria-selected': p.selected,
    'aria-label': name,
    onClick: (e: MouseEvent) => p.onPointer(p.index, e),
    onDoubleClick: () => p.onOpen(p.index),
  };

  if (p.variant === 'list') {
    return (
      <div {...events} style={{ ...frame, display: 'grid', gridTemplateColumns: LIST_COLUMNS, alignItems: 'center', gap: 12, padding: '0 12px' }}>
        {checkbox}
        <Thumbnail sample={sample} height={32} palette={c} />
        <span style={ellipsis} title={name}>{name}</span>
        {stateTag}
        {labels}
        <span style={{ ...ellipsis, color: c.muted, fontSize: 12 }}>{formatBytes(sample.sample_size, language)}</span>
        <span style={{ ...ellipsis, color: c.muted, fontSize: 12 }}>{formatTime(sample.sample_time, language)}</span>
        {preview}
      </div>
    );
  }
  return (
    <div {...events} style={frame}>
      <div style={{ position: 'relative', height: TILE_IMAGE_HEIGHT, background: c.placeholder }}>
        <Thumbnail sample={sample} height={TILE_IMAGE_HEIGHT} palette={c} />
        <span style={{ position: 'absolute', top: 6, left: 6, display: 'flex' }}>{checkbox}</span>
        <span style={{ position: 'absolute', top: 4, right: 4 }}>{preview}</span>
      </div>
      <div style={{ padding: '6px 8px', display: 'flex', flexDirection: 'column', gap: 4, fontSize: 13 }}>
        <span style={{ display: 'flex', justifyContent: 'space-between', gap: 6 }}>
          <span style={ellipsis} title={name}>{name}</span>
          {stateTag}
        </span>
        {labels}
      </div>
    </div>
  );
});

function Thumbnail({ sample, height, palette }: { sample: DescribeSampleResp; height: number; palette: TilePalette }) {
  const [broken, setBroken] = useState(false);
  if (broken || !sample.source) {
    return (
      <span style={{ display: 'flex', height, alignItems: 'center', justifyContent: 'center', color: palette.muted }}>
        <FileOutlined aria-hidden style={{ fontSize: Math.min(32, height / 2) }} />
      </span>
    );
  }
  return (
    <img
      src={fileUrl(sample.source)}
      alt={sample.sample_name}
      loading="lazy"
      decoding="async"
      draggable={false}
      onError={() => setBroken(true)}
      style={{ width: '100%', height, objectFit: 'contain', display: 'block' }}
    />
  );
}
