import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createGitHubClient } from '../../src/kernel/github.ts';

let server: Server | undefined;
afterEach(() => new Promise<void>((done) => (server ? server.close(() => done()) : done())));

describe('the GitHub client', () => {
  it('gives up on an API that accepts the connection and never answers, after the timeout and its retries', async () => {
    let attempts = 0;
    server = createServer(() => {
      attempts++; // never answer
    });
    server.keepAliveTimeout = 1;
    await new Promise<void>((done) => server?.listen(0, '127.0.0.1', done));
    const { port } = server.address() as AddressInfo;
    const warnings: string[] = [];
    const github = createGitHubClient('t0ken-for-test', {
      baseUrl: `http://127.0.0.1:${port}`,
      requestTimeoutMs: 150,
      retries: 1,
      log: { warning: (message) => warnings.push(message), debug: () => {} },
    });
    const failure = await github.rest.repos.get({ owner: 'o', repo: 'r' }).then(
      () => undefined,
      (error: { status?: number; message?: string }) => error,
    );
    expect(failure?.status).toBe(500);
    expect(failure?.message).toMatch(/timeout|aborted/i);
    expect(attempts).toBe(2);
    server.closeAllConnections();
  });
});
