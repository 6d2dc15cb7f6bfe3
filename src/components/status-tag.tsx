import { CheckCircleOutlined, CloseCircleOutlined, ExclamationCircleOutlined, MinusCircleOutlined, SyncOutlined } from '@ant-design/icons';
import { DATASET_STATUS, isDatasetBusy } from '@contract/dataset';
import { Tag } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export type StatusTone = 'default' | 'processing' | 'success' | 'warning' | 'error';

const ICONS: Record<StatusTone, ReactNode> = {
  default: <MinusCircleOutlined />,
  processing: <SyncOutlined spin />,
  success: <CheckCircleOutlined />,
  warning: <ExclamationCircleOutlined />,
  error: <CloseCircleOutlined />,
};

/** A status as a coloured tag with an icon, so it reads without colour too (and in both themes). */
export function StatusTag({ tone, children }: { tone: StatusTone; children: ReactNode }) {
  return (
    <Tag color={tone} icon={ICONS[tone]}>
      {children}
    </Tag>
  );
}

const STATUS_NAME = Object.fromEntries(Object.entries(DATASET_STATUS).map(([name, code]) => [code, name])) as Record<number, string>;

export function datasetStatusTone(status: number): StatusTone {
  if (status === DATASET_STATUS.NORMAL) return 'success';
  if (status === DATASET_STATUS.ABNORMAL) return 'error';
  if (status === DATASET_STATUS.DELETED) return 'default';
  return isDatasetBusy(status) ? 'processing' : 'warning';
}

/** Dataset status (§9) in the user's language: `common:datasetStatus.<NAME>`. */
export function DatasetStatusTag({ status }: { status: number }) {
  const { t } = useTranslation();
  const name = STATUS_NAME[status];
  return <StatusTag tone={datasetStatusTone(status)}>{name ? t(`datasetStatus.${name}`) : t('datasetStatus.unknown', { status })}</StatusTag>;
}
