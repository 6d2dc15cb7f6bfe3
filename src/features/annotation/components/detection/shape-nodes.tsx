import type Konva from 'konva';
import { useState } from 'react';
import { Circle, Label, Line, Rect, Tag, Text } from 'react-konva';
import type { EditorShape } from '../../model/annotation-doc';
import { clampOffset, clampPoint, moveVertex, normalizeBox, translatePoints, type Point, type Size } from '../../model/geometry';
import type { View } from '../../model/viewport';

interface ShapeProps {
  shape: EditorShape;
  color: string;
  selected: boolean;
  /** Select tool active: the shape can be picked, moved and reshaped. */
  editable: boolean;
  showLabel: boolean;
  view: View;
  size: Size;
  onSelect: (id: string) => void;
  onChange: (id: string, points: Point[]) => void;
}

const HANDLE_RADIUS = 5;

/** The shape's label name, drawn at a constant screen size above its top-left corner. */
function ShapeTag({ at, text, color, scale }: { at: Point; text: string; color: string; scale: number }) {
  const lift = 20 / scale;
  return (
    <Label x={at[0]} y={at[1] >= lift ? at[1] - lift : at[1]} scaleX={1 / scale} scaleY={1 / scale} listening={false}>
      <Tag fill={color} cornerRadius={2} />
      <Text text={text} fontSize={12} padding={3} fill="#fff" />
    </Label>
  );
}

const fillOf = (color: string, selected: boolean) => `${color}${selected ? '40' : '1f'}`;

/** A bounding box; moved by dragging, resized by the canvas's Transformer (attached through its id). */
export function BoxNode({ shape, color, selected, editable, showLabel, view, size, onSelect, onChange }: ShapeProps) {
  const [[x1, y1], [x2, y2]] = shape.points;
  // Konva hands the absolute (screen) position; keep the whole box over the image.
  const bound = (pos: Konva.Vector2d) => ({
    x: Math.min(Math.max(pos.x, view.x), view.x + (size.width - (x2 - x1)) * view.scale),
    y: Math.min(Math.max(pos.y, view.y), view.y + (size.height - (y2 - y1)) * view.scale),
  });
  return (
    <>
      <Rect
        id={shape.id}
        x={x1}
        y={y1}
        width={x2 - x1}
        height={y2 - y1}
        stroke={color}
        strokeWidth={selected ? 3 : 2}
        strokeScaleEnabled={false}
        fill={fillOf(color, selected)}
        draggable={editable}
        dragBoundFunc={bound}
        onMouseDown={() => editable && onSelect(shape.id)}
        onDragEnd={(e) => {
          const n = e.target;
          const next = translatePoints(shape.points, n.x() - x1, n.y() - y1, size);
          // Put the node where the stored shape is, also when the edit turns out to change nothing.
          n.position({ x: next[0][0], y: next[0][1] });
          onChange(shape.id, next);
        }}
        onTransformEnd={(e) => {
          const n = e.target;
          const width = n.width() * n.scaleX();
          const height = n.height() * n.scaleY();
          n.scale({ x: 1, y: 1 });
          const next = normalizeBox([n.x(), n.y()], [n.x() + width, n.y() + height], size) ?? shape.points;
          n.position({ x: next[0][0], y: next[0][1] });
          n.size({ width: next[1][0] - next[0][0], height: next[1][1] - next[0][1] });
          onChange(shape.id, next);
        }}
      />
      {showLabel && <ShapeTag at={[x1, y1]} text={shape.label} color={color} scale={view.scale} />}
    </>
  );
}

/** A polygon; moved by dragging its body, reshaped by dragging its vertices when selected. */
export function PolygonNode({ shape, color, selected, editable, showLabel, view, size, onSelect, onChange }: ShapeProps) {
  // Vertex positions while one is being dragged, before the edit is committed.
  const [live, setLive] = useState<Point[] | null>(null);
  const points = live ?? shape.points;
  const toImage = (pos: Konva.Vector2d): Point => [(pos.x - view.x) / view.scale, (pos.y - view.y) / view.scale];
  const toScreen = ([x, y]: Point) => ({ x: view.x + x * view.scale, y: view.y + y * view.scale });
  const top = points.reduce((best, p) => (p[1] < best[1] || (p[1] === best[1] && p[0] < best[0]) ? p : best), points[0]);
  return (
    <>
      <Line
        id={shape.id}
        points={points.flat()}
        closed
        stroke={color}
        strokeWidth={selected ? 3 : 2}
        strokeScaleEnabled={false}
        fill={fillOf(color, selected)}
        draggable={editable}
        dragBoundFunc={(pos) => {
          const [dx, dy] = toImage(pos);
          return toScreen(clampOffset(shape.points, dx, dy, size));
        }}
        onMouseDown={() => editable && onSelect(shape.id)}
        onDragEnd={(e) => {
          const n = e.target;
          const next = translatePoints(shape.points, n.x(), n.y(), size);
          n.position({ x: 0, y: 0 });
          onChange(shape.id, next);
        }}
      />
      {selected &&
        editable &&
        points.map(([x, y], i) => (
          <Circle
            key={i}
            x={x}
            y={y}
            radius={HANDLE_RADIUS / view.scale}
            fill="#fff"
            stroke={color}
            strokeWidth={1.5}
            strokeScaleEnabled={false}
            draggable
            dragBoundFunc={(pos) => toScreen(clampPoint(toImage(pos), size))}
            onDragMove={(e) => setLive(moveVertex(shape.points, i, [e.target.x(), e.target.y()], size))}
            onDragEnd={(e) => {
              const next = moveVertex(shape.points, i, [e.target.x(), e.target.y()], size);
              e.target.position({ x: next[i][0], y: next[i][1] });
              setLive(null);
              onChange(shape.id, next);
            }}
          />
        ))}
      {showLabel && <ShapeTag at={top} text={shape.label} color={color} scale={view.scale} />}
    </>
  );
}
