// actions/smoke-test against a local server: concurrency against the ideal wall time, per-check
// overhead against a bare node:http loop, and the memory a 50 MB response costs.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, get, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { SmokeConfig } from '../actions/smoke-test/src/inputs.ts';
import { type Dependencies, smokeTest } from '../actions/smoke-test/src/main.ts';
import type { CheckSpec } from '../actions/smoke-test/src/spec.ts';
import { systemClock } from '../src/kernel/clock.ts';
import { DEFAULT_STATUS } from '../src/kernel/http/exchange.ts';
import { createProbe } from '../src/kernel/http/probe.ts';
import type { Benchmark } from './harness.ts';
import { medianMs } from './harness.ts';

const MB = 1024 * 1024;

/** `/delay/100` answers after 100 ms, `/bytes/N` streams N bytes, anything else answers at once. */
function handle(request: IncomingMessage, response: ServerResponse): void {
  const [, kind, value] = (request.url ?? '/').split('/');
  if (kind === 'delay') {
    setTimeout(() => response.end('{"status":"ok"}'), Number(value));
    return;
  }
  if (kind === 'bytes') {
    const total = Number(value);
    const chunk = Buffer.alloc(Math.min(64 * 1024, total), 'x');
    response.writeHead(200, { 'content-length': String(total) });
    let sent = 0;
    const pump = () => {
      while (sent < total) {
        const size = Math.min(chunk.length, total - sent);
        sent += size;
        if (!response.write(size === chunk.length ? chunk : chunk.subarray(0, size)))
          return void response.once('drain', pump);
      }
      response.end();
    };
    pump();
    return;
  }
  response.writeHead(200, { 'content-type': 'application/json' });
  response.end('{"status":"ok"}');
}

async function startServer(): Promise<{ url: string; server: Server }> {
  const server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

function checks(count: number, url: string): CheckSpec[] {
  return Array.from({ length: count }, (_, index) => ({
    name: `check-${index}`,
    url,
    method: 'GET',
    headers: { 'user-agent': 'shipshape-smoke-test' },
    secretHeaders: [],
    timeoutMs: 10_000,
    samples: 1,
    followRedirects: true,
    expect: { status: DEFAULT_STATUS, json: [], bodyContains: [], headers: {} },
    usedVariables: [],
  }));
}

function config(checkList: CheckSpec[], concurrency: number): SmokeConfig {
  return {
    checks: checkList,
    retries: 2,
    retryDelayMs: 1_000,
    concurrency,
    watch: { windowMs: 0, intervalMs: 60_000, failureThreshold: 3 },
    secrets: [],
    unmaskedVariables: [],
  };
}

const deps: Dependencies = {
  probe: createProbe(),
  clock: systemClock,
  dispatchRollback: () => Promise.reject(new Error('no rollback in the bench')),
  appendHistory: () => Promise.reject(new Error('no history in the bench')),
  log: () => {},
};

async function mustPass(smokeConfig: SmokeConfig): Promise<void> {
  const result = await smokeTest(smokeConfig, deps);
  if (result.verdict !== 'passed') throw new Error(`bench round failed: ${JSON.stringify(result.lastRound[0])}`);
}

/**
 * The baseline the issue names: node:http requests one after another, each body read to the end,
 * on Node's default (keep-alive) agent; `agent: false` opens a new connection for each, for context.
 */
function bareRequest(url: string, agent: false | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    get(url, agent === false ? { agent: false } : {}, (response) => {
      response.on('data', () => {});
      response.on('end', resolve);
      response.on('error', reject);
    }).on('error', reject);
  });
}

const REPO = fileURLToPath(new URL('..', import.meta.url));
// Printed by the child when it exits, whatever the action did: its peak resident memory in KiB.
const REPORT_PEAK_RSS = `data:text/javascript,process.on('exit',()=>process.stderr.write('maxRSS='+process.resourceUsage().maxRSS+'\\n'))`;

/**
 * Peak RSS (MB) of the shipped bundle (actions/smoke-test/dist, as the runner starts it) running
 * one check on `url`: the figure a runner sees, without the type-stripping a .ts import would add.
 */
async function peakRssOfAction(url: string): Promise<number> {
  const home = mkdtempSync(join(tmpdir(), 'smoke-bench-'));
  writeFileSync(join(home, 'output'), '');
  writeFileSync(join(home, 'summary'), '');
  const env = {
    PATH: process.env.PATH ?? '',
    GITHUB_WORKSPACE: home,
    GITHUB_OUTPUT: join(home, 'output'),
    GITHUB_STEP_SUMMARY: join(home, 'summary'),
    INPUT_CHECKS: `- name: big\n  url: ${url}\n  expect: { body-contains: xxxx }\n`,
    INPUT_TIMEOUT: '60s',
    INPUT_RETRIES: '0',
  };
  try {
    // Asynchronous: the server answering the child lives in this process.
    const child = await promisify(execFile)(
      process.execPath,
      ['--import', REPORT_PEAK_RSS, join(REPO, 'actions/smoke-test/dist/index.js')],
      { env, encoding: 'utf8' },
    ).catch((error: { stdout?: string; stderr?: string }) => {
      throw new Error(`the action failed: ${error.stdout ?? ''}${error.stderr ?? ''}`);
    });
    return peakOf(child.stderr);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

/** The same 50 MB download with nothing but node:http, read to the end: Node's own floor. */
async function peakRssOfBareDownload(url: string): Promise<number> {
  const script = `await new Promise((resolve) => require('node:http').get(${JSON.stringify(url)}, { agent: false }, (response) => { response.on('data', () => {}); response.on('end', resolve); }));`;
  const child = await promisify(execFile)(
    process.execPath,
    ['--import', REPORT_PEAK_RSS, '--input-type=commonjs', '-e', `(async () => { ${script} })()`],
    {
      encoding: 'utf8',
    },
  );
  return peakOf(child.stderr);
}

function peakOf(stderr: string): number {
  const kib = /maxRSS=(\d+)/.exec(stderr)?.[1];
  if (!kib) throw new Error(`no peak RSS reported: ${stderr}`);
  return Number(kib) / 1024;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

export const benchmark: Benchmark = {
  name: 'smoke-test',
  async run() {
    const { url, server } = await startServer();
    try {
      // 1. 50 checks, each answered after 100 ms, 10 at a time: 5 waves, ideally 500 ms.
      const concurrent = await medianMs(() => mustPass(config(checks(50, `${url}/delay/100`), 10)), 3);

      // 2. 500 checks one after another against an instant endpoint, against the same 500 GETs in
      // a bare node:http loop on Node's default keep-alive agent (the probe keeps connections
      // alive too). A loop opening a new connection per request is printed for context. They
      // alternate so that JIT warm-up and machine noise hit all of them.
      const sequential = config(checks(500, `${url}/instant`), 1);
      const bareLoop = (agent: false | undefined) => async () => {
        for (let index = 0; index < 500; index++) await bareRequest(`${url}/instant`, agent);
      };
      const oursRuns: number[] = [];
      const bareRuns: number[] = [];
      const keepAliveRuns: number[] = [];
      for (let round = 0; round < 7; round++) {
        oursRuns.push(await medianMs(() => mustPass(sequential), 1));
        bareRuns.push(await medianMs(bareLoop(false), 1));
        keepAliveRuns.push(await medianMs(bareLoop(undefined), 1));
      }
      const [ours, bareFresh, bareKeepAlive] = [median(oursRuns), median(bareRuns), median(keepAliveRuns)];
      console.log(
        `context: a node:http loop opening a new connection per request takes ${(bareFresh / 500).toFixed(2)} ms per request; a check takes ${(ours / bareFresh).toFixed(2)}x of that`,
      );

      // 3. Peak memory of one check on a 50 MB body against one on a 1 KB body, each in a fresh process.
      if (!existsSync(join(REPO, 'actions/smoke-test/dist/index.js'))) {
        throw new Error('build the action first: node scripts/build.mjs smoke-test');
      }
      const samples = {
        small: [] as number[],
        large: [] as number[],
        bareSmall: [] as number[],
        bareLarge: [] as number[],
      };
      for (let index = 0; index < 3; index++) {
        samples.small.push(await peakRssOfAction(`${url}/bytes/1024`));
        samples.large.push(await peakRssOfAction(`${url}/bytes/${50 * MB}`));
        samples.bareSmall.push(await peakRssOfBareDownload(`${url}/bytes/1024`));
        samples.bareLarge.push(await peakRssOfBareDownload(`${url}/bytes/${50 * MB}`));
      }
      const [smallMb, largeMb] = [median(samples.small), median(samples.large)];
      console.log(
        `context: a bare node:http download of the same 50 MB, read to the end, adds ${(median(samples.bareLarge) - median(samples.bareSmall)).toFixed(0)} MB to peak RSS (garbage chunks wait for V8's external-memory GC)`,
      );

      return [
        {
          name: 'round of 50 checks x 100 ms, concurrency 10',
          unit: 'ms wall / ms ideal (5 x 100 ms)',
          ours: concurrent,
          baseline: 500,
          atMost: 1.2,
        },
        {
          name: '500 sequential checks, instant endpoint, vs a bare keep-alive node:http loop',
          unit: 'ms per check / ms per bare node:http request',
          ours: ours / 500,
          baseline: bareKeepAlive / 500,
          atMost: 1.5,
        },
        {
          name: `one check on a 50 MB body vs on a 1 KB body (peak RSS ${largeMb.toFixed(0)} MB vs ${smallMb.toFixed(0)} MB)`,
          unit: 'MB added to peak RSS / 80 MB allowed',
          ours: Math.max(largeMb - smallMb, 0),
          baseline: 80,
          atMost: 1,
        },
      ];
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  },
};
