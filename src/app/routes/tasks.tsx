import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '@/components/page-header';
import { sessionQueries } from '@/features/auth/api';
import { datasetQueries } from '@/features/datasets/api';
import { TaskList, canManageTasks } from '@/features/tasks';

/** `/tasks`: every task of every dataset, filters kind / status / dataset in the URL. */
export default function TasksPage() {
  const { t } = useTranslation('task-center');
  // The layout has loaded the session before any page renders.
  const { data: session } = useQuery(sessionQueries.current());
  const [search, setSearch] = useState('');
  const datasets = useQuery({
    ...datasetQueries.list({ offset: 0, limit: 100, sort_by: 'dataset_name', order: 'asc', ...(search ? { search_content: search } : {}) }),
    // The filter needs names only; it does not follow imports running in them.
    refetchInterval: false,
  });
  const options = datasets.data?.datasets.map((d) => ({ value: d.dataset_id, label: d.dataset_name }));
  return (
    <>
      <PageHeader title={t('title')} subtitle={t('subtitle')} />
      <TaskList
        datasetOptions={options ?? []}
        datasetOptionsLoading={datasets.isFetching}
        onDatasetSearch={setSearch}
        canManage={canManageTasks(session?.user.role)}
      />
    </>
  );
}
