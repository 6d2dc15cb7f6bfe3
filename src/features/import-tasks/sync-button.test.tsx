import { configure, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SyncStatusResp } from '@contract/import-task';
import { apiError, installFakeNetwork, json, type FakeResponse } from '@/test/fake-network';
import { renderRoutes } from '@/test/render';
import { SyncButton } from './components/sync-button';

const DATASET = 'dsSSSSSSSSSSSSSSSSS';
configure({ asyncUtilTimeout: 6_000 });

const status = (patch: Partial<SyncStatusResp>): SyncStatusResp => ({
  dataset_id: DATASET,
  status: 'NOT_EXIST',
  add_sample_count: 0,
  deleted_sample_count: 0,
  total_sample_count: 0,
  ...patch,
});

/** Y1 and Y2: `start` answers the POST; the status becomes `afterStart` once a sync was accepted, then `snapshots` one per poll. */
function syncServer(initial: SyncStatusResp, start: FakeResponse, snapshots: SyncStatusResp[] = []) {
  let started = false;
  let polls = 0;
  return installFakeNetwork((req) => {
    const path = req.path.replace(/^\/api\/v2\/[^/]+/, '');
    if (req.method === 'GET' && path === `/datasets/${DATASET}/sync-data/status`) {
      if (!started || snapshots.length === 0) return json(initial);
      return json(snapshots[Math.min(polls++, snapshots.length - 1)]);
    }
    if (req.method === 'POST' && path === `/datasets/${DATASET}/sync-data`) {
      started = start.status === 200;
      return start;
    }
    return apiError(404, 'ModelArts.4204', 'no fake');
  });
}

let network: ReturnType<typeof installFakeNetwork> | undefined;
beforeEach(() => sessionStorage.clear());
afterEach(() => network?.restore());

function setup() {
  const onStarted = vi.fn();
  const related = [['samples', DATASET]];
  const utils = renderRoutes([{ path: '/', element: <SyncButton datasetId={DATASET} onStarted={onStarted} alsoInvalidate={related} /> }], '/');
  utils.client.setQueryData(related[0], {});
  return { ...utils, onStarted, related, user: userEvent.setup({ delay: null }) };
}

describe('sync button', () => {
  it('says what a sync does, starts one after confirmation, and follows it to the end', async () => {
    const running = status({ task_id: 'sync-1', status: 'RUNNING', create_time: 1_700_000_000_000 });
    const done = status({ task_id: 'sync-1', status: 'COMPLETED', create_time: 1_700_000_000_000, add_sample_count: 3, deleted_sample_count: 1, total_sample_count: 12 });
    network = syncServer(status({}), json({ task_id: 'sync-1' }), [running, done]);
    const { onStarted, client, related, user } = setup();

    expect(await screen.findByText('Never synced')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: /Sync data/ }));
    expect(await screen.findByText(/samples whose file has disappeared are removed/)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Sync' }));

    await waitFor(() => expect(onStarted).toHaveBeenCalledWith('sync-1'));
    const post = network.requests.find((r) => r.method === 'POST')!;
    expect(post.body).toBeUndefined();
    expect(post.config.headers.get('idempotency-key')).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.parse(sessionStorage.getItem('dc.started-tasks') ?? '[]')).toMatchObject([{ task_id: 'sync-1', kind: 'sync', dataset_id: DATASET }]);

    // While it runs the button cannot start another one.
    expect(await screen.findByText('Last sync: Running')).toBeTruthy();
    expect(screen.getByRole('button', { name: /Syncing/ })).toHaveProperty('disabled', true);

    expect(await screen.findByText('Last sync: Completed')).toBeTruthy();
    expect(screen.getByRole('button', { name: /Sync data/ })).toHaveProperty('disabled', false);
    expect(screen.getByLabelText(/3 added, 1 removed, 12 samples in total/)).toBeTruthy();
    await waitFor(() => expect(client.getQueryState(related[0])?.isInvalidated).toBe(true));
  });

  it('tells the user when another sync won the race (ModelArts.4355)', async () => {
    network = syncServer(status({ status: 'COMPLETED', create_time: 1_700_000_000_000 }), apiError(400, 'ModelArts.4355', 'Sync task already exists'));
    const { onStarted, user } = setup();
    await user.click(await screen.findByRole('button', { name: /Sync data/ }));
    await user.click(await screen.findByRole('button', { name: 'Sync' }));
    expect(await screen.findByText('A sync is already running on this dataset')).toBeTruthy();
    expect(screen.getByText('Sync task already exists (ModelArts.4355)')).toBeTruthy();
    expect(onStarted).not.toHaveBeenCalled();
    expect(sessionStorage.getItem('dc.started-tasks')).toBeNull();
    // The status is read again after the refusal.
    await waitFor(() => expect(network!.requests.filter((r) => r.path.endsWith('/sync-data/status')).length).toBeGreaterThanOrEqual(2));
  });

  it('shows a failed last sync with its code', async () => {
    network = syncServer(status({ status: 'FAILED', error_code: 'ModelArts.4360', error_msg: 'input path gone', create_time: 1_700_000_000_000 }), json({ task_id: 'x' }));
    setup();
    expect(await screen.findByText('Last sync: Failed')).toBeTruthy();
    expect(screen.getByLabelText(/input path gone \(ModelArts\.4360\)/)).toBeTruthy();
  });
});
