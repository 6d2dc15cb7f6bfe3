import { queryOptions } from '@tanstack/react-query';
import {
  BatchByFilterResp,
  DeleteSamplesResp,
  DescribeSampleResp,
  ListSamplesResp,
  SearchConditionResp,
  type BatchByFilterBody,
  type UpdateSamplesBody,
} from '@contract/sample';
import { apiPath, assertBatchSuccess, getJson, http, parse } from '@/lib/http';
import { sampleListParams, type SampleFilter } from '@/lib/sample-filter';

/** S1's largest page: the gallery fetches the pages its rows in view fall on. */
export const GALLERY_PAGE_SIZE = 100;

/** Thumbnails for the gallery (quality-bar W3: never the originals). */
export const THUMBNAIL_PROCESS = 'image/resize,m_lfit,h_200';

export const sampleKeys = {
  all: ['samples'] as const,
  dataset: (datasetId: string) => [...sampleKeys.all, datasetId] as const,
  lists: (datasetId: string) => [...sampleKeys.dataset(datasetId), 'list'] as const,
  // The filter as the request it makes (a string): react-query matches object keys partially, and an
  // empty filter would otherwise match every filtered list.
  list: (datasetId: string, filter: SampleFilter) =>
    [...sampleKeys.lists(datasetId), JSON.stringify(sampleListParams(filter))] as const,
  page: (datasetId: string, filter: SampleFilter, page: number) => [...sampleKeys.list(datasetId, filter), page] as const,
  detail: (datasetId: string, sampleId: string) => [...sampleKeys.dataset(datasetId), 'detail', sampleId] as const,
  facets: (datasetId: string) => [...sampleKeys.dataset(datasetId), 'facets'] as const,
};

const annotationsPath = (datasetId: string) => apiPath(`/datasets/${encodeURIComponent(datasetId)}/data-annotations`);
const samplesPath = (datasetId: string) => `${annotationsPath(datasetId)}/samples`;

export const sampleQueries = {
  /** One page of `GALLERY_PAGE_SIZE` samples of the filter (`offset` is S1's page index). */
  page: (datasetId: string, filter: SampleFilter, page: number) =>
    queryOptions({
      queryKey: sampleKeys.page(datasetId, filter, page),
      // The signal lets react-query cancel a page that scrolled out of view before it arrived.
      queryFn: async ({ signal }) => {
        const params = { offset: page, limit: GALLERY_PAGE_SIZE, ...sampleListParams(filter), process_parameter: THUMBNAIL_PROCESS };
        return parse(ListSamplesResp, (await http.get(samplesPath(datasetId), { params, signal })).data);
      },
      // Pages scrolled past are dropped soon: a long scroll through a million samples must not pile up.
      gcTime: 60_000,
    }),
  detail: (datasetId: string, sampleId: string) =>
    queryOptions({
      queryKey: sampleKeys.detail(datasetId, sampleId),
      queryFn: () => getJson(DescribeSampleResp, `${samplesPath(datasetId)}/${encodeURIComponent(sampleId)}`),
    }),
  /** S6: the labels, labelers and metadata values that samples of the dataset carry. */
  facets: (datasetId: string) =>
    queryOptions({
      queryKey: sampleKeys.facets(datasetId),
      queryFn: () => getJson(SearchConditionResp, `${annotationsPath(datasetId)}/search-condition`),
      staleTime: 60_000,
    }),
};


/** S4. */
export async function deleteSamples(datasetId: string, samples: string[], deleteSource: boolean) {
  const res = await http.post(`${samplesPath(datasetId)}/delete`, { samples, delete_source: deleteSource });
  return assertBatchSuccess(parse(DeleteSamplesResp, res.data));
}

/** S3: each sample's labels are replaced by the ones given. */
export async function updateSampleLabels(datasetId: string, samples: UpdateSamplesBody['samples']) {
  const body: UpdateSamplesBody = { samples };
  const res = await http.put(samplesPath(datasetId), body);
  return assertBatchSuccess(res.data);
}

/** Local extension: one change to every sample matching a filter, refused (4396) if their number moved. */
export async function batchByFilter(datasetId: string, body: BatchByFilterBody) {
  const res = await http.post(`${samplesPath(datasetId)}/batch-by-filter`, body);
  return parse(BatchByFilterResp, res.data);
}
