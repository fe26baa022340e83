// The bundled status-page action, run as the runner runs it against the GitHub stand-in, and the site
// it writes opened in Debian's Chromium (headless, JavaScript off): what a person sees.
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { chromium, type Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GitHubStandIn, startGitHubStandIn } from '../../src/github-standin/server.ts';
import { REPO_ROOT, type RunResult, runActionBundle } from '../support/runner.ts';
import { CHECKS_YAML, MAINTENANCE_YAML, type Seeded, seedStatusData } from './seed.ts';

const ACTION = join(REPO_ROOT, 'actions/status-page');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = join(REPO_ROOT, 'test-results');

let standIn: GitHubStandIn;
let seeded: Seeded;
let workspace: string;
let result: RunResult;
let site: string;

beforeAll(async () => {
  standIn = await startGitHubStandIn();
  seeded = seedStatusData(standIn);
  workspace = mkdtempSync(join(tmpdir(), 'status-page-'));
  result = await runActionBundle(ACTION, {
    inputs: { checks: CHECKS_YAML, maintenance: MAINTENANCE_YAML, interval: '30m', title: 'Shop status' },
    apiUrl: standIn.url,
    workspace,
    event: 'schedule',
  });
  site = join(workspace, 'status-site');
});
afterAll(async () => {
  await standIn.stop();
});

/** The rendered text a person reads (CSS applied), not the DOM's text content. */
// biome-ignore lint/performance/useDomNodeTextContent: what a person sees is exactly the rendered text.
const seen = (locator: Locator) => locator.innerText();

const readJson = (path: string) => JSON.parse(readFileSync(join(site, path), 'utf8'));

describe('the bundle', () => {
  it('builds the site and reports the banner state', () => {
    expect(result.errors).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(standIn.violations).toEqual([]);
    expect(result.outputs).toMatchObject({
      status: 'major_outage',
      stale: 'false',
      'open-incidents': '1',
      'page-path': join(site, 'index.html'),
    });
    expect(result.summary).toContain('## Status page: major_outage');
  });

  it('reads one history file a day of the window and the records, and writes nothing to GitHub', () => {
    expect(standIn.countRequests('GET', /\/contents\/history%2F\d{4}-\d{2}-\d{2}\.jsonl$/)).toBe(90);
    expect(standIn.requests.filter((request) => request.method !== 'GET')).toEqual([]);
  });

  it('writes status.json in Statuspage shape', () => {
    const status = readJson('status.json');
    expect(status.status).toEqual({ indicator: 'critical', description: 'Major outage' });
    expect(
      status.components.map((c: { id: string; status: string; stale: boolean }) => [c.id, c.status, c.stale]),
    ).toEqual([
      ['home', 'operational', false],
      ['checkout', 'major_outage', false],
      ['search', 'operational', false],
    ]);
    expect(status.incidents).toHaveLength(1);
    expect(status.incidents[0]).toMatchObject({
      id: String(seeded.openRecord),
      name: 'Checkout returns 502',
      status: 'identified',
      impact: 'major',
      shortlink: `https://github.com/octo-org/shop/issues/${seeded.openRecord}`,
    });
    expect(status.incidents[0].incident_updates.map((u: { body: string }) => u.body)).toEqual([
      'Detected',
      'Acknowledged by octocat',
    ]);
    expect(status.past_incidents.map((i: { id: string; postmortem_url: string }) => [i.id, i.postmortem_url])).toEqual([
      [String(seeded.resolvedRecord), `https://github.com/octo-org/shop/issues/${seeded.review}`],
    ]);
  });

  it('writes a shields.io endpoint and the uptime figures per check', () => {
    expect(readJson('badge/home.json')).toEqual({
      schemaVersion: 1,
      label: 'Home page',
      message: seeded.expectedUptime.home,
      color: 'brightgreen',
    });
    expect(readJson('badge/checkout.json')).toMatchObject({ message: seeded.expectedUptime.checkout, color: 'red' });
    const search = readJson('uptime/search.json');
    expect(search.days).toHaveLength(90);
    expect(search.uptime_percent).toBe(seeded.expectedUptime.search);
    expect(search.days[0]).toMatchObject({ rounds: 0, uptime: null });
  });

  it('stops at a bad input before reading anything, naming the input and what is allowed', async () => {
    const before = standIn.requests.length;
    const bad = await runActionBundle(ACTION, { inputs: { interval: '10s' }, apiUrl: standIn.url, workspace });
    expect(bad.exitCode).not.toBe(0);
    expect(bad.errors).toEqual([`Input 'interval' was "10s": expected an interval from 1m to 24h.`]);
    expect(standIn.requests.length).toBe(before);
  });
});

describe('in Chromium', () => {
  let server: Server;
  let url: string;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`${CHROMIUM} is missing: install Debian's chromium package (apt-get install chromium).`);
    }
    server = createServer((request, response) => {
      const path = normalize(decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname)).replace(
        /^(\.\.[/\\])+/,
        '',
      );
      const file = join(site, path.endsWith('/') ? `${path}index.html` : path);
      if (!file.startsWith(site) || !existsSync(file)) {
        response.writeHead(404).end();
        return;
      }
      const type = { '.html': 'text/html; charset=utf-8', '.json': 'application/json' }[extname(file)] ?? 'text/plain';
      response.writeHead(200, { 'content-type': type }).end(readFileSync(file));
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(async () => {
    await new Promise<void>((done) => server?.close(() => done()));
  });

  it('shows the banner, 90 bars and the uptime per check, the incidents with their links, without JavaScript and without console errors', async () => {
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    try {
      const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1100, height: 900 } });
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(message.text());
      });
      page.on('pageerror', (error) => problems.push(error.message));
      page.on('requestfailed', (request) => problems.push(`${request.url()}: ${request.failure()?.errorText}`));
      const response = await page.goto(url);
      expect(response?.status()).toBe(200);

      expect(await seen(page.locator('.banner'))).toBe('Major outage');
      expect(await page.locator('.stale').count()).toBe(0);
      const checks = page.locator('section.check');
      expect(await checks.count()).toBe(3);
      const names = ['Home page', 'Checkout API', 'Search'];
      const states = ['Operational', 'Major outage', 'Operational'];
      const keys = ['home', 'checkout', 'search'];
      for (let index = 0; index < 3; index++) {
        const check = checks.nth(index);
        expect(await seen(check.locator('.name'))).toBe(names[index]);
        expect(await seen(check.locator('.state'))).toBe(states[index]);
        expect(await check.locator('li.bar').count()).toBe(90);
        expect(await seen(check.locator('.uptime'))).toBe(seeded.expectedUptime[keys[index]]);
      }
      // Search started 30 days ago: its oldest bars say "no data", grey; today's tooltip carries figures.
      const searchBars = checks.nth(2).locator('li.bar');
      expect(await searchBars.first().getAttribute('class')).toBe('bar none');
      expect(await searchBars.first().getAttribute('title')).toMatch(/^\d{4}-\d{2}-\d{2}: no data$/);
      expect(await searchBars.last().getAttribute('title')).toMatch(
        /^\d{4}-\d{2}-\d{2}: \d+\.\d{2}% \(\d+ of \d+ rounds passed\)$/,
      );

      const openRecord = page.locator('.open-incidents a.record');
      expect(await seen(openRecord)).toBe('Checkout returns 502');
      expect(await openRecord.getAttribute('href')).toBe(
        `https://github.com/octo-org/shop/issues/${seeded.openRecord}`,
      );
      expect(await page.locator('.open-incidents .timeline li').allInnerTexts()).toEqual([
        expect.stringMatching(/ investigating Detected$/),
        expect.stringMatching(/ identified Acknowledged by octocat$/),
      ]);
      expect(await page.locator('.past-incidents a.record').getAttribute('href')).toBe(
        `https://github.com/octo-org/shop/issues/${seeded.resolvedRecord}`,
      );
      expect(await page.locator('.past-incidents a.review').getAttribute('href')).toBe(
        `https://github.com/octo-org/shop/issues/${seeded.review}`,
      );
      expect(await page.locator('.past-incidents li.incident').count()).toBe(1);
      expect(await seen(page.locator('ul.maintenance li').first())).toContain('Weekly database patching');
      expect(problems).toEqual([]);

      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: join(ARTIFACTS, 'status-page.png'), fullPage: true });
    } finally {
      await browser.close();
    }
  });
});
