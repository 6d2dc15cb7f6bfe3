import { AddSamplesResp, type AddSamplesBody } from '@contract/sample';
import { uploadObject } from '@/components/path-picker';
import { apiPath, http, parse } from '@/lib/http';

export { uploadObject };

/** `ModelArts.4422`: the sample exists already — for an upload, not a failure. */
export const SAMPLE_EXISTS = 'ModelArts.4422';

/** Basename of an object path: the sample's name. */
export const baseName = (path: string) => path.slice(path.lastIndexOf('/') + 1);

/**
 * S2: registers files already in storage as samples (`data_source` OBS paths, no bytes in the body).
 * The answer is a batch body, HTTP 200 even when some items failed, one result per sample in order.
 */
export async function registerSamples(datasetId: string, objectPaths: readonly string[], signal?: AbortSignal) {
  const body: AddSamplesBody = { samples: objectPaths.map((data_path) => ({ name: baseName(data_path), data_source: { data_type: 0, data_path } })) };
  const res = await http.post(apiPath(`/datasets/${encodeURIComponent(datasetId)}/data-annotations/samples`), body, { signal });
  return parse(AddSamplesResp, res.data);
}
