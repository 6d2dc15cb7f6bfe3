import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Breadcrumb, Button, Flex, Result, Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { DATASET_STATUS } from '@contract/dataset';
import { PageLoading } from '@/components/page-loading';
import { useDatasetRelatedKeys } from '../dataset-related-keys';
import { sessionQueries } from '@/features/auth/api';
import { datasetKeys, datasetQueries } from '@/features/datasets/api';
import { ExportButton } from '@/features/export-tasks/components/export-dialog';
import { ImportButton } from '@/features/import-tasks/components/import-dialog';
import { ImportProgress } from '@/features/import-tasks/components/import-progress';
import { SyncButton } from '@/features/import-tasks/components/sync-button';
import { LabelsTab } from '@/features/labels/components/labels-tab';
import { SampleGallery } from '@/features/samples/components/sample-gallery';
import { DatasetHeader } from '@/features/stats/components/dataset-header';
import { StatsOverview } from '@/features/stats/components/stats-overview';
import { TaskList, canManageTasks, taskKeys } from '@/features/tasks';
import { UploadSamplesButton } from '@/features/upload';
import { VersionsTab } from '@/features/versions';

const TABS = ['overview', 'samples', 'labels', 'versions', 'tasks'] as const;
/** Y1 is not offered for text datasets (§4). */
const isTextDataset = (type: number) => type >= 100 && type < 200;
type Tab = (typeof TABS)[number];

/** `/datasets/:datasetId/overview|samples|labels|versions|tasks`: the dataset header and one tab, the tab kept in the URL. */
export default function DatasetDetailPage() {
  const { datasetId = '', '*': rest = '' } = useParams();
  const segment = rest.split('/')[0];
  const tab: Tab = (TABS as readonly string[]).includes(segment) ? (segment as Tab) : 'overview';
  const { t } = useTranslation('dataset');
  const navigate = useNavigate();
  const dataset = useQuery(datasetQueries.detail(datasetId));
  const related = useDatasetRelatedKeys(datasetId);
  const queryClient = useQueryClient();
  const { data: session } = useQuery(sessionQueries.current());

  if (dataset.isError) {
    const missing = dataset.error.code === 'ModelArts.4352';
    return (
      <Result
        status={missing ? '404' : 'error'}
        title={missing ? t('notFound') : t('loadError')}
        subTitle={missing ? undefined : `${dataset.error.message} (${dataset.error.code})`}
        extra={[
          <Button key="list" type="primary" onClick={() => navigate('/datasets')}>{t('backToList')}</Button>,
          !missing && <Button key="retry" onClick={() => dataset.refetch()}>{t('retry')}</Button>,
        ]}
      />
    );
  }
  if (!dataset.data) return <PageLoading />;
  const d = dataset.data;
  // A dialog that started a task opens it here, highlighted.
  const showTask = (taskId: string) => {
    // The task lists poll only while they show an unfinished task: the new one must be fetched once to appear.
    void queryClient.invalidateQueries({ queryKey: taskKeys.all });
    void queryClient.invalidateQueries({ queryKey: datasetKeys.detail(datasetId) });
    navigate(`/datasets/${encodeURIComponent(datasetId)}/tasks?task=${encodeURIComponent(taskId)}`);
  };
  const canManage = canManageTasks(session?.user.role);
  const toolbar = canManage ? (
    <>
      <ImportButton datasetId={datasetId} datasetType={d.dataset_type} onStarted={showTask} />
      <ExportButton datasetId={datasetId} datasetType={d.dataset_type} onStarted={showTask} />
      {!isTextDataset(d.dataset_type) && <SyncButton datasetId={datasetId} onStarted={showTask} alsoInvalidate={related} />}
    </>
  ) : undefined;

  const items = [
    {
      key: 'overview',
      label: t('tabs.overview'),
      children: (
        <Flex vertical gap="middle">
          <ImportProgress datasetId={datasetId} taskId={d.import_task_id} importing={d.status === DATASET_STATUS.IMPORTING} alsoInvalidate={related} />
          <StatsOverview datasetId={datasetId} />
        </Flex>
      ),
    },
    {
      key: 'samples',
      label: t('tabs.samples'),
      children: (
        <SampleGallery
          datasetId={datasetId}
          labels={d.labels}
          alsoInvalidate={related}
          // Uploading adds samples: only people who may change data see the button (others would get 403s).
          renderUpload={
            canManage
              ? (onUploaded) => <UploadSamplesButton datasetId={datasetId} inputPath={d.data_sources[0]?.data_path ?? ''} onUploaded={onUploaded} />
              : undefined
          }
        />
      ),
    },
    { key: 'labels', label: t('tabs.labels'), children: <LabelsTab datasetId={datasetId} datasetType={d.dataset_type} alsoInvalidate={related} /> },
    { key: 'versions', label: t('tabs.versions'), children: <VersionsTab datasetId={datasetId} datasetType={d.dataset_type} alsoInvalidate={related} /> },
    {
      key: 'tasks',
      label: t('tabs.tasks'),
      children: <TaskList datasetId={datasetId} canManage={canManage} toolbar={toolbar} alsoInvalidate={related} />,
    },
  ];

  return (
    <>
      <Breadcrumb style={{ marginBottom: 8 }} items={[{ title: <Link to="/datasets">{t('back')}</Link> }, { title: d.dataset_name }]} />
      <DatasetHeader dataset={d} />
      <Tabs activeKey={tab} onChange={(key) => navigate(`/datasets/${encodeURIComponent(datasetId)}/${key}`)} items={items} />
    </>
  );
}
