import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExportTaskStatusResp } from '../../contract/export-task.js';
import type { ImportTaskStatusResp } from '../../contract/import-task.js';
import type { ListTasksResp } from '../../contract/task.js';
import type { DatasetVersion } from '../../contract/version.js';
import { innerPaths } from '../datasets/paths.js';
import { CODE, CrashRig, type Midway } from './crash-rig.js';
import { waitFor } from './engine-process.js';
import { LABELS, writeImageSet, type ImageSet } from './image-set.js';

/**
 * quality-bar.md R2: kill -9 of the engine process during an import, a DIR export, a NEW_DATASET export and
 * a version publish, then a restart on the same DATA_DIR. Each task ends completed or failed with a
 * ModelArts code (never stuck), no half-written output is visible, the database passes its integrity
 * check and every stored counter equals a recount of the rows. The engine is a real child process reached
 * only over signed HTTP; the database is only read (read-only connection) to check what a crash left.
 */

const SET_SIZE = 3000;

let rig: CrashRig;
let set: ImageSet;
/** The dataset whose import was killed; the exports and the publish read it. */
let dataset: { id: string; name: string; innerWorkPath: string };

const fsOf = (objectPath: string) => rig.fsOf(objectPath);
const tempOf = () => innerPaths(dataset.innerWorkPath).inner_temp_path;
/** Lines written so far into a DIR export's manifest, in its temp folder. */
function tempManifestLines(taskId: string): number {
  try {
    return readFileSync(fsOf(`${tempOf()}export-${taskId}/export.manifest`), 'utf8').split('\n').filter(Boolean).length;
  } catch {
    return 0;
  }
}
/** Samples the NEW_DATASET export has written into its dataset so far, over all the source's. */
const newDatasetShare: Midway = (db, row) => {
  const made = db.sampleCount((JSON.parse(row.params) as { _new_dataset_id: string })._new_dataset_id);
  return made > 0 && made < db.sampleCount(dataset.id);
};

const createDataset = (name: string) =>
  rig.request<{ dataset_id: string; import_task_id?: string }>('POST', '/datasets', {
    dataset_name: name,
    dataset_type: 1,
    labels: LABELS.map((l) => ({ name: l, type: 1 })),
    data_sources: [{ data_type: 0, data_path: set.folder }],
    work_path: `/bucket/work-${name}/`,
    work_path_type: 0,
  });

const datasetStatus = async (id: string) => (await rig.request<{ status: number }>('GET', `/datasets/${id}`)).status;

describe('kill -9 of the engine during a task, then a restart (R2)', () => {
  beforeAll(async () => {
    rig = await CrashRig.create();
    // One image set for every test: the import reads it, the exports and the publish read its samples.
    set = await writeImageSet(path.join(rig.dataDir, 'obs'), '/bucket/source/', SET_SIZE);
    mkdirSync(fsOf('/bucket/out/'), { recursive: true });
    await rig.start();
  }, 150_000);

  afterAll(async () => {
    await rig?.dispose();
  });

  it('an import killed mid-way resumes (or fails with a code): dataset normal, exact counters, no duplicates', async () => {
    const crash = await rig.crashDuring(
      async (attempt) => {
        const created = await createDataset(`crash_import_${attempt}`);
        dataset = { id: created.dataset_id, name: `crash_import_${attempt}`, innerWorkPath: '' };
        return created.import_task_id!;
      },
      (db) => db.sampleCount(dataset.id) > 0,
      // As the crash left it: part of the files are samples, the dataset is still importing (8).
      () =>
        rig.read((db) => {
          expect(db.dataset(dataset.id)?.status).toBe(8);
          const n = db.sampleCount(dataset.id);
          expect(n).toBeGreaterThan(0);
          expect(n).toBeLessThan(SET_SIZE);
        }),
    );
    expect(crash, 'the import was never caught running mid-way: make the image set bigger').toBeDefined();
    const { taskId } = crash!;
    const final = await rig.ended(taskId);
    const status = await rig.request<ImportTaskStatusResp>('GET', `/datasets/${dataset.id}/import-tasks/${taskId}`);
    expect(status.status).toBe(final.status);
    expect(['COMPLETED', 'FAILED']).toContain(status.status);
    expect(await datasetStatus(dataset.id)).toBe(1);
    dataset.innerWorkPath = (await rig.request<{ inner_work_path: string }>('GET', `/datasets/${dataset.id}`)).inner_work_path;

    rig.checkDatabase();
    if (status.status === 'COMPLETED') {
      // Resumed to the end: every file once, with the labels of its VOC file.
      const expected: Record<string, { sample_count: number; count: number }> = Object.fromEntries(LABELS.map((l) => [l, { sample_count: 0, count: 0 }]));
      for (const names of set.annotated.values()) for (const n of new Set(names)) expected[n].sample_count++;
      for (const names of set.annotated.values()) for (const n of names) expected[n].count++;
      rig.read((db) => {
        const { stored } = db.counters(dataset.id);
        expect(stored.samples.total).toBe(SET_SIZE);
        expect(stored.samples.manual_annotation).toBe(set.annotated.size);
        expect(stored.labels).toEqual(expected);
      });
    }
  }, 300_000);

  it('an import copying into import_folder killed mid-way leaves no half-copied file in the dataset folder', async () => {
    mkdirSync(fsOf('/bucket/copies-home/'), { recursive: true });
    const { dataset_id: id } = await rig.request<{ dataset_id: string }>('POST', '/datasets', {
      dataset_name: 'crash_copies',
      dataset_type: 1,
      data_sources: [{ data_type: 0, data_path: '/bucket/copies-home/' }],
      work_path: '/bucket/work-crash_copies/',
      work_path_type: 0,
    });
    await waitFor('the empty import on create', () => datasetStatus(id), (s) => s === 1);
    const inner = (await rig.request<{ inner_work_path: string }>('GET', `/datasets/${id}`)).inner_work_path;
    // Copies are written in the dataset's temp path first, then renamed into the import folder.
    const copyTemp = (taskId: string) => fsOf(`${innerPaths(inner).inner_temp_path}import-${taskId}/`);
    const inFlight = (taskId: string) => (existsSync(copyTemp(taskId)) ? readdirSync(copyTemp(taskId)).length : 0);
    const copies = fsOf('/bucket/copies-home/copies/');
    const strays = () => (existsSync(copies) ? readdirSync(copies).filter((n) => !/^img-\d+\.(png|jpg)$/.test(n)) : []);
    const crash = await rig.crashDuring(
      async () =>
        (await rig.request<{ task_id: string }>('POST', `/datasets/${id}/import-tasks`, { import_path: set.folder, import_folder: 'copies', import_annotations: true }))
          .task_id,
      // Killed while copies are being written, or else once a batch is in.
      (db, row) => inFlight(row.id) > 0 || db.sampleCount(id) > 0,
      // As the crash left it: only whole files under their own names in the import folder.
      () => expect(strays()).toEqual([]),
    );
    expect(crash, 'the import was never caught running mid-way').toBeDefined();
    const final = await rig.ended(crash!.taskId);
    expect(['COMPLETED', 'FAILED']).toContain(final.status);
    expect(await datasetStatus(id)).toBe(1);
    expect(strays()).toEqual([]);
    expect(existsSync(copyTemp(crash!.taskId))).toBe(false);
    if (final.status === 'COMPLETED') expect(readdirSync(copies).length).toBe(SET_SIZE);
    rig.checkDatabase();
  }, 300_000);

  it('a DIR export killed mid-way: nothing visible until complete, temp folder gone, manifest lists every sample', async () => {
    const outputOf = (taskId: string) => `/bucket/out/${dataset.name}-${taskId}/`;
    const crash = await rig.crashDuring(
      async () => {
        const { task_id } = await rig.request<{ task_id: string }>('POST', `/datasets/${dataset.id}/export-tasks`, {
          path: '/bucket/out/',
          export_type: 2,
          export_params: { export_dest: 'DIR' },
        });
        return task_id;
      },
      (db, row) => tempManifestLines(row.id) > 0 && tempManifestLines(row.id) < db.sampleCount(dataset.id),
      // As the crash left it: part of the output in the temp folder, nothing under the output's name.
      (taskId) => {
        expect(tempManifestLines(taskId)).toBeGreaterThan(0);
        expect(tempManifestLines(taskId)).toBeLessThan(rig.read((db) => db.sampleCount(dataset.id)));
        expect(existsSync(fsOf(outputOf(taskId)))).toBe(false);
      },
    );
    expect(crash, 'the DIR export was never caught running mid-way: make the image set bigger').toBeDefined();
    const { taskId } = crash!;
    const output = fsOf(outputOf(taskId));
    const final = await rig.ended(taskId);
    const e3 = await rig.request<ExportTaskStatusResp>('GET', `/datasets/${dataset.id}/export-tasks/${taskId}`);
    expect(e3.status).toBe(final.status);
    expect(existsSync(fsOf(`${tempOf()}export-${taskId}/`))).toBe(false);
    if (e3.status === 'FAILED') {
      expect(e3.error_code).toMatch(CODE);
      expect(existsSync(output)).toBe(false);
    } else {
      expect(e3.status).toBe('SUCCESSED');
      expect(e3.finished_sample_count).toBe(e3.total_sample_count);
      const lines = readFileSync(path.join(output, 'export.manifest'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { id: string; source: string; annotation?: { 'annotation-loc': string }[] });
      const ids = rig.read((db) => db.sampleIds(dataset.id));
      expect(lines.map((l) => l.id).sort()).toEqual([...ids].sort());
      const files = lines.flatMap((l) => [l.source, ...(l.annotation ?? []).map((a) => a['annotation-loc'])]);
      const missing = files.filter((uri) => !existsSync(fsOf(uri.replace(/^(obs|s3):\/\//, '/'))));
      expect(missing).toEqual([]);
    }
    rig.checkDatabase();
  }, 300_000);

  it('a NEW_DATASET export killed mid-way leaves no half-made dataset: completed or removed', async () => {
    const crash = await rig.crashDuring(
      async (attempt) => {
        const { task_id } = await rig.request<{ task_id: string }>('POST', `/datasets/${dataset.id}/export-tasks`, {
          path: '/bucket/out/',
          export_type: 2,
          export_params: { export_dest: 'NEW_DATASET', export_new_dataset_name: `crash_copy_${attempt}` },
        });
        return task_id;
      },
      newDatasetShare,
      // As the crash left it: a half-made dataset, still importing (8) and marked with the export's id.
      (taskId) =>
        rig.read((db) => {
          const half = db.datasets().filter((d) => (JSON.parse(d.extra) as { export_task_id?: string }).export_task_id === taskId);
          expect(half.map((d) => d.status)).toEqual([8]);
          expect(newDatasetShare(db, db.task(taskId)!)).toBe(true);
        }),
    );
    expect(crash, 'the NEW_DATASET export was never caught running mid-way: make the image set bigger').toBeDefined();
    const { taskId, row } = crash!;
    const halfMade = (JSON.parse(row.params) as { _new_dataset_id?: string })._new_dataset_id;
    expect(halfMade).toBeTruthy();
    const final = await rig.ended(taskId);
    const e3 = await rig.request<ExportTaskStatusResp>('GET', `/datasets/${dataset.id}/export-tasks/${taskId}`);
    expect(e3.status).toBe(final.status);
    const made = rig.read((db) => ({
      row: db.dataset(halfMade!),
      samples: db.sampleCount(halfMade!),
      source: db.sampleCount(dataset.id),
      // No dataset anywhere is still marked as being made by an export that has ended.
      marked: db.datasets().filter((d) => (JSON.parse(d.extra) as { export_task_id?: string }).export_task_id),
    }));
    expect(made.marked).toEqual([]);
    if (e3.status === 'SUCCESSED') {
      expect(e3.new_dataset_id).toBe(halfMade);
      expect(made.row?.status).toBe(1);
      expect(made.samples).toBe(made.source);
      expect(await datasetStatus(halfMade!)).toBe(1);
      expect(readdirSync(fsOf(e3.output_path!)).length).toBe(made.source);
    } else {
      expect(e3.error_code).toMatch(CODE);
      expect(made.row).toBeUndefined();
      const list = await rig.request<{ datasets: { dataset_id: string }[] }>('GET', '/datasets?limit=100');
      expect(list.datasets.map((d) => d.dataset_id)).not.toContain(halfMade);
    }
    rig.checkDatabase();
  }, 300_000);

  it('an export killed on each of its attempts ends FAILED (4392) and removes its half-made dataset', async (ctx) => {
    const { task_id: taskId } = await rig.request<{ task_id: string }>('POST', `/datasets/${dataset.id}/export-tasks`, {
      path: '/bucket/out/',
      export_type: 2,
      export_params: { export_dest: 'NEW_DATASET', export_new_dataset_name: 'crash_repeat' },
    });
    // maxAttempts 3: the recovery requeues the task after the first two crashes and fails it after the third.
    for (let crash = 1; crash <= 3; crash++) {
      const row = await rig.killMidway(taskId, newDatasetShare);
      if (!row) return ctx.skip(`the export ended before crash ${crash} could happen mid-way`);
      expect(row.attempts).toBe(crash);
      await rig.start();
    }
    const final = await rig.ended(taskId);
    expect(final.status).toBe('FAILED');
    expect(final.error_code).toBe('ModelArts.4392');
    const e3 = await rig.request<ExportTaskStatusResp>('GET', `/datasets/${dataset.id}/export-tasks/${taskId}`);
    expect(e3.status).toBe('FAILED');
    expect(e3.new_dataset_id).toBeUndefined();
    expect(existsSync(fsOf(`/bucket/out/crash_repeat-${taskId}/`))).toBe(false);
    expect(existsSync(fsOf(`${tempOf()}export-${taskId}/`))).toBe(false);
    rig.read((db) => {
      const { _new_dataset_id } = JSON.parse(db.task(taskId)!.params) as { _new_dataset_id: string };
      expect(db.dataset(_new_dataset_id)).toBeUndefined();
      // Its work folder went with it (`<work_path><name>-<id>/`, the source's work path by default).
      expect(existsSync(fsOf(`/bucket/work-${dataset.name}/crash_repeat-${_new_dataset_id}/`))).toBe(false);
      expect(db.datasets().map((d) => d.name)).not.toContain('crash_repeat');
    });
    rig.checkDatabase();
  }, 300_000);

  it('a version publish killed mid-way ends normal or error, with no half-written version folder', async (ctx) => {
    const versionOf: string[] = [];
    const crash = await rig.crashDuring(
      async (attempt) => {
        const { version_id } = await rig.request<{ version_id: string }>('POST', `/datasets/${dataset.id}/versions`, {
          version_name: `crash_v${attempt}`,
          train_evaluate_sample_ratio: '0.8',
          export_images: true,
        });
        versionOf[attempt] = version_id;
        // One publish at a time per dataset: the unfinished publish task of the dataset is this version's.
        const list = await rig.request<ListTasksResp>('GET', `/task-center/tasks?kind=publish&dataset_id=${dataset.id}&phase=queued,running`);
        if (list.tasks.length === 0) {
          const done = await rig.request<ListTasksResp>('GET', `/task-center/tasks?kind=publish&dataset_id=${dataset.id}&limit=1`);
          return done.tasks[0].task_id;
        }
        return list.tasks[0].task_id;
      },
      // The publish's first progress report is written at once, after its first chunk of samples.
      (_db, row) => row.progress > 0,
      // As the crash left it: the version still "creating" (0).
      (_taskId, attempt) => rig.read((db) => expect(db.versionStatus(versionOf[attempt])).toBe(0)),
    );
    // A publish of this set may end before it is caught running mid-way: nothing to assert about a crash then.
    if (!crash) return ctx.skip(`a publish of ${SET_SIZE} samples ended before it could be killed mid-way (3 tries)`);
    const final = await rig.ended(crash.taskId);
    expect(final.phase).not.toBe('running');
    const version = await rig.request<DatasetVersion>('GET', `/datasets/${dataset.id}/versions/${versionOf[crash.attempt]}`);
    const folder = fsOf(`${innerPaths(dataset.innerWorkPath).inner_annotation_path}${version.version_name}/`);
    expect([1, 4]).toContain(version.status);
    if (version.status === 4) {
      expect(version.code).toMatch(CODE);
      expect(version.message).toBeTruthy();
      expect(existsSync(folder)).toBe(false);
    } else {
      const manifest = readFileSync(fsOf(version.manifest_path), 'utf8').trim().split('\n');
      expect(manifest.length).toBe(version.total_sample_count);
    }
    expect(existsSync(fsOf(`${tempOf()}publish-${version.version_id}/`))).toBe(false);
    expect(await datasetStatus(dataset.id)).toBe(1);
    rig.checkDatabase();
  }, 300_000);

  it('after every crash and a graceful stop: integrity ok, nothing running, counters exact', async () => {
    await rig.engine.stop();
    rig.checkDatabase();
  }, 120_000);
});
