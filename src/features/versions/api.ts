import { queryOptions, useMutation, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { UpdateDatasetResp } from '@contract/dataset';
import { CreateVersionBody, CreateVersionResp, DatasetVersion, ListVersionsResp, isVersionFinal, type CreateVersionInput } from '@contract/version';
import { apiPath, fileUrl, http, parse } from '@/lib/http';

/** While a version is being published or deleted, the list is polled this often. */
export const VERSION_POLL_MS = 2_000;

export const versionKeys = {
  all: ['versions'] as const,
  dataset: (datasetId: string) => [...versionKeys.all, datasetId] as const,
  list: (datasetId: string) => [...versionKeys.dataset(datasetId), 'list'] as const,
};

const versionsPath = (datasetId: string) => apiPath(`/datasets/${encodeURIComponent(datasetId)}/versions`);

/** V1, newest first. */
export async function listVersions(datasetId: string, signal?: AbortSignal) {
  const res = await http.get(versionsPath(datasetId), { signal });
  const body = parse(ListVersionsResp, res.data);
  return { ...body, versions: [...body.versions].sort((a, b) => b.create_time - a.create_time) };
}

export const getVersion = (datasetId: string, versionId: string) =>
  http.get(`${versionsPath(datasetId)}/${encodeURIComponent(versionId)}`).then((res) => parse(DatasetVersion, res.data));

/** V2: the body is parsed with the contract first, so what is sent is exactly what the API accepts. */
export async function publishVersion(datasetId: string, input: CreateVersionInput) {
  const res = await http.post(versionsPath(datasetId), CreateVersionBody.parse(input));
  return parse(CreateVersionResp, res.data);
}

export const deleteVersion = (datasetId: string, versionId: string) => http.delete(`${versionsPath(datasetId)}/${encodeURIComponent(versionId)}`);

/** D4 with `current_version_id` only. */
export const setCurrentVersion = (datasetId: string, versionId: string) =>
  http
    .put(apiPath(`/datasets/${encodeURIComponent(datasetId)}`), { current_version_id: versionId })
    .then((res) => parse(UpdateDatasetResp, res.data));

/**
 * Saves a version's manifest. The signed `manifest_url` is asked for afresh (V3), since one from a list
 * loaded long ago may have expired.
 */
export async function downloadManifest(datasetId: string, versionId: string) {
  const version = await getVersion(datasetId, versionId);
  if (!version.manifest_url) throw new Error(`Version ${version.version_name} has no manifest`);
  const link = document.createElement('a');
  link.href = fileUrl(version.manifest_url);
  link.download = `${version.version_name}.manifest`;
  document.body.append(link);
  link.click();
  link.remove();
}

export const versionQueries = {
  list: (datasetId: string) =>
    queryOptions({
      queryKey: versionKeys.list(datasetId),
      queryFn: ({ signal }) => listVersions(datasetId, signal),
      // Polls only while a version can still change by itself; stops once every one is final.
      refetchInterval: (q) => (q.state.data?.versions.some((v) => !isVersionFinal(v.status)) ? VERSION_POLL_MS : false),
    }),
};

/**
 * Version changes move the dataset's own fields (current version, version count, status while publishing):
 * the page passes those keys in `alsoInvalidate`.
 */
function useVersionMutation<V, R>(datasetId: string, alsoInvalidate: readonly QueryKey[], fn: (v: V) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    // Each action shows its error where it was asked for.
    meta: { silent: true },
    onSettled: () => Promise.all([versionKeys.dataset(datasetId), ...alsoInvalidate].map((queryKey) => queryClient.invalidateQueries({ queryKey }))),
  });
}

export const usePublishVersion = (datasetId: string, alsoInvalidate: readonly QueryKey[]) =>
  useVersionMutation(datasetId, alsoInvalidate, (input: CreateVersionInput) => publishVersion(datasetId, input));
export const useDeleteVersion = (datasetId: string, alsoInvalidate: readonly QueryKey[]) =>
  useVersionMutation(datasetId, alsoInvalidate, (versionId: string) => deleteVersion(datasetId, versionId));
export const useSetCurrentVersion = (datasetId: string, alsoInvalidate: readonly QueryKey[]) =>
  useVersionMutation(datasetId, alsoInvalidate, (versionId: string) => setCurrentVersion(datasetId, versionId));
