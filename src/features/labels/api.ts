import { queryOptions, useMutation, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { LabelDeleteImpactResp, LabelsBatchResp, ListLabelsResp, type Label, type LabelProperty } from '@contract/label';
import { apiPath, assertBatchSuccess, getJson, http, parse } from '@/lib/http';

/** Query keys of a dataset's labels; `dataset(id)` is the prefix that label changes invalidate. */
export const labelKeys = {
  all: ['labels'] as const,
  dataset: (datasetId: string) => [...labelKeys.all, datasetId] as const,
  list: (datasetId: string) => [...labelKeys.dataset(datasetId), 'list'] as const,
  // Outside `dataset(id)` on purpose: invalidating after a delete must not refetch the impact of labels just deleted.
  deleteImpact: (datasetId: string, names: readonly string[]) => [...labelKeys.all, 'delete-impact', datasetId, [...names].sort()] as const,
};

const labelsPath = (datasetId: string) => apiPath(`/datasets/${encodeURIComponent(datasetId)}/data-annotations/labels`);

export const labelQueries = {
  list: (datasetId: string) =>
    queryOptions({ queryKey: labelKeys.list(datasetId), queryFn: () => getJson(ListLabelsResp, labelsPath(datasetId)) }),
  /** Local extension: how many samples and files deleting these labels touches. */
  deleteImpact: (datasetId: string, names: readonly string[]) =>
    queryOptions({
      queryKey: labelKeys.deleteImpact(datasetId, names),
      queryFn: () => {
        const params = new URLSearchParams();
        names.forEach((n) => params.append('label_name', n));
        return getJson(LabelDeleteImpactResp, `${labelsPath(datasetId)}/delete-impact`, params);
      },
      staleTime: 0,
    }),
};


export const DELETE_POLICY = { LABEL_ONLY: 0, WITH_SAMPLES: 1, WITH_FILES: 2 } as const;
export type DeletePolicy = (typeof DELETE_POLICY)[keyof typeof DELETE_POLICY];

export async function createLabels(datasetId: string, labels: Label[]) {
  const res = await http.post(labelsPath(datasetId), { labels });
  return assertBatchSuccess(parse(LabelsBatchResp, res.data));
}

/** L5: the body is a bare property map; `@modelarts:rename_to` renames. 204 may still carry a failure body. */
export async function updateLabel(datasetId: string, name: string, property: LabelProperty) {
  const res = await http.put(`${labelsPath(datasetId)}/${encodeURIComponent(name)}`, property);
  if (res.data && typeof res.data === 'object' && 'success' in res.data) assertBatchSuccess(res.data);
}

export async function deleteLabels(datasetId: string, names: string[], policy: DeletePolicy) {
  const res = await http.post(`${labelsPath(datasetId)}/delete`, { labels: names.map((name) => ({ name })) }, { params: { delete_policy: policy } });
  return assertBatchSuccess(res.data);
}

/**
 * Label changes move counts elsewhere (samples' chips, stats, the dataset header): callers pass those
 * features' keys in `alsoInvalidate`; this feature's own keys are always invalidated.
 */
function useLabelMutation<V>(datasetId: string, alsoInvalidate: readonly QueryKey[], fn: (v: V) => Promise<unknown>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    // The dialogs that run these show the error themselves, next to what the user was doing.
    meta: { silent: true },
    onSettled: () =>
      Promise.all([labelKeys.dataset(datasetId), ...alsoInvalidate].map((queryKey) => queryClient.invalidateQueries({ queryKey }))),
  });
}

export const useCreateLabel = (datasetId: string, alsoInvalidate: readonly QueryKey[]) =>
  useLabelMutation(datasetId, alsoInvalidate, (label: Label) => createLabels(datasetId, [label]));

export const useUpdateLabel = (datasetId: string, alsoInvalidate: readonly QueryKey[]) =>
  useLabelMutation(datasetId, alsoInvalidate, (v: { name: string; property: LabelProperty }) => updateLabel(datasetId, v.name, v.property));

export const useDeleteLabels = (datasetId: string, alsoInvalidate: readonly QueryKey[]) =>
  useLabelMutation(datasetId, alsoInvalidate, (v: { names: string[]; policy: DeletePolicy }) => deleteLabels(datasetId, v.names, v.policy));
