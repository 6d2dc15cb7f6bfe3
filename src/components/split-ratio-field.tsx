import { Flex, Form, Slider, Typography } from 'antd';
import type { ReactNode } from 'react';

/** Percentages of samples for training and for evaluation (a type, not an interface: i18n options take it). */
export type TrainEvalSplit = { train: number; eval: number };

const splitOf = (ratio: number): TrainEvalSplit => ({ train: Math.round(ratio * 100), eval: 100 - Math.round(ratio * 100) });

/** A form field for the share of samples used for training (0–1 by 0.01), its train / eval split said aloud. */
export function SplitRatioField({
  name,
  ratio,
  label,
  extra,
  describe,
}: {
  name: string;
  /** The field's current value (watched by the form that holds it). */
  ratio: number;
  label: string;
  extra?: ReactNode;
  describe: (split: TrainEvalSplit) => string;
}) {
  return (
    <Form.Item label={label} extra={extra}>
      <Flex vertical>
        <Form.Item name={name} noStyle>
          <Slider
            min={0}
            max={1}
            step={0.01}
            marks={{ 0: '0', 0.5: '0.5', 0.8: '0.8', 1: '1' }}
            tooltip={{ formatter: (v) => (v ?? 0).toFixed(2) }}
            ariaLabelForHandle={label}
            ariaValueTextFormatterForHandle={(v) => describe(splitOf(v))}
          />
        </Form.Item>
        <Typography.Text type="secondary" aria-live="polite">
          {describe(splitOf(ratio))}
        </Typography.Text>
      </Flex>
    </Form.Item>
  );
}
