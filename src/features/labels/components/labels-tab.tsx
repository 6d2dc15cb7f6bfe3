import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery, type QueryKey } from '@tanstack/react-query';
import { Alert, Button, Empty, Flex, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LabelStats } from '@contract/label';
import { labelQueries } from '../api';
import { DeleteLabelsModal } from './delete-labels-modal';
import { LabelFormModal } from './label-form-modal';

interface Props {
  datasetId: string;
  datasetType: number;
  /** Keys of other features that label changes make stale (samples, stats, the dataset). */
  alsoInvalidate: readonly QueryKey[];
}

export function LabelsTab({ datasetId, datasetType, alsoInvalidate }: Props) {
  const { t } = useTranslation('labels');
  const labels = useQuery(labelQueries.list(datasetId));
  const [form, setForm] = useState<{ open: boolean; editing?: LabelStats }>({ open: false });
  const [toDelete, setToDelete] = useState<string[]>([]);
  const [selected, setSelected] = useState<string[]>([]);
  const rows = labels.data?.labels ?? [];
  const isDetection = datasetType === 1;

  const columns: TableColumnsType<LabelStats> = [
    {
      title: t('table.color'),
      key: 'color',
      width: 72,
      render: (_, l) => <ColorSwatch color={l.property?.['@modelarts:color']} />,
    },
    { title: t('table.name'), dataIndex: 'name', render: (name: string) => <Typography.Text strong>{name}</Typography.Text> },
    {
      title: t('table.shortcut'),
      key: 'shortcut',
      render: (_, l) => (l.property?.['@modelarts:shortcut'] ? <Tag>{l.property['@modelarts:shortcut']}</Tag> : '—'),
    },
    ...(isDetection
      ? [{ title: t('table.defaultShape'), key: 'shape', render: (_: unknown, l: LabelStats) => (l.property?.['@modelarts:default_shape'] ? t(`shape.${l.property['@modelarts:default_shape']}`) : '—') }]
      : []),
    { title: t('table.sampleCount'), dataIndex: 'sample_count', align: 'right', sorter: (a, b) => a.sample_count - b.sample_count },
    { title: t('table.count'), dataIndex: 'count', align: 'right', sorter: (a, b) => a.count - b.count },
    {
      title: t('table.actions'),
      key: 'actions',
      width: 120,
      render: (_, l) => (
        <Space>
          <Button type="text" icon={<EditOutlined />} aria-label={t('action.edit', { name: l.name })} title={t('action.edit', { name: l.name })} onClick={() => setForm({ open: true, editing: l })} />
          <Button type="text" danger icon={<DeleteOutlined />} aria-label={t('action.delete', { name: l.name })} title={t('action.delete', { name: l.name })} onClick={() => setToDelete([l.name])} />
        </Space>
      ),
    },
  ];

  if (labels.isError) {
    return <Alert type="error" showIcon title={t('loadError')} description={labels.error.message} action={<Button onClick={() => labels.refetch()}>{t('retry')}</Button>} />;
  }

  return (
    <Flex vertical gap="middle">
      <Flex justify="space-between" align="center" wrap gap="small">
        <Typography.Text type="secondary">{t('summary', { count: rows.length })}</Typography.Text>
        <Space wrap>
          <Button danger icon={<DeleteOutlined />} disabled={selected.length === 0} onClick={() => setToDelete(selected)}>
            {selected.length ? t('action.deleteSelected', { count: selected.length }) : t('action.deleteNone')}
          </Button>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setForm({ open: true })}>
            {t('action.create')}
          </Button>
        </Space>
      </Flex>
      <Table<LabelStats>
        rowKey="name"
        size="middle"
        loading={labels.isPending}
        columns={columns}
        dataSource={rows}
        pagination={rows.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
        rowSelection={{
          selectedRowKeys: selected,
          onChange: (keys) => setSelected(keys as string[]),
          getCheckboxProps: (l) => ({ 'aria-label': t('action.select', { name: l.name }) }),
        }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('empty')} /> }}
      />
      <LabelFormModal
        datasetId={datasetId}
        datasetType={datasetType}
        labels={rows}
        editing={form.editing}
        open={form.open}
        onClose={() => setForm({ open: false })}
        alsoInvalidate={alsoInvalidate}
      />
      <DeleteLabelsModal
        key={toDelete.join('\n')}
        datasetId={datasetId}
        names={toDelete}
        alsoInvalidate={alsoInvalidate}
        onClose={(deleted) => {
          if (deleted) setSelected((s) => s.filter((n) => !toDelete.includes(n)));
          setToDelete([]);
        }}
      />
    </Flex>
  );
}

function ColorSwatch({ color }: { color?: string }) {
  if (!color) return <span aria-hidden>—</span>;
  return (
    <span
      title={color}
      role="img"
      aria-label={color}
      style={{ display: 'inline-block', width: 20, height: 20, borderRadius: 4, background: color, border: '1px solid rgba(128,128,128,0.4)', verticalAlign: 'middle' }}
    />
  );
}
