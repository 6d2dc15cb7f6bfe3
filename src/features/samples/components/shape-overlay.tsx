import type { SampleLabel } from '@contract/sample';

type Point = [number, number];
interface Shape {
  key: string;
  name: string;
  kind: string;
  points: Point[];
  radius?: number;
}

const isPoint = (p: unknown): p is Point => Array.isArray(p) && p.length >= 2 && p.slice(0, 2).every((n) => typeof n === 'number' && Number.isFinite(n));

/** Reads `@modelarts:shape` / `@modelarts:feature` (modelarts-api.md §1); labels without geometry are skipped. */
export function shapesOf(labels: SampleLabel[]): Shape[] {
  const shapes: Shape[] = [];
  labels.forEach((l, i) => {
    const feature = l.property?.['@modelarts:feature'];
    if (!Array.isArray(feature) || feature.length === 0) return;
    const kind = typeof l.property?.['@modelarts:shape'] === 'string' ? (l.property['@modelarts:shape'] as string) : 'bndbox';
    if (kind === 'circle') {
      const [center, r] = feature as unknown[];
      const radius = Array.isArray(r) ? r[0] : r;
      if (isPoint(center) && typeof radius === 'number') shapes.push({ key: `${i}`, name: l.name, kind, points: [[center[0], center[1]]], radius });
      return;
    }
    const points = (feature as unknown[]).filter(isPoint).map((p) => [p[0], p[1]] as Point);
    if (points.length > 0) shapes.push({ key: `${i}`, name: l.name, kind, points });
  });
  return shapes;
}

interface Props {
  labels: SampleLabel[];
  /** The image's natural size: feature coordinates are in image pixels. */
  width: number;
  height: number;
  colorOf: (name: string) => string;
}

/** Draws annotations over an image: an SVG in image coordinates, stretched to the rendered image. */
export function ShapeOverlay({ labels, width, height, colorOf }: Props) {
  const shapes = shapesOf(labels);
  if (shapes.length === 0 || width <= 0 || height <= 0) return null;
  return (
    <>
      <svg
        viewBox={`0 0 ${width} ${height}`}
        preserveAspectRatio="none"
        aria-hidden
        data-testid="shape-overlay"
        style={{ position: 'absolute', inset: 0, width: '100%', height: '100%', pointerEvents: 'none' }}
      >
        {shapes.map((s) => (
          <ShapeElement key={s.key} shape={s} color={colorOf(s.name)} />
        ))}
      </svg>
      {shapes.map((s) => {
        const [x, y] = topLeft(s);
        return (
          <span
            key={s.key}
            style={{
              position: 'absolute',
              left: `${(x / width) * 100}%`,
              top: `${(y / height) * 100}%`,
              transform: 'translateY(-100%)',
              background: colorOf(s.name),
              color: '#fff',
              textShadow: '0 0 2px rgba(0,0,0,0.8)',
              fontSize: 12,
              lineHeight: '16px',
              padding: '0 4px',
              borderRadius: 2,
              whiteSpace: 'nowrap',
              pointerEvents: 'none',
            }}
          >
            {s.name}
          </span>
        );
      })}
    </>
  );
}

function topLeft(s: Shape): Point {
  if (s.kind === 'circle' && s.radius !== undefined) return [s.points[0][0] - s.radius, s.points[0][1] - s.radius];
  return [Math.min(...s.points.map((p) => p[0])), Math.min(...s.points.map((p) => p[1]))];
}

function ShapeElement({ shape: s, color }: { shape: Shape; color: string }) {
  const stroke = { stroke: color, strokeWidth: 2, vectorEffect: 'non-scaling-stroke' as const, fill: 'none' };
  const pts = s.points.map((p) => p.join(',')).join(' ');
  switch (s.kind) {
    case 'circle':
      return <ellipse cx={s.points[0][0]} cy={s.points[0][1]} rx={s.radius} ry={s.radius} {...stroke} />;
    case 'point':
      return <circle cx={s.points[0][0]} cy={s.points[0][1]} r={3} fill={color} />;
    case 'polygon':
      return <polygon points={pts} {...stroke} fill={color} fillOpacity={0.15} />;
    case 'line':
    case 'polyline':
      return <polyline points={pts} {...stroke} />;
    case 'dashed':
      return <polyline points={pts} {...stroke} strokeDasharray="6 4" />;
    default: {
      if (s.points.length < 2) return null;
      const [[x1, y1], [x2, y2]] = s.points;
      return (
        <rect x={Math.min(x1, x2)} y={Math.min(y1, y2)} width={Math.abs(x2 - x1)} height={Math.abs(y2 - y1)} {...stroke} fill={color} fillOpacity={0.12} />
      );
    }
  }
}
