// `npm start` (shipshape demo) end to end, and `npm run standin`, as child processes: exit codes, the
// story's steps in deploy.yml's order, and every process and server stopped, also on Ctrl-C.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/runner.ts';

function start(command: string): { child: ChildProcessWithoutNullStreams; output: () => string } {
  const child = spawn(process.execPath, [join(REPO_ROOT, 'src/cli/index.ts'), command], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NO_COLOR: '1' },
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  return { child, output: () => output };
}

const exited = (child: ChildProcessWithoutNullStreams) =>
  new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));

async function until(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** True when nothing listens on the PostgreSQL port the demo printed (or it printed none). */
function databaseGone(output: string): Promise<boolean> {
  const port = /^throwaway PostgreSQL \d+ on 127\.0\.0\.1:(\d+) /m.exec(output)?.[1];
  if (!port) return Promise.resolve(true);
  return new Promise((resolve) => {
    const socket = connect(Number(port), '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

async function refused(url: string): Promise<boolean> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(2000) });
    return false;
  } catch {
    return true;
  }
}

describe('npm start (shipshape demo)', () => {
  it('plays gate → backup → smoke → trip and rollback → incident → recover → resolve, and exits 0', async () => {
    const demo = start('demo');
    const code = await exited(demo.child);
    const output = demo.output();
    expect(code, output).toBe(0);
    expect(output).not.toContain('skipped:');
    const steps = [...output.matchAll(/^(\d+)\. .*\(shipshape ([\w-]+) → actions\/([\w-]+)\) exit code (\d)$/gm)].map(
      (match) => `${match[2]} ${match[4]}`,
    );
    // The database backup runs when PostgreSQL's binaries are there (they are on CI: .ci/run installs them).
    const database = /^throwaway PostgreSQL \d+ on /m.test(output) ? ['backup 0'] : [];
    expect(steps).toEqual([
      'gate 0',
      'backup 0',
      ...database,
      'smoke 0',
      'smoke 1',
      'incident 0',
      'smoke 0',
      'incident 0',
      'status-page 0',
    ]);
    expect(output).toContain('Deploy gate: ✅ Deploy allowed');
    expect(output).toContain('rollback dispatches the GitHub stand-in received: rollback.yml on main');
    expect(output).toMatch(/^ {2}time to resolve: {2}\d+ s$/m);
    expect(output).toMatch(/Demo finished in \d+\.\d s: every step behaved as expected\.$/m);

    const workspace = /^ {2}workspace: +(\S+)$/m.exec(output)?.[1] ?? '';
    expect(existsSync(join(workspace, 'reports/smoke-junit.xml'))).toBe(true);
    expect(readFileSync(join(workspace, 'incident-1.md'), 'utf8')).toMatch(
      /^# #1 \[SEV2\] Checkout smoke checks failing/,
    );
    // Every server the demo started is gone.
    for (const url of output.match(/http:\/\/127\.0\.0\.1:\d+/g) ?? []) expect(await refused(url)).toBe(true);
    expect(await databaseGone(output)).toBe(true);
  }, 60_000);

  it('stops every server it started on Ctrl-C, removes its folder and says so', async () => {
    const demoFolders = () => readdirSync(tmpdir()).filter((name) => name.startsWith('shipshape-demo-'));
    const before = new Set(demoFolders());
    const demo = start('demo');
    await until(() => /^2\. /m.test(demo.output()));
    demo.child.kill('SIGINT');
    const code = await exited(demo.child);
    const output = demo.output();
    expect(code, output).toBe(130);
    expect(output).toContain(
      'Demo interrupted; the demo service, the GitHub stand-in and PostgreSQL are stopped and the demo folder removed.',
    );
    expect(demoFolders().filter((name) => !before.has(name))).toEqual([]);
    for (const url of output.match(/http:\/\/127\.0\.0\.1:\d+/g) ?? []) expect(await refused(url)).toBe(true);
    expect(await databaseGone(output)).toBe(true);
  }, 60_000);
});

describe('npm run standin', () => {
  it('prints the URL and the lines to paste, logs each request with its OpenAPI verdict, stops on Ctrl-C', async () => {
    const standIn = start('standin');
    await until(() => standIn.output().includes('Ctrl-C stops.'));
    const url = /^ {2}export GITHUB_API_URL=(\S+)$/m.exec(standIn.output())?.[1] ?? '';
    expect(standIn.output()).toContain('  export GITHUB_REPOSITORY=octo-org/shop\n');
    expect(standIn.output()).toMatch(/^ {2}export GITHUB_TOKEN=ghs_\w+$/m);

    const labels = await fetch(`${url}/repos/octo-org/shop/labels`, { headers: { authorization: 'token x' } });
    expect(((await labels.json()) as Array<{ name: string }>).map((label) => label.name)).toEqual(
      expect.arrayContaining(['incident', 'sev1', 'sev2']),
    );
    const bad = await fetch(`${url}/repos/octo-org/shop/issues`, {
      method: 'POST',
      headers: { authorization: 'token x', 'content-type': 'application/json' },
      body: JSON.stringify({ labels: ['incident'] }),
    });
    expect(bad.status).toBe(422);
    await until(() => standIn.output().includes('POST   /repos/octo-org/shop/issues → 422'));
    expect(standIn.output()).toMatch(/GET {4}\/repos\/octo-org\/shop\/labels → 200 {2}✓ OpenAPI\n/);
    expect(standIn.output()).toMatch(/POST {3}\/repos\/octo-org\/shop\/issues → 422 {2}✗ .*title/);

    standIn.child.kill('SIGINT');
    expect(await exited(standIn.child)).toBe(0);
    expect(standIn.output()).toContain('stand-in stopped');
    expect(await refused(url)).toBe(true);
  }, 30_000);
});
