import { expect, type APIRequestContext, type APIResponse } from '@playwright/test';
import type { CreateDatasetBody, Dataset } from '../../server/contract/dataset';
import type { ListLabelsResp } from '../../server/contract/label';
import type { ExportTaskStatusResp } from '../../server/contract/export-task';
import type { AddSamplesBody, AddSamplesResp, ListSamplesResp } from '../../server/contract/sample';
import type { TaskSummary } from '../../server/contract/task';
import type { ListObjectsResp } from '../../server/contract/storage';
import type { Session } from '../../server/contract/bff';
import { E2E_ADMIN_PASSWORD, E2E_ADMIN_USER } from '../env';

/** Dataset status NORMAL (§9): created and not importing any more. */
const NORMAL = 1;

async function json<T>(res: APIResponse): Promise<T> {
  if (!res.ok()) throw new Error(`${res.url()} answered ${res.status()}: ${await res.text()}`);
  return (await res.json()) as T;
}

/**
 * The console's own HTTP API, called with the browser context's session cookie (`page.request`), as the
 * SPA calls it: `/bff/*` and the signed proxy `/api/v2/{project}/*`, mutations with the CSRF header.
 * Used to seed data a journey needs and to check what the UI cannot show (e.g. files in storage).
 */
export class ConsoleApi {
  private constructor(
    private readonly request: APIRequestContext,
    readonly session: Session,
  ) {}

  /** Signs in as the e2e admin; the cookie lands in the browser context the request belongs to. */
  static async signIn(request: APIRequestContext): Promise<void> {
    await json(await request.post('/bff/login', { data: { username: E2E_ADMIN_USER, password: E2E_ADMIN_PASSWORD } }));
  }

  /** The API of the session the request's context already has. */
  static async connect(request: APIRequestContext): Promise<ConsoleApi> {
    return new ConsoleApi(request, await json<Session>(await request.get('/bff/session')));
  }

  private url(path: string) {
    return `/api/v2/${this.session.project_id}${path}`;
  }

  private get mutating() {
    return { 'x-csrf-token': this.session.csrf_token };
  }

  async createBucket(name: string) {
    await json(await this.request.post(this.url('/storage/buckets'), { data: { name }, headers: this.mutating }));
  }

  /** Stores one file at `/bucket/dir/name` (the storage extension's raw upload). */
  async putObject(objectPath: string, bytes: Buffer | string) {
    await json(
      await this.request.put(this.url('/storage/objects'), {
        params: { path: objectPath },
        data: typeof bytes === 'string' ? Buffer.from(bytes) : bytes,
        headers: { ...this.mutating, 'Content-Type': 'application/octet-stream' },
      }),
    );
  }

  /** Creates a folder `/bucket/dir/` (and its parents). */
  async createFolder(folder: string) {
    await json(await this.request.post(this.url('/storage/folders'), { data: { path: folder }, headers: this.mutating }));
  }

  /** Names of the sub-folders directly in a folder (`/bucket/dir/`), without their trailing `/`. */
  async folderNames(folder: string): Promise<string[]> {
    const res = await json<ListObjectsResp>(await this.request.get(this.url('/storage/objects'), { params: { path: folder } }));
    return res.folders.map((f) => f.name.replace(/\/$/, '')).sort();
  }

  /** Names of the files directly in a folder (`/bucket/dir/`). */
  async fileNames(folder: string): Promise<string[]> {
    const res = await json<ListObjectsResp>(await this.request.get(this.url('/storage/objects'), { params: { path: folder } }));
    return res.files.map((f) => f.name).sort();
  }

  async createDataset(body: CreateDatasetBody): Promise<string> {
    const res = await json<{ dataset_id: string }>(await this.request.post(this.url('/datasets'), { data: body, headers: this.mutating }));
    return res.dataset_id;
  }

  async dataset(id: string): Promise<Dataset> {
    return json<Dataset>(await this.request.get(this.url(`/datasets/${id}`)));
  }

  /** Waits until the dataset's import has ended (status back to NORMAL) and returns its detail. */
  async waitUntilImported(id: string): Promise<Dataset> {
    await expect.poll(async () => (await this.dataset(id)).status, { timeout: 60_000, intervals: [200, 300, 500] }).toBe(NORMAL);
    return this.dataset(id);
  }

  async samples(id: string, query: Record<string, string | number> = {}): Promise<ListSamplesResp> {
    const res = await this.request.get(this.url(`/datasets/${id}/data-annotations/samples`), { params: { limit: 100, ...query } });
    return json<ListSamplesResp>(res);
  }

  /** S2: adds up to 1000 samples (their bytes and labels) to the dataset's input folder; every one must succeed. */
  async addSamples(id: string, body: AddSamplesBody): Promise<void> {
    const res = await json<AddSamplesResp>(
      await this.request.post(this.url(`/datasets/${id}/data-annotations/samples`), { data: body, headers: this.mutating, timeout: 120_000 }),
    );
    if (!res.success) throw new Error(`S2 refused samples: ${JSON.stringify(res.results.filter((r) => !r.success).slice(0, 3))}`);
  }

  /** E3: an export task's status and counters. */
  async exportTask(id: string, taskId: string): Promise<ExportTaskStatusResp> {
    return json<ExportTaskStatusResp>(await this.request.get(this.url(`/datasets/${id}/export-tasks/${taskId}`)));
  }

  /** A task of any kind, as the task center reports it. */
  async task(taskId: string): Promise<TaskSummary> {
    return json<TaskSummary>(await this.request.get(this.url(`/task-center/tasks/${taskId}`)));
  }

  async labels(id: string): Promise<ListLabelsResp> {
    return json<ListLabelsResp>(await this.request.get(this.url(`/datasets/${id}/data-annotations/labels`)));
  }
}

/** A name unique to this run, for buckets (lower-case) and datasets. */
export const uniqueName = (prefix: string) => `${prefix}-${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
