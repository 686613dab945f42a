/**
 * `bplan estimate --format html`: the page is self-contained (no scripts, no external references),
 * escapes every name from the plan, and has a bar chart per server and a growth chart per storage
 * pool. Then the DPM and MABS pages are opened in real headless Chromium (playwright-core, Debian's
 * /usr/bin/chromium): no console errors, no request other than the file itself (every other request
 * is aborted and counted), the charts are there and visible, and a full-page screenshot is written to
 * test-output/estimate/ (git-ignored) for a person to look at. Without /usr/bin/chromium the browser
 * tests are skipped, with a message saying why.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { bplan, makeTmp, ROOT } from './support/cli';

const CHROMIUM = '/usr/bin/chromium';
const OUT = join(ROOT, 'test-output', 'estimate');
const BROWSER_SKIP = existsSync(CHROMIUM)
  ? false
  : `${CHROMIUM} not found: the browser tests need Debian's chromium (apt-get install chromium; .ci/run installs it)`;

const PAGES = [
  { sample: 'dpm-2012-r2-onprem', servers: ['hq-dpm01'], pools: 1, text: ['10.61 TB', '11.72 TB', 'erp-db', '545.29 GB'] },
  { sample: 'mabs-v3-modern-storage', servers: ['lyo-mabs01'], pools: 1, text: ['4.52 TB', '7.81 TB', 'sales-db', '525 GB'] },
] as const;

/**
 * The little of the DOM the page checks use: the project compiles without the DOM library, and these
 * functions run in the browser, not in Node.
 */
interface DomElement {
  readonly textContent: string | null;
  readonly firstChild: DomElement | null;
  getBoundingClientRect(): { width: number; height: number };
  getAttribute(name: string): string | null;
  querySelector(selector: string): DomElement | null;
  querySelectorAll(selector: string): Iterable<DomElement>;
}
interface DomWindow {
  readonly __pwned?: number;
  readonly document: DomElement & {
    readonly scripts: { length: number };
    readonly images: { length: number };
    readonly body: { innerText: string };
    readonly title: string;
    readonly documentElement: { scrollWidth: number };
  };
}

const tmp = makeTmp('bplan-estimate-html-');
after(() => tmp.cleanup());

/** A plan whose names and file name try to inject markup. */
const HOSTILE = `bplan: 1
name: "x</title><script>window.__pwned = 1</script>"
vault: { name: rsv-hostile, region: westeurope }
servers:
  - name: "<script>window.__pwned = 2</script>&co"
    product: mabs
    version: v3
    os: windows-server-2019
    scratch: { freeGB: 20 }
    storagePool: { disks: [{ name: "<img src=x onerror=alert(1)>", sizeGB: 500, type: fixed }] }
workloads:
  - name: "<script>window.__pwned = 3</script> & <b>bold</b>"
    type: files
    sizeGB: 100
    server: "<script>window.__pwned = 2</script>&co"
    policy: "p&q"
  - name: "a&amp;b \\"quoted\\" 'single'"
    type: files
    server: "<script>window.__pwned = 2</script>&co"
    policy: "p&q"
policies:
  - name: "p&q"
    disk: { syncEvery: 1h, recoveryPoints: ["21:00"], retentionDays: 5 }
    online: { times: ["22:00"], retention: { daily: 10 } }
`;
const HOSTILE_FILE = '<script>evil</script>&.bplan.yaml';

function renderHtml(args: readonly string[], input?: string): string {
  const r = bplan(['estimate', '--format', 'html', ...args], input === undefined ? {} : { input });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, '');
  return r.stdout;
}

/** Every `&` starts an entity: nothing is left unescaped. */
function assertEntitiesOnly(html: string): void {
  const bare = html.match(/&(?!(amp|lt|gt|quot|#39);)/g);
  assert.equal(bare, null, 'a bare & in the page');
}

describe('bplan estimate --format html: the page itself', () => {
  test('self-contained: no scripts, no external references, no fetchable URL; a CSP forbids every fetch', () => {
    for (const name of ['azure-vm-backup', 'dpm-2012-r2-onprem', 'mabs-v3-modern-storage', 'mars-file-server']) {
      const html = renderHtml([`samples/${name}.bplan.yaml`]);
      assert.match(html, /^<!doctype html>\n<html lang="en">/);
      assert.doesNotMatch(html, /<script/i, `${name}: a script element`);
      assert.doesNotMatch(html, /\s(src|href|srcset|action|poster|data)=/i, `${name}: an attribute that fetches or links`);
      assert.doesNotMatch(html, /url\(|@import|@font-face/i, `${name}: CSS that fetches`);
      assert.doesNotMatch(html, /\son[a-z]+=/i, `${name}: an event handler`);
      const urls = html.match(/[a-z]+:\/\/[^\s"'<>)]*/gi) ?? [];
      assert.deepEqual(
        urls.filter((u) => u !== 'http://www.w3.org/2000/svg'),
        [],
        `${name}: no URL but the SVG namespace, which is not fetched`,
      );
      assert.ok(html.includes(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`));
      assertEntitiesOnly(html);
    }
  });

  test('one bar chart per server, one growth chart per storage pool, each an accessible image', () => {
    for (const p of PAGES) {
      const html = renderHtml([`samples/${p.sample}.bplan.yaml`]);
      assert.equal(html.match(/<section class="server"/g)?.length, p.servers.length);
      assert.equal(html.match(/<svg class="chart chart-bars"/g)?.length, p.servers.length);
      assert.equal(html.match(/<svg class="chart chart-growth"/g)?.length, p.pools);
      for (const svg of html.match(/<svg [^>]*>/g) ?? []) {
        assert.match(svg, /role="img"/);
        const [, ids] = /aria-labelledby="([^"]+)"/.exec(svg) ?? [];
        assert.ok(ids, svg);
        for (const id of ids.split(' ')) assert.match(html, new RegExp(`<(title|desc) id="${id}">[^<]{10,}</(title|desc)>`), `${id} names a non-empty <title> or <desc>`);
      }
    }
    // MARS has scratch but no pool: a bar chart and no growth chart. Azure VM backup has neither.
    const mars = renderHtml(['samples/mars-file-server.bplan.yaml']);
    assert.equal(mars.match(/chart-bars/g)?.length, 1);
    assert.doesNotMatch(mars, /chart-growth/);
    assert.doesNotMatch(renderHtml(['samples/azure-vm-backup.bplan.yaml']), /<svg/);
  });

  test('every name from the plan (server, workload, policy, file) is escaped', () => {
    const html = renderHtml(['--stdin-filename', HOSTILE_FILE, '-'], HOSTILE);
    assert.doesNotMatch(html, /<script/i);
    assert.doesNotMatch(html, /<b>bold/);
    assert.doesNotMatch(html, /<img/);
    assert.ok(html.includes('&lt;script&gt;window.__pwned = 2&lt;/script&gt;&amp;co'), 'server name');
    assert.ok(html.includes('&lt;script&gt;window.__pwned = 3&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;'), 'workload name');
    assert.ok(html.includes('a&amp;amp;b &quot;quoted&quot; &#39;single&#39;'), 'an entity in a name is shown as written');
    assert.ok(html.includes('&lt;script&gt;evil&lt;/script&gt;&amp;.bplan.yaml'), 'file name');
    assertEntitiesOnly(html);
    // Inside the SVG charts too (their <title> and <desc> name the server).
    const svgs = html.match(/<svg[\s\S]*?<\/svg>/g) ?? [];
    assert.equal(svgs.length, 2);
    for (const svg of svgs) assert.ok(svg.includes('&lt;script&gt;window.__pwned = 2&lt;/script&gt;&amp;co'));
  });
});

describe('bplan estimate --format html in headless Chromium', { skip: BROWSER_SKIP }, () => {
  let browser: Browser;
  before(async () => {
    mkdirSync(OUT, { recursive: true });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      timeout: 60_000,
    });
  });
  after(async () => {
    await browser?.close();
  });

  /** Opens a page file; every request that is not file: or data: is aborted and recorded. */
  async function open(file: string) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 });
    const page = await context.newPage();
    const external: string[] = [];
    const failed: string[] = [];
    const problems: string[] = [];
    await page.route('**/*', async (route) => {
      const url = route.request().url();
      if (url.startsWith('file:') || url.startsWith('data:')) await route.continue();
      else {
        external.push(url);
        await route.abort();
      }
    });
    page.on('request', (request) => {
      const url = request.url();
      if (!url.startsWith('file:') && !url.startsWith('data:')) external.push(url);
    });
    page.on('requestfailed', (request) => failed.push(`${request.url()}: ${request.failure()?.errorText ?? ''}`));
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(`console ${message.type()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    const response = await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    assert.ok(response === null || response.ok(), 'the file loads');
    return { context, page, external, failed, problems };
  }

  for (const p of PAGES) {
    test(`${p.sample}: charts visible, no console errors, no requests but the file; screenshot`, async () => {
      const file = join(OUT, `${p.sample}.html`);
      writeFileSync(file, renderHtml([`samples/${p.sample}.bplan.yaml`]));
      const { context, page, external, failed, problems } = await open(file);
      try {
        const facts = await page.evaluate(() => {
          const { document } = globalThis as unknown as DomWindow;
          const visible = (e: DomElement) => {
            const r = e.getBoundingClientRect();
            return r.width > 100 && r.height > 50;
          };
          const svgs = [...document.querySelectorAll('svg')];
          return {
            servers: [...document.querySelectorAll('section.server h3')].map((h) => h.firstChild?.textContent ?? ''),
            bars: [...document.querySelectorAll('section.server svg.chart-bars')].filter(visible).length,
            growth: [...document.querySelectorAll('section.server svg.chart-growth')].filter(visible).length,
            svgs: svgs.length,
            titled: svgs.filter((s) => (s.querySelector(':scope > title')?.textContent ?? '').length > 10 && (s.querySelector(':scope > desc')?.textContent ?? '').length > 10).length,
            growthPath: document.querySelector('svg.chart-growth path.growth-line')?.getAttribute('d') ?? '',
            scripts: document.scripts.length,
            text: document.body.innerText,
            title: document.title,
            width: document.documentElement.scrollWidth,
          };
        });
        assert.deepEqual(facts.servers, p.servers);
        assert.equal(facts.bars, p.servers.length, 'one bar chart per server, visible');
        assert.equal(facts.growth, p.pools, 'one growth chart per storage pool, visible');
        assert.equal(facts.svgs, p.servers.length + p.pools);
        assert.equal(facts.titled, facts.svgs, 'every chart has a <title> and a <desc>');
        assert.match(facts.growthPath, /^M[\d.]+ [\d.]+( L[\d.]+ [\d.]+){10,}$/, 'the growth line has its points');
        assert.equal(facts.scripts, 0);
        assert.ok(facts.width <= 1280, `no horizontal scrolling (page is ${facts.width}px wide)`);
        assert.match(facts.title, new RegExp(`bplan estimate — samples/${p.sample}`));
        for (const t of p.text) assert.ok(facts.text.includes(t), `the page shows ${t}`);

        const png = join(OUT, `${p.sample}.png`);
        await page.screenshot({ path: png, fullPage: true });
        const bytes = readFileSync(png);
        assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'a PNG');
        assert.ok(statSync(png).size > 50_000, 'a full-page screenshot, not a blank one');
      } finally {
        await context.close();
      }
      assert.deepEqual(problems, [], 'no console errors or warnings, no page errors');
      assert.deepEqual(external, [], 'no request other than file: and data:');
      assert.deepEqual(failed, [], 'no failed request');
    });
  }

  test('a plan with <script> and & in its names: nothing runs, the names read as written', async () => {
    const file = join(tmp.dir, 'hostile.html');
    writeFileSync(file, renderHtml(['--stdin-filename', HOSTILE_FILE, '-'], HOSTILE));
    const { context, page, external, failed, problems } = await open(file);
    try {
      const facts = await page.evaluate(() => {
        const window = globalThis as unknown as DomWindow;
        const { document } = window;
        return {
        pwned: window.__pwned ?? null,
        scripts: document.scripts.length,
        images: document.images.length,
        server: document.querySelector('section.server h3')?.firstChild?.textContent ?? '',
        rows: [...document.querySelectorAll('table.workloads tbody th')].map((th) => th.textContent),
        file: document.querySelector('h2')?.textContent ?? '',
        };
      });
      assert.deepEqual(facts, {
        pwned: null,
        scripts: 0,
        images: 0,
        server: '<script>window.__pwned = 2</script>&co',
        rows: ['<script>window.__pwned = 3</script> & <b>bold</b>', `a&amp;b "quoted" 'single'`],
        file: HOSTILE_FILE,
      });
      await page.screenshot({ path: join(OUT, 'hostile-names.png'), fullPage: true });
    } finally {
      await context.close();
    }
    assert.deepEqual(problems, []);
    assert.deepEqual(external, []);
    assert.deepEqual(failed, []);
  });
});
