import { Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Point, Size } from '../../model/geometry';

/** Zoom, image size, the image pixel under the pointer (what a labeler checks placing a corner) and the tool's hint. */
export function CanvasStatus({ scale, size, pointer, hint }: { scale: number; size: Size; pointer: Point | null; hint: string }) {
  const { t } = useTranslation('annotation');
  const inside = pointer && pointer[0] >= 0 && pointer[1] >= 0 && pointer[0] <= size.width && pointer[1] <= size.height;
  return (
    <Flex gap="middle" style={{ fontSize: 12, paddingTop: 4, fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>
      <Typography.Text type="secondary" data-testid="canvas-zoom" style={{ fontSize: 12 }}>
        {t('canvas.zoom', { percent: Math.round(scale * 100) })}
      </Typography.Text>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('canvas.size', { width: size.width, height: size.height })}
      </Typography.Text>
      <Typography.Text type="secondary" data-testid="canvas-pointer" style={{ fontSize: 12 }}>
        {inside ? t('canvas.pointer', { x: Math.round(pointer[0]), y: Math.round(pointer[1]) }) : t('canvas.outside')}
      </Typography.Text>
      {/* One line whatever its length: the canvas above must not move when the tool changes. */}
      <Typography.Text type="secondary" ellipsis={{ tooltip: hint }} style={{ fontSize: 12, flex: 1, minWidth: 0, textAlign: 'end' }}>
        {hint}
      </Typography.Text>
    </Flex>
  );
}
