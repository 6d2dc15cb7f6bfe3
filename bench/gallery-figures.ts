import { randomBytes } from 'node:crypto';
import net, { type AddressInfo } from 'node:net';
import { chromium, type Browser, type Locator, type Page } from '@playwright/test';
import { loadEnv } from '../server/config.js';
import { startConsole, type RunningConsole } from '../server/main.js';
import type { ReportRow } from './stats.js';

/**
 * W3: the real console (`startConsole` on the bench's DATA_DIR, SPA built) in Debian's Chromium: sign in,
 * open the gallery of the generated dataset, scroll through `pages` pages of 100 samples, filter by file
 * name. A PerformanceObserver for long tasks is installed before any page script runs; every image request
 * is checked to be a thumbnail (`x-image-process`). Whatever keeps the gallery from being measured (it does
 * not render, scroll or filter) is reported as "not measured: <reason>", never as a failure of the run.
 */
export interface GalleryOptions {
  dataDir: string;
  distDir: string;
  credentials: { projectId: string; ak: string; sk: string };
  datasetId: string;
  samples: number;
  /** A file-name filter with matches. */
  filterName: string;
  pages: number;
  log: (line: string) => void;
}

class NotMeasured extends Error {}

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

// Plain strings, not functions: the TypeScript loader may wrap functions with helpers the page lacks.
const OBSERVER = `
window.__w3 = { tasks: [], supported: true };
try {
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__w3.tasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
} catch (err) { window.__w3.supported = false; }`;
const NOW = 'performance.now()';
const SCROLL_TOP = `document.querySelector('[aria-label="Samples"]')?.scrollTop ?? -1`;
/** The gallery has settled: not busy, and every thumbnail it shows has loaded (or failed). */
const SETTLED = `(() => {
  const g = document.querySelector('[aria-label="Samples"]');
  if (!g || g.getAttribute('aria-busy') === 'true') return false;
  const imgs = [...g.querySelectorAll('img')];
  return imgs.length > 0 && imgs.every((i) => i.complete) && imgs.some((i) => i.naturalWidth > 0);
})()`;

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });

async function step<T>(what: string, work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (err) {
    throw new NotMeasured(`${what} (${(err instanceof Error ? err.message : String(err)).split('\n')[0].slice(0, 120)})`);
  }
}

interface Traffic {
  /** Page index of every S1 request before / after the filter. */
  pages: number[];
  filtered: number;
  thumbnails: number;
  originals: string[];
  failedImages: number;
}

function watch(page: Page): Traffic {
  const t: Traffic = { pages: [], filtered: 0, thumbnails: 0, originals: [], failedImages: 0 };
  page.on('request', (r) => {
    const u = new URL(r.url());
    if (u.pathname.endsWith('/data-annotations/samples')) {
      if (u.searchParams.has('search_conditions')) t.filtered++;
      else t.pages.push(Number(u.searchParams.get('offset') ?? 0));
    }
    if (r.resourceType() === 'image' && u.pathname.includes('/storage/files/')) {
      if (u.searchParams.has('x-image-process')) t.thumbnails++;
      else t.originals.push(u.pathname);
    }
  });
  page.on('response', (r) => {
    if (r.request().resourceType() === 'image' && r.url().includes('/storage/files/') && r.status() >= 400) t.failedImages++;
  });
  page.on('requestfailed', (r) => {
    if (r.resourceType() === 'image' && r.url().includes('/storage/files/')) t.failedImages++;
  });
  return t;
}

async function signIn(page: Page, url: string, password: string): Promise<void> {
  await page.goto(`${url}/login`);
  await page.getByLabel('Username').fill('bench');
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'), { timeout: 30_000 });
}

/** Scrolls the grid in short bursts with pauses (as a person skims) until page `pages - 1` was requested. */
async function scrollPages(page: Page, grid: Locator, traffic: Traffic, pages: number): Promise<void> {
  await grid.hover();
  const deadline = Date.now() + 120_000;
  let still = 0;
  while (Math.max(0, ...traffic.pages) < pages - 1) {
    if (Date.now() > deadline) throw new NotMeasured(`scrolling reached page ${Math.max(0, ...traffic.pages) + 1} of ${pages} in 120 s`);
    const before = (await page.evaluate(SCROLL_TOP)) as number;
    for (let i = 0; i < 4; i++) {
      await page.mouse.wheel(0, 500);
      await page.waitForTimeout(50);
    }
    await page.waitForTimeout(250);
    still = (await page.evaluate(SCROLL_TOP)) === before ? still + 1 : 0;
    if (still >= 3) throw new NotMeasured(`the gallery stopped scrolling at page ${Math.max(0, ...traffic.pages) + 1} of ${pages}`);
  }
}

async function run(page: Page, url: string, password: string, o: GalleryOptions) {
  const traffic = watch(page);
  await step('sign-in failed', signIn(page, url, password));
  await page.goto(`${url}/datasets/${o.datasetId}/samples`, { waitUntil: 'commit' });
  const grid = page.getByRole('grid', { name: 'Samples' }).or(page.getByRole('list', { name: 'Samples' })).first();
  await step('no grid or list named "Samples" at /datasets/:id/samples', grid.waitFor({ state: 'visible', timeout: 60_000 }));
  await step('the gallery showed no loaded thumbnails within 60 s', settled(page));
  const opened = (await page.evaluate(NOW)) as number;
  o.log(`W3: gallery open after ${(opened / 1000).toFixed(1)} s; scrolling ${o.pages} pages`);

  await scrollPages(page, grid, traffic, o.pages);
  await step('the gallery did not settle after scrolling', settled(page));
  const scrolled = (await page.evaluate(NOW)) as number;

  // The file-name box of the gallery's filters; without one, the filter goes through the URL it keeps.
  const box = page.getByRole('searchbox', { name: 'File name' }).or(page.getByRole('textbox', { name: 'File name' })).first();
  let how = 'the File name box';
  if (await box.isVisible()) {
    await box.fill(o.filterName);
    await box.press('Enter');
  } else {
    how = 'the URL';
    await page.evaluate(`(() => {
      const u = new URL(location.href);
      u.searchParams.set('name', ${JSON.stringify(o.filterName)});
      history.pushState(null, '', u);
      dispatchEvent(new PopStateEvent('popstate'));
    })()`);
  }
  await step(`filtering through ${how} sent no filtered sample request`, pollFor(() => traffic.filtered > 0, 30_000));
  await step('the gallery did not settle after filtering', settled(page));
  // Long-task entries are delivered asynchronously: give the last ones a moment.
  await page.waitForTimeout(1000);
  const filtered = (await page.evaluate(NOW)) as number;
  const w3 = (await page.evaluate('window.__w3')) as { tasks: { start: number; duration: number }[]; supported: boolean };
  if (!w3.supported) throw new NotMeasured('this browser has no longtask PerformanceObserver');
  return { traffic, w3, marks: { opened, scrolled, filtered }, how };
}

async function pollFor(ok: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error(`nothing after ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

// Polled through evaluate: waitForFunction would compile the string in the page, which the console's CSP forbids.
const settled = (page: Page) => pollFor(async () => (await page.evaluate(SETTLED)) === true, 60_000);

const longest = (tasks: { duration: number }[]) => Math.max(0, ...tasks.map((t) => t.duration));
const fmt = (v: number) => `${Math.round(v)} ms`;

export async function measureGallery(o: GalleryOptions): Promise<ReportRow[]> {
  const notMeasured = (why: string): ReportRow[] => [{ id: 'W3', measure: 'gallery: open, scroll, filter', value: `not measured: ${why}`, bar: 'no long task > 100 ms', result: 'n/a' }];
  let consoleApp: RunningConsole | undefined;
  let browser: Browser | undefined;
  try {
    const password = randomBytes(12).toString('base64url');
    const env = loadEnv({
      DATA_DIR: o.dataDir,
      HOST: '127.0.0.1',
      PORT: String(await freePort()),
      ENGINE_PORT: String(await freePort()),
      PROJECT_ID: o.credentials.projectId,
      ENGINE_AK: o.credentials.ak,
      ENGINE_SK: o.credentials.sk,
      CONSOLE_ADMIN_USER: 'bench',
      CONSOLE_ADMIN_PASSWORD: password,
      DEMO_DATA: 'false',
    });
    consoleApp = await startConsole(env, { log: () => {}, distDir: o.distDir });
    browser = await step('Chromium did not start', chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS }));
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 800 } });
    await context.addInitScript({ content: OBSERVER });
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    const { traffic, w3, marks, how } = await run(page, consoleApp.url, password, o);

    const phase = (from: number, to: number) => w3.tasks.filter((t) => t.start >= from && t.start < to);
    const open = phase(0, marks.opened);
    const scroll = phase(marks.opened, marks.scrolled);
    const filter = phase(marks.scrolled, Number.POSITIVE_INFINITY);
    const over = w3.tasks.filter((t) => t.duration > 100).length;
    const max = longest(w3.tasks);
    const pagesSeen = new Set(traffic.pages).size;
    return [
      {
        id: 'W3',
        measure: `gallery on ${o.samples.toLocaleString('en')} samples: longest task (open / scroll ${o.pages} pages, ${pagesSeen} page requests / filter by name via ${how})`,
        value: `${fmt(max)}, ${over} over 100 ms (${fmt(longest(open))} / ${fmt(longest(scroll))} / ${fmt(longest(filter))})`,
        bar: 'no long task > 100 ms',
        result: over === 0 ? 'PASS' : 'FAIL',
      },
      {
        id: 'W3',
        measure: `gallery image requests: thumbnails (x-image-process) / originals${traffic.failedImages ? `; ${traffic.failedImages} failed` : ''}`,
        value: `${traffic.thumbnails} / ${traffic.originals.length}`,
        bar: 'thumbnails only',
        result: traffic.thumbnails > 0 && traffic.originals.length === 0 ? 'PASS' : 'FAIL',
      },
    ];
  } catch (err) {
    if (err instanceof NotMeasured) return notMeasured(err.message);
    return notMeasured(`the console could not be driven: ${(err instanceof Error ? err.message : String(err)).split('\n')[0].slice(0, 160)}`);
  } finally {
    await browser?.close();
    await consoleApp?.close();
  }
}
