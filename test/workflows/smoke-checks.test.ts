// The committed check file the workflows run (.github/smoke/checks.yml) is one the smoke-test
// action accepts: its bundle runs it against a local service, passing and failing as written.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runActionBundle } from '../support/runner.ts';
import { REPO_ROOT } from './workflow-files.ts';

let status = 'ok';
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    if (request.url === '/healthz') {
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status }));
    } else if (request.url === '/') {
      response.writeHead(200, { 'content-type': 'text/html' }).end('<h1>shop</h1>');
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const runChecks = () =>
  runActionBundle(join(REPO_ROOT, 'actions/smoke-test'), {
    event: 'schedule',
    workspace: REPO_ROOT,
    inputs: { 'base-url': baseUrl, config: '.github/smoke/checks.yml' },
    timeoutMs: 30_000,
  });

describe('.github/smoke/checks.yml', () => {
  it('passes against a healthy service', async () => {
    status = 'ok';
    const result = await runChecks();
    expect(result.errors).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(result.outputs).toMatchObject({ passed: 'true', 'failed-checks': '' });
    expect(JSON.parse(result.outputs.results).map((check: { name: string }) => check.name)).toEqual([
      'healthz',
      'home',
    ]);
  });

  it('fails healthz when the service says it is not ok', async () => {
    status = 'degraded';
    const result = await runChecks();
    expect(result.exitCode).toBe(1);
    expect(result.outputs).toMatchObject({ passed: 'false', 'failed-checks': 'healthz' });
  });
});
