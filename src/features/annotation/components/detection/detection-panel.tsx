import { BorderOutlined, CompressOutlined, DragOutlined, EyeOutlined, FontSizeOutlined, GatewayOutlined, ZoomInOutlined, ZoomOutOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Space, Tooltip, Typography } from 'antd';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { addShape, newShapeId, removeShape, updateShape, type ShapeKind } from '../../model/annotation-doc';
import type { Point, Size } from '../../model/geometry';
import { labelForKey, type LabelKey } from '../../model/shortcuts';
import { LabelChips } from '../label-chips';
import type { PanelProps } from '../panel-props';
import { ShortcutHelp } from '../shortcut-help';
import { AnnotationCanvas, type CanvasHandle, type Tool } from './annotation-canvas';
import { ShapeList } from './shape-list';

interface Prefs {
  tool: Tool;
  label?: string;
  showShapes: boolean;
  showLabels: boolean;
}

// Tool, current label and view toggles carry over from one sample to the next (per dataset, this session).
const remembered = new Map<string, Prefs>();

const toolFor = (shape: string | undefined): Tool | undefined => (shape === 'bndbox' ? 'box' : shape === 'polygon' ? 'polygon' : undefined);
const TOOL_KEYS: Record<string, Tool> = { v: 'select', b: 'box', p: 'polygon' };

function initialPrefs(datasetId: string, datasetType: number, labels: LabelKey[]): Prefs {
  const prefs = remembered.get(datasetId);
  if (prefs && (!prefs.label || labels.some((l) => l.name === prefs.label))) return prefs;
  const tool = toolFor(labels[0]?.defaultShape) ?? (datasetType === 3 ? 'polygon' : 'box');
  return { tool, label: labels[0]?.name, showShapes: true, showLabels: true };
}

/** Object detection and segmentation polygons: tools, the canvas, label chips and the shape list. */
export function DetectionPanel({ datasetId, datasetType, labelKeys, doc, edit, keys, commonShortcuts, image, size }: PanelProps & { image: HTMLImageElement; size: Size }) {
  const { t } = useTranslation('annotation');
  const [prefs, setPrefsState] = useState(() => initialPrefs(datasetId, datasetType, labelKeys));
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [hidden, setHidden] = useState<ReadonlySet<string>>(new Set());
  const canvas = useRef<CanvasHandle>(null);
  const selected = doc.shapes.find((s) => s.id === selectedId) ?? null;
  const colorOf = (label: string) => labelKeys.find((l) => l.name === label)?.color ?? '#8c8c8c';
  const canDraw = labelKeys.length > 0;

  const setPrefs = (patch: Partial<Prefs>) =>
    setPrefsState((prev) => {
      const next = { ...prev, ...patch };
      remembered.set(datasetId, next);
      return next;
    });

  const chooseLabel = (name: string) => {
    setPrefs({ label: name });
    if (selected) edit((d) => updateShape(d, selected.id, { label: name }));
    else {
      const tool = toolFor(labelKeys.find((l) => l.name === name)?.defaultShape);
      if (tool) setPrefs({ label: name, tool });
    }
  };
  const create = (kind: ShapeKind, points: Point[]) => {
    if (!prefs.label) return;
    const id = newShapeId();
    const label = prefs.label;
    edit((d) => addShape(d, { id, kind, label, points }));
    setSelectedId(id);
  };
  const remove = (id: string) => {
    edit((d) => removeShape(d, id));
    if (id === selectedId) setSelectedId(null);
  };

  useEffect(() => {
    keys.current = (e, key) => {
      if (canvas.current?.handleDrawingKey(e.key)) return true;
      const label = labelForKey(labelKeys, key);
      if (label) {
        chooseLabel(label.name);
        return true;
      }
      if (key && key in TOOL_KEYS && canDraw) setPrefs({ tool: TOOL_KEYS[key] });
      else if (key === '+' || key === '=') canvas.current?.zoom(1);
      else if (key === '-') canvas.current?.zoom(-1);
      else if (key === '0') canvas.current?.fit();
      else if ((e.key === 'Delete' || e.key === 'Backspace') && selected) remove(selected.id);
      else if (e.key === 'Escape' && selected) setSelectedId(null);
      else return false;
      return true;
    };
    return () => {
      keys.current = null;
    };
  });

  const toolButton = (tool: Tool, icon: ReactNode, label: string, key: string) => (
    <Tooltip title={`${label} (${key})`}>
      <Button
        icon={icon}
        type={prefs.tool === tool ? 'primary' : 'default'}
        aria-pressed={prefs.tool === tool}
        aria-label={label}
        aria-keyshortcuts={key}
        disabled={!canDraw && tool !== 'select'}
        onClick={() => setPrefs({ tool })}
      />
    </Tooltip>
  );

  return (
    <Flex gap="middle" style={{ flex: 1, minHeight: 0 }}>
      <Flex vertical gap="small" style={{ flex: 1, minWidth: 0, minHeight: 0 }}>
        <Flex gap="small" wrap align="center" role="toolbar" aria-label={t('tools.title')}>
          <Space.Compact>
            {toolButton('select', <DragOutlined />, t('tools.select'), 'V')}
            {toolButton('box', <BorderOutlined />, t('tools.box'), 'B')}
            {toolButton('polygon', <GatewayOutlined />, t('tools.polygon'), 'P')}
          </Space.Compact>
          <Space.Compact>
            <Tooltip title={`${t('tools.zoomOut')} (-)`}>
              <Button icon={<ZoomOutOutlined />} aria-label={t('tools.zoomOut')} onClick={() => canvas.current?.zoom(-1)} />
            </Tooltip>
            <Tooltip title={`${t('tools.zoomIn')} (+)`}>
              <Button icon={<ZoomInOutlined />} aria-label={t('tools.zoomIn')} onClick={() => canvas.current?.zoom(1)} />
            </Tooltip>
            <Tooltip title={`${t('tools.fit')} (0)`}>
              <Button icon={<CompressOutlined />} aria-label={t('tools.fit')} onClick={() => canvas.current?.fit()} />
            </Tooltip>
          </Space.Compact>
          <Button icon={<EyeOutlined />} aria-pressed={prefs.showShapes} type={prefs.showShapes ? 'default' : 'dashed'} onClick={() => setPrefs({ showShapes: !prefs.showShapes })}>
            {t('tools.showShapes')}
          </Button>
          <Button icon={<FontSizeOutlined />} aria-pressed={prefs.showLabels} type={prefs.showLabels ? 'default' : 'dashed'} onClick={() => setPrefs({ showLabels: !prefs.showLabels })}>
            {t('tools.showLabels')}
          </Button>
        </Flex>
        <AnnotationCanvas
          ref={canvas}
          image={image}
          size={size}
          shapes={doc.shapes}
          hidden={hidden}
          showShapes={prefs.showShapes}
          showLabels={prefs.showLabels}
          selectedId={selectedId}
          tool={canDraw ? prefs.tool : 'select'}
          hint={t(`tools.hint.${canDraw ? prefs.tool : 'select'}`)}
          drawColor={colorOf(prefs.label ?? '')}
          colorOf={colorOf}
          onSelect={setSelectedId}
          onCreate={create}
          onChange={(id, points) => edit((d) => updateShape(d, id, { points }))}
        />
      </Flex>
      <Flex vertical gap="middle" style={{ width: 320, flex: 'none', overflowY: 'auto' }}>
        <Card size="small" title={selected ? t('detection.labelOfSelected') : t('detection.labelForNew')}>
          {canDraw ? (
            <LabelChips title={t('detection.labels')} labels={labelKeys} active={[selected?.label ?? prefs.label ?? '']} onPick={chooseLabel} />
          ) : (
            <Alert
              type="info"
              showIcon
              title={t('noLabels.title')}
              description={<Link to={`/datasets/${encodeURIComponent(datasetId)}/labels`}>{t('noLabels.action')}</Link>}
            />
          )}
        </Card>
        <Card size="small" title={t('shapes.titleCount', { count: doc.shapes.length })}>
          <ShapeList
            shapes={doc.shapes}
            labels={labelKeys}
            selectedId={selectedId}
            hidden={hidden}
            colorOf={colorOf}
            onSelect={setSelectedId}
            onRelabel={(id, label) => edit((d) => updateShape(d, id, { label }))}
            onToggleHidden={(id) =>
              setHidden((prev) => {
                const next = new Set(prev);
                if (!next.delete(id)) next.add(id);
                return next;
              })
            }
            onDelete={remove}
          />
          {doc.kept.length > 0 && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('kept', { count: doc.kept.length })}
            </Typography.Text>
          )}
        </Card>
        <ShortcutHelp
          title={t('shortcuts.title')}
          items={[
            ['V B P', t('shortcuts.tools')],
            [t('shortcuts.labelKeys'), t('shortcuts.shapeLabel')],
            ['Enter', t('shortcuts.closePolygon')],
            ['Del', t('shortcuts.deleteShape')],
            ['+ − 0', t('shortcuts.zoom')],
            [t('shortcuts.panKeys'), t('shortcuts.pan')],
            ...commonShortcuts,
          ]}
        />
      </Flex>
    </Flex>
  );
}
