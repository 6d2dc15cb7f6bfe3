import { queryOptions, useMutation, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { DescribeSampleResp, ListSamplesResp, UpdateSamplesBody, type SampleLabel } from '@contract/sample';
import { apiPath, assertBatchSuccess, getJson, http, parse } from '@/lib/http';
import { sampleListParams, type SampleFilter } from '@/lib/sample-filter';

/** Samples per S1 request while walking the filtered list (the API's maximum page). */
export const WALK_PAGE = 100;

export const annotationKeys = {
  all: ['annotation'] as const,
  dataset: (datasetId: string) => [...annotationKeys.all, datasetId] as const,
  walks: (datasetId: string) => [...annotationKeys.dataset(datasetId), 'walk'] as const,
  walkPage: (datasetId: string, filter: SampleFilter, page: number) => [...annotationKeys.walks(datasetId), filter, page] as const,
  sample: (datasetId: string, sampleId: string) => [...annotationKeys.dataset(datasetId), 'sample', sampleId] as const,
};

const samplesPath = (datasetId: string) => apiPath(`/datasets/${encodeURIComponent(datasetId)}/data-annotations/samples`);

export const annotationQueries = {
  /**
   * One page of the gallery's filtered list (S1 with the same filter and default order as the gallery),
   * to find the sample at an index and the list's length. `offset` is a page index (API quirk).
   */
  walkPage: (datasetId: string, filter: SampleFilter, page: number) =>
    queryOptions({
      queryKey: annotationKeys.walkPage(datasetId, filter, page),
      queryFn: ({ signal }) =>
        http
          .get(samplesPath(datasetId), { params: { offset: page, limit: WALK_PAGE, ...sampleListParams(filter) }, signal })
          .then((res) => parse(ListSamplesResp, res.data)),
      staleTime: 60_000,
    }),
  /**
   * S5: the sample with its labels and a signed URL of the original image. Kept a while, so a prefetched
   * next sample keeps its URL and the browser's cached image is the one shown.
   */
  sample: (datasetId: string, sampleId: string) =>
    queryOptions({
      queryKey: annotationKeys.sample(datasetId, sampleId),
      queryFn: () => getJson(DescribeSampleResp, `${samplesPath(datasetId)}/${encodeURIComponent(sampleId)}`),
      staleTime: 120_000,
    }),
};


/** S3: replaces the sample's whole label list. The body is checked against the contract before it leaves. */
export async function saveSampleLabels(datasetId: string, sampleId: string, labels: SampleLabel[]) {
  const res = await http.put(samplesPath(datasetId), UpdateSamplesBody.parse({ samples: [{ sample_id: sampleId, labels }] }));
  return assertBatchSuccess(res.data);
}

/**
 * Saves one sample's labels. Afterwards the editor's copy of the sample holds what was stored, the walk
 * is re-read (a saved sample may have left the filter), and other features' keys (gallery, counts) are
 * invalidated through `alsoInvalidate`.
 */
export function useSaveSampleLabels(datasetId: string, alsoInvalidate: readonly QueryKey[]) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (v: { sampleId: string; labels: SampleLabel[] }) => saveSampleLabels(datasetId, v.sampleId, v.labels),
    onSuccess: (_body, v) => {
      queryClient.setQueryData(annotationQueries.sample(datasetId, v.sampleId).queryKey, (old) => (old ? { ...old, labels: v.labels } : old));
      return Promise.all(
        [annotationKeys.walks(datasetId), ...alsoInvalidate].map((queryKey) => queryClient.invalidateQueries({ queryKey, refetchType: 'none' })),
      );
    },
  });
}
