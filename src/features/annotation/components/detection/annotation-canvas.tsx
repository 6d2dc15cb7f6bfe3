import type Konva from 'konva';
import { theme } from 'antd';
import { useEffect, useImperativeHandle, useRef, useState, type Ref } from 'react';
import { Circle, Image as KonvaImage, Layer, Line, Rect, Stage, Transformer } from 'react-konva';
import type { EditorShape, ShapeKind } from '../../model/annotation-doc';
import { clampPoint, closesPolygon, finishPolygon, normalizeBox, type Point, type Size } from '../../model/geometry';
import { fitView, zoomAt, ZOOM_STEP, type View } from '../../model/viewport';
import { CanvasStatus } from './canvas-status';
import { BoxNode, PolygonNode } from './shape-nodes';
import { useStageSize } from './use-stage-size';

export type Tool = 'select' | 'box' | 'polygon';

export interface CanvasHandle {
  zoom: (direction: 1 | -1) => void;
  fit: () => void;
  /** Keys that act on a shape being drawn (Enter closes, Esc cancels, Backspace drops the last point). */
  handleDrawingKey: (key: string) => boolean;
}

interface Props {
  ref?: Ref<CanvasHandle>;
  image: HTMLImageElement;
  size: Size;
  shapes: EditorShape[];
  hidden: ReadonlySet<string>;
  showShapes: boolean;
  showLabels: boolean;
  selectedId: string | null;
  tool: Tool;
  /** How to use the current tool, shown under the canvas. */
  hint: string;
  /** Colour of the label new shapes get. */
  drawColor: string;
  colorOf: (label: string) => string;
  onSelect: (id: string | null) => void;
  onCreate: (kind: ShapeKind, points: Point[]) => void;
  onChange: (id: string, points: Point[]) => void;
}

/** A box smaller than this on screen is a click, not a box. */
const MIN_DRAG_PX = 4;
/** A click this close (screen px) to a polygon's first point closes it. */
const CLOSE_PX = 8;

/**
 * The drawing surface: the original image in image-pixel coordinates under a zoom/pan transform (the
 * stage's), shapes, and the gestures to draw, select, move, resize, zoom (wheel) and pan (space-drag or
 * middle mouse). Konva does the hit-testing.
 */
export function AnnotationCanvas(p: Props) {
  const { token } = theme.useToken();
  const stageRef = useRef<Konva.Stage>(null);
  const trRef = useRef<Konva.Transformer>(null);
  const [containerRef, stageSize] = useStageSize();
  const [view, setView] = useState<View | null>(null);
  const [box, setBox] = useState<{ a: Point; b: Point } | null>(null);
  const boxRef = useRef(box);
  const [polygon, setPolygon] = useState<Point[]>([]);
  const [hover, setHover] = useState<Point | null>(null);
  const [spaceHeld, setSpaceHeld] = useState(false);
  const [panning, setPanning] = useState(false);
  const pan = useRef<{ start: Konva.Vector2d; view: View } | null>(null);
  const pointerInside = useRef(false);

  const fitted = view ?? (stageSize.width > 0 ? fitView(p.size, stageSize) : null);
  const editable = p.tool === 'select' && !spaceHeld;
  const updateBox = (next: { a: Point; b: Point } | null) => {
    boxRef.current = next;
    setBox(next);
  };

  // A half-drawn shape belongs to the tool it was started with.
  useEffect(() => {
    updateBox(null);
    setPolygon([]);
  }, [p.tool]);

  const finishDrawnPolygon = () => {
    const points = finishPolygon(polygon, p.size);
    setPolygon([]);
    if (points) p.onCreate('polygon', points);
  };

  useImperativeHandle(p.ref, () => ({
    zoom: (direction) => fitted && setView(zoomAt(fitted, [stageSize.width / 2, stageSize.height / 2], direction > 0 ? ZOOM_STEP : 1 / ZOOM_STEP)),
    fit: () => setView(fitView(p.size, stageSize)),
    handleDrawingKey: (key) => {
      if (polygon.length === 0 && !boxRef.current) return false;
      if (key === 'Escape') {
        setPolygon([]);
        updateBox(null);
      } else if (key === 'Enter' && polygon.length >= 3) finishDrawnPolygon();
      else if (key === 'Backspace' || key === 'Delete') setPolygon((pts) => pts.slice(0, -1));
      else return false;
      return true;
    },
  }));

  // Space held over the canvas pans, as in image editors; elsewhere Space keeps its usual meaning.
  useEffect(() => {
    const down = (e: KeyboardEvent) => {
      if (e.key === ' ' && pointerInside.current) {
        e.preventDefault();
        setSpaceHeld(true);
      }
    };
    const up = (e: KeyboardEvent) => e.key === ' ' && setSpaceHeld(false);
    const blur = () => setSpaceHeld(false);
    window.addEventListener('keydown', down);
    window.addEventListener('keyup', up);
    window.addEventListener('blur', blur);
    return () => {
      window.removeEventListener('keydown', down);
      window.removeEventListener('keyup', up);
      window.removeEventListener('blur', blur);
    };
  }, []);

  // Gestures end on mouse-up anywhere, also outside the canvas.
  const latest = useRef({ view: fitted, onCreate: p.onCreate, size: p.size });
  useEffect(() => {
    latest.current = { view: fitted, onCreate: p.onCreate, size: p.size };
  });
  useEffect(() => {
    const up = () => {
      pan.current = null;
      setPanning(false);
      const drawn = boxRef.current;
      const v = latest.current.view;
      if (!drawn || !v) return;
      updateBox(null);
      const [[ax, ay], [bx, by]] = [drawn.a, drawn.b];
      if (Math.abs(bx - ax) * v.scale < MIN_DRAG_PX || Math.abs(by - ay) * v.scale < MIN_DRAG_PX) return;
      const points = normalizeBox(drawn.a, drawn.b, latest.current.size);
      if (points) latest.current.onCreate('bndbox', points);
    };
    window.addEventListener('mouseup', up);
    return () => window.removeEventListener('mouseup', up);
  }, []);

  // The Transformer resizes the selected box while the select tool is on.
  const selected = p.shapes.find((s) => s.id === p.selectedId);
  const transformable = !!selected && selected.kind === 'bndbox' && editable && p.showShapes && !p.hidden.has(selected.id);
  useEffect(() => {
    const tr = trRef.current;
    if (!tr) return;
    const node = transformable ? stageRef.current?.findOne(`#${p.selectedId}`) : undefined;
    tr.nodes(node ? [node] : []);
    tr.getLayer()?.batchDraw();
  }, [transformable, p.selectedId, p.shapes]);

  const imagePoint = (): Point | null => {
    const pos = stageRef.current?.getRelativePointerPosition();
    return pos ? [pos.x, pos.y] : null;
  };

  const onMouseDown = (e: Konva.KonvaEventObject<MouseEvent>) => {
    const stage = stageRef.current;
    if (!stage || !fitted) return;
    if (e.evt.button === 1 || (e.evt.button === 0 && spaceHeld)) {
      e.evt.preventDefault();
      pan.current = { start: stage.getPointerPosition() ?? { x: 0, y: 0 }, view: fitted };
      setPanning(true);
      return;
    }
    const at = imagePoint();
    if (e.evt.button !== 0 || !at) return;
    const point = clampPoint(at, p.size);
    if (p.tool === 'box') updateBox({ a: point, b: point });
    else if (p.tool === 'polygon') {
      if (closesPolygon(polygon, point, CLOSE_PX / fitted.scale)) finishDrawnPolygon();
      else setPolygon((pts) => [...pts, point]);
    } else if (e.target === stage || e.target.name() === 'image') p.onSelect(null);
  };

  const onMouseMove = () => {
    const stage = stageRef.current;
    if (pan.current && stage) {
      const pos = stage.getPointerPosition() ?? pan.current.start;
      const from = pan.current;
      setView({ ...from.view, x: from.view.x + pos.x - from.start.x, y: from.view.y + pos.y - from.start.y });
      return;
    }
    const at = imagePoint();
    setHover(at);
    if (at && boxRef.current) updateBox({ ...boxRef.current, b: clampPoint(at, p.size) });
  };

  const onWheel = (e: Konva.KonvaEventObject<WheelEvent>) => {
    e.evt.preventDefault();
    const pos = stageRef.current?.getPointerPosition();
    if (!pos || !fitted) return;
    // Proportional to the wheel distance, so trackpads zoom smoothly and mouse wheels by a step.
    const factor = Math.min(2, Math.max(0.5, ZOOM_STEP ** (-e.evt.deltaY / 100)));
    setView(zoomAt(fitted, [pos.x, pos.y], factor));
  };

  const cursor = panning ? 'grabbing' : spaceHeld ? 'grab' : p.tool === 'select' ? 'default' : 'crosshair';
  const scale = fitted?.scale ?? 1;
  const draft = polygon.length > 0 ? [...polygon, ...(hover ? [clampPoint(hover, p.size)] : [])] : [];

  return (
    <div style={{ display: 'flex', flexDirection: 'column', flex: 1, minWidth: 0, minHeight: 0 }}>
      <div
        ref={containerRef}
        data-testid="annotation-canvas"
        onMouseEnter={() => (pointerInside.current = true)}
        onMouseLeave={() => {
          pointerInside.current = false;
          setHover(null);
        }}
        onContextMenu={(e) => e.preventDefault()}
        style={{ position: 'relative', flex: 1, minHeight: 0, overflow: 'hidden', cursor, background: token.colorFillQuaternary, borderRadius: token.borderRadiusLG }}
      >
        {fitted && (
          <Stage
            ref={stageRef}
            width={stageSize.width}
            height={stageSize.height}
            scaleX={fitted.scale}
            scaleY={fitted.scale}
            x={fitted.x}
            y={fitted.y}
            onMouseDown={onMouseDown}
            onMouseMove={onMouseMove}
            onWheel={onWheel}
          >
            <Layer>
              <KonvaImage image={p.image} width={p.size.width} height={p.size.height} name="image" />
              {p.showShapes &&
                p.shapes.map((s) => {
                  if (p.hidden.has(s.id)) return null;
                  const Node = s.kind === 'bndbox' ? BoxNode : PolygonNode;
                  return (
                    <Node
                      key={s.id}
                      shape={s}
                      color={p.colorOf(s.label)}
                      selected={s.id === p.selectedId}
                      editable={editable}
                      showLabel={p.showLabels}
                      view={fitted}
                      size={p.size}
                      onSelect={p.onSelect}
                      onChange={p.onChange}
                    />
                  );
                })}
              {box && (
                <Rect
                  x={Math.min(box.a[0], box.b[0])}
                  y={Math.min(box.a[1], box.b[1])}
                  width={Math.abs(box.b[0] - box.a[0])}
                  height={Math.abs(box.b[1] - box.a[1])}
                  stroke={p.drawColor}
                  strokeWidth={2}
                  dash={[6, 4]}
                  strokeScaleEnabled={false}
                  listening={false}
                />
              )}
              {draft.length > 0 && (
                <>
                  <Line points={draft.flat()} stroke={p.drawColor} strokeWidth={2} dash={[6, 4]} strokeScaleEnabled={false} listening={false} />
                  <Circle x={polygon[0][0]} y={polygon[0][1]} radius={CLOSE_PX / scale} stroke={p.drawColor} strokeWidth={2} strokeScaleEnabled={false} listening={false} />
                </>
              )}
              <Transformer
                ref={trRef}
                rotateEnabled={false}
                flipEnabled={false}
                keepRatio={false}
                ignoreStroke
                anchorSize={9}
                boundBoxFunc={(oldBox, newBox) => {
                  // Boxes here are in screen coordinates: keep the resized box over the image.
                  const x1 = Math.max(newBox.x, fitted.x);
                  const y1 = Math.max(newBox.y, fitted.y);
                  const x2 = Math.min(newBox.x + newBox.width, fitted.x + p.size.width * fitted.scale);
                  const y2 = Math.min(newBox.y + newBox.height, fitted.y + p.size.height * fitted.scale);
                  if (x2 - x1 < MIN_DRAG_PX || y2 - y1 < MIN_DRAG_PX) return oldBox;
                  return { ...newBox, x: x1, y: y1, width: x2 - x1, height: y2 - y1 };
                }}
              />
            </Layer>
          </Stage>
        )}
      </div>
      <CanvasStatus scale={scale} size={p.size} pointer={hover} hint={p.hint} />
    </div>
  );
}
