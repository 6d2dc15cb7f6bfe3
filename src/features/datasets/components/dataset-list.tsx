import { PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Empty, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { datasetQueries } from '../api';
import { useDatasetListFilters } from '../hooks/use-dataset-list-filters';
import { DatasetListToolbar } from './dataset-list-toolbar';
import { DatasetTable } from './dataset-table';

/** The dataset list with its URL-kept filters, and the empty and error states (U5). */
export function DatasetList() {
  const { t } = useTranslation('datasets');
  const navigate = useNavigate();
  const { state, filters, update, isFiltered } = useDatasetListFilters();
  const list = useQuery(datasetQueries.list(filters));

  if (list.isError && !list.data) {
    return (
      <Result
        status="error"
        title={t('list.loadFailed')}
        subTitle={`${list.error.message} (${list.error.code})`}
        extra={<Button onClick={() => void list.refetch()}>{t('common:error.retry')}</Button>}
      />
    );
  }

  const empty = list.isSuccess && list.data.total_number === 0 && !list.isPlaceholderData;
  if (empty && !isFiltered) {
    return (
      <Empty description={t('list.emptyTitle')} style={{ padding: 48 }}>
        <p>{t('list.emptyHint')}</p>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/datasets/new')}>
          {t('list.create')}
        </Button>
      </Empty>
    );
  }

  return (
    <>
      <DatasetListToolbar state={state} onChange={update} />
      {empty ? (
        <Empty description={t('list.noMatch')} style={{ padding: 48 }}>
          <Button onClick={() => update({ q: '', type: undefined })}>{t('list.clearFilters')}</Button>
        </Empty>
      ) : (
        <DatasetTable
          data={list.data}
          loading={list.isFetching && (list.isPending || list.isPlaceholderData)}
          page={state.page}
          pageSize={state.size}
          onPageChange={(page, size) => update(size !== state.size ? { page: 1, size } : { page })}
        />
      )}
    </>
  );
}
