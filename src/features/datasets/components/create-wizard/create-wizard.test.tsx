import { configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { installFakeNetwork, json, type FakeRequest } from '@/test/fake-network';
import { currentUrl, renderRoutes, TEST_PROJECT } from '@/test/render';
import { CreateWizard } from './create-wizard';

// Role queries skip the per-element visibility check (slow in jsdom); which step shows is asserted
// through the sections' `hidden` attribute instead.
configure({ defaultHidden: true });

let restore = () => {};
afterEach(() => restore());

function setup() {
  const net = installFakeNetwork((req: FakeRequest) => {
    if (req.method === 'POST' && req.path === `/api/v2/${TEST_PROJECT}/datasets`) {
      return json({ dataset_id: 'abcdefghij012345678', import_task_id: 'abcdefghij012345678_1' }, 201);
    }
    return json({ error_code: 'ModelArts.4204', error_msg: 'not here' }, 404);
  });
  restore = net.restore;
  const view = renderRoutes(
    [
      { path: '/datasets/new', element: <CreateWizard /> },
      { path: '/datasets/:id', element: <p>detail page</p> },
    ],
    '/datasets/new',
  );
  return { ...view, net, user: userEvent.setup({ delay: null }) };
}

/** Types a whole value at once (one input event), as pasting does; jsdom is slow per keystroke. */
async function fill(user: ReturnType<typeof userEvent.setup>, field: HTMLElement, text: string) {
  await user.click(field);
  await user.paste(text);
}

const step = (name: string) => screen.getByRole('region', { name });
const next = (user: ReturnType<typeof userEvent.setup>) => user.click(screen.getByRole('button', { name: 'Next' }));

describe('create-dataset wizard', () => {
  it('validates only the current step, keeps earlier answers, and sends exactly the body it shows', async () => {
    const { user, net, router } = setup();

    // Step 1: an empty name blocks "Next"; nothing from later steps is complained about yet.
    await next(user);
    expect(await within(step('Basics')).findByText('Enter a dataset name')).toBeTruthy();
    expect(screen.queryByText('Choose the folder that holds the data')).toBeNull();
    await fill(user, screen.getByLabelText('Dataset name'), 'bad name!');
    await next(user);
    expect(await screen.findAllByText('1–100 letters, digits, _ and -')).not.toHaveLength(0);
    expect(step('Basics').hidden).toBe(false);

    await user.clear(screen.getByLabelText('Dataset name'));
    await fill(user, screen.getByLabelText('Dataset name'), 'street_signs');
    await fill(user, screen.getByLabelText(/^Description/), 'Signs photographed in town');
    await user.click(screen.getByRole('radio', { name: /Object detection/ }));
    await next(user);

    // Step 2: both paths required; the work path may not sit inside the input path.
    await waitFor(() => expect(step('Data location').hidden).toBe(false));
    await next(user);
    expect(await screen.findByText('Choose the folder that holds the data')).toBeTruthy();
    await fill(user, screen.getByLabelText('Input path'), '/photos/signs/');
    await fill(user, screen.getByLabelText('Output (work) path'), '/photos/signs/out/');
    await next(user);
    expect(await screen.findByText('The output path must not be inside the input path')).toBeTruthy();
    await user.clear(screen.getByLabelText('Output (work) path'));
    await fill(user, screen.getByLabelText('Output (work) path'), '/photos/signs-work/');
    await next(user);

    // Step 3: a label row must be named; detection offers a default shape.
    await waitFor(() => expect(step('Labels').hidden).toBe(false));
    await user.click(screen.getByRole('button', { name: /Add label/ }));
    await next(user);
    expect(await screen.findByText('Enter a label name or remove the row')).toBeTruthy();
    await fill(user, screen.getByLabelText('Label 1 name'), 'stop');
    await next(user);

    // Step 4: the exact request body, already parsed with the contract; nothing sent until "Create".
    await waitFor(() => expect(step('Review').hidden).toBe(false));
    expect(net.requests.filter((r) => r.method === 'POST')).toHaveLength(0);
    const expected = {
      dataset_name: 'street_signs',
      dataset_type: 1,
      data_sources: [{ data_type: 0, data_path: '/photos/signs/' }],
      work_path: '/photos/signs-work/',
      work_path_type: 0,
      description: 'Signs photographed in town',
      labels: [{ name: 'stop', type: 1, property: { '@modelarts:color': '#1677ff' } }],
      import_annotations: true,
    };
    const shown = JSON.parse(screen.getByLabelText('Request that Create sends (POST …/datasets):').textContent ?? '');
    expect(shown).toEqual(expected);

    // Going back keeps what was entered (steps stay mounted).
    await user.click(screen.getByRole('button', { name: 'Back' }));
    expect((screen.getByLabelText('Label 1 name') as HTMLInputElement).value).toBe('stop');
    await next(user);

    await user.click(await screen.findByRole('button', { name: 'Create' }));
    await waitFor(() => expect(currentUrl(router)).toBe('/datasets/abcdefghij012345678'));
    const post = net.requests.find((r) => r.method === 'POST');
    expect(post?.body).toEqual(expected);
    expect(post?.config.headers['x-csrf-token']).toBe('test-csrf');
  }, 120_000);

  it('returns to the step whose field the server rejected', async () => {
    const { user, net } = setup();
    net.restore();
    const second = installFakeNetwork(() => json({ error_code: 'ModelArts.4351', error_msg: 'Dataset already exists' }, 400));
    restore = second.restore;

    await fill(user, screen.getByLabelText('Dataset name'), 'taken');
    await next(user);
    await fill(user, screen.getByLabelText('Input path'), '/in/data/');
    await fill(user, screen.getByLabelText('Output (work) path'), '/out/work/');
    await next(user);
    await next(user);
    await user.click(await screen.findByRole('button', { name: 'Create' }));

    await waitFor(() => expect(step('Basics').hidden).toBe(false));
    expect(await screen.findByText('Dataset already exists (ModelArts.4351)')).toBeTruthy();
  }, 60_000);
});
