import type { QueryKey } from '@tanstack/react-query';
import { useQuery } from '@tanstack/react-query';
import { Button, Flex, Result, Spin } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { fileUrl } from '@/lib/http';
import { readSampleFilter } from '@/lib/sample-filter';
import { annotationQueries } from '../api';
import type { EditorKind } from '../model/annotation-doc';
import type { Size } from '../model/geometry';
import type { EditorLabel } from '../model/shortcuts';
import { useLoadedImage } from '../use-loaded-image';
import { useSampleWalk } from '../use-sample-walk';
import { SampleWorkspace } from './sample-workspace';

interface Props {
  datasetId: string;
  datasetType: number;
  labels: EditorLabel[];
  /** Keys of other features that saved labels make stale (gallery, label counts, the dataset). */
  alsoInvalidate: readonly QueryKey[];
}

const kindOf = (datasetType: number): EditorKind | null => (datasetType === 0 ? 'classification' : datasetType === 1 || datasetType === 3 ? 'detection' : null);

const readIndex = (raw: string | null) => {
  const n = Number(raw);
  return Number.isSafeInteger(n) && n >= 0 ? n : 0;
};

/** `@modelarts:size` `[w, h, depth]` when it is usable: coordinates are checked against it. */
function sizeOf(metadata: Record<string, unknown>, image?: HTMLImageElement): Size {
  const s = metadata['@modelarts:size'];
  if (Array.isArray(s) && s[0] > 0 && s[1] > 0) return { width: Number(s[0]), height: Number(s[1]) };
  return { width: image?.naturalWidth ?? 0, height: image?.naturalHeight ?? 0 };
}

/**
 * The annotation editor at `/datasets/:id/annotate?i=<index>&<gallery filter>`: walks the samples the
 * gallery shows under the same filter, one at a time.
 */
export function AnnotationEditor({ datasetId, datasetType, labels, alsoInvalidate }: Props) {
  const { t } = useTranslation('annotation');
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const index = readIndex(params.get('i'));
  const filterKey = params.toString();
  // A new object only when the query string changes, so the walk's queries and effects stay put.
  const filter = useMemo(() => readSampleFilter(new URLSearchParams(filterKey)), [filterKey]);
  const kind = kindOf(datasetType);
  const walk = useSampleWalk(datasetId, filter, index);
  const sampleId = walk.summary?.sample_id;
  const detail = useQuery({ ...annotationQueries.sample(datasetId, sampleId ?? ''), enabled: !!sampleId });
  const [imageAttempt, setImageAttempt] = useState(0);
  const image = useLoadedImage(kind === 'detection' && detail.data ? fileUrl(detail.data.source) : undefined, imageAttempt);

  const goTo = useCallback(
    (i: number) =>
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          next.set('i', String(i));
          return next;
        },
        { replace: true },
      ),
    [setParams],
  );
  const galleryUrl = () => {
    const next = new URLSearchParams(params);
    next.set('i', String(index));
    return `/datasets/${encodeURIComponent(datasetId)}/samples?${next}`;
  };
  const back = () => navigate(galleryUrl());
  // After stepping, an emptied list is the end of the work (an "unlabeled" filter all labeled), not a bad filter.
  const stepped = useRef(false);
  const onStep = async (delta: 1 | -1, saved?: string) => {
    const target = await walk.stepFrom(delta, saved);
    stepped.current = true;
    goTo(target);
  };

  const backButton = (
    <Button key="back" type="primary" onClick={back}>
      {t('toolbar.back')}
    </Button>
  );
  const frame = (content: ReactNode) => (
    <Flex vertical style={{ height: 'calc(100vh - 112px)', minHeight: 420 }}>
      {content}
    </Flex>
  );
  const loading = frame(<Spin size="large" style={{ margin: 'auto' }} aria-label={t('loading')} />);

  const failure = walk.list.error ?? detail.error;
  const stage: 'unsupported' | 'failed' | 'loading' | 'empty' | 'end' | 'image-failed' | 'ready' = !kind
    ? 'unsupported'
    : failure
      ? 'failed'
      : walk.total === undefined
        ? 'loading'
        : walk.total === 0 && !stepped.current
          ? 'empty'
          : index >= walk.total
            ? 'end'
            : !detail.data || detail.data.sample_id !== sampleId
              ? 'loading'
              : kind === 'detection' && image.failed
                ? 'image-failed'
                : kind === 'detection' && !image.image
                  ? 'loading'
                  : 'ready';

  // Outside a sample (end of the list, errors) Esc still leaves, so the keyboard never gets stuck.
  const backRef = useRef(back);
  useEffect(() => {
    backRef.current = back;
  });
  useEffect(() => {
    if (stage === 'ready') return;
    const onKeyDown = (e: KeyboardEvent) => e.key === 'Escape' && !e.defaultPrevented && backRef.current();
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [stage]);

  if (stage === 'unsupported') return frame(<Result status="info" title={t('unsupported.title')} subTitle={t('unsupported.detail')} extra={backButton} />);
  if (stage === 'failed' && failure) {
    const retry = () => void (walk.list.isError ? walk.list.refetch() : detail.refetch());
    return frame(
      <Result
        status="error"
        title={t('error.title')}
        subTitle={`${failure.message} (${failure.code})`}
        extra={[
          backButton,
          <Button key="retry" onClick={retry}>
            {t('error.retry')}
          </Button>,
        ]}
      />,
    );
  }
  if (stage === 'empty') return frame(<Result status="info" title={t('empty.title')} subTitle={t('empty.detail')} extra={backButton} />);
  if (stage === 'end') {
    const total = walk.total ?? 0;
    return frame(
      <Result
        status="success"
        title={t('end.title')}
        subTitle={t('end.detail', { count: total })}
        extra={[
          backButton,
          <Button key="last" disabled={total === 0} onClick={() => goTo(total - 1)}>
            {t('end.last')}
          </Button>,
        ]}
      />,
    );
  }
  if (stage === 'image-failed') {
    return frame(
      <Result
        status="warning"
        title={t('image.failed')}
        subTitle={t('image.failedHint')}
        extra={[
          backButton,
          <Button key="retry" onClick={() => setImageAttempt((a) => a + 1)}>
            {t('image.retry')}
          </Button>,
        ]}
      />,
    );
  }
  if (stage !== 'ready' || !kind || !detail.data || walk.total === undefined) return loading;

  return frame(
    <SampleWorkspace
      key={detail.data.sample_id}
      datasetId={datasetId}
      datasetType={datasetType}
      kind={kind}
      sample={detail.data}
      labels={labels}
      image={image.image}
      size={kind === 'detection' ? sizeOf(detail.data.metadata, image.image) : { width: Infinity, height: Infinity }}
      index={index}
      total={walk.total}
      onStep={onStep}
      onBack={back}
      alsoInvalidate={alsoInvalidate}
    />,
  );
}
