// Long work shows progress on a terminal (bytes and rate for a backup, rounds for a watch) and stays
// quiet when stderr is not one. The command runs in-process with a stderr that says it is a TTY; the
// action is still its real bundle in a child process, over the runner protocol.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Io, runActionCommand } from '../../src/cli/action-command.ts';
import { ACTION_COMMANDS } from '../../src/cli/commands.ts';

function commandNamed(name: string) {
  const command = ACTION_COMMANDS.find((candidate) => candidate.name === name);
  if (!command) throw new Error(`no command ${name}`);
  return command;
}

/** Runs a command with stderr on a terminal or not; returns the exit code and what each stream got. */
async function run(name: string, argv: string[], cwd: string, terminal: boolean) {
  let stdout = '';
  let stderr = '';
  const io: Io = {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NO_COLOR: '1' },
    stdout: { write: (text: string) => (stdout += text), isTTY: false },
    stderr: { write: (text: string) => (stderr += text), isTTY: terminal },
  };
  const code = await runActionCommand(commandNamed(name), argv, io);
  return { code, stdout, stderr };
}

// A command whose output trickles for ~2.5 s: 64 KiB every 100 ms.
const SLOW_SOURCE = `let n = 0;
const timer = setInterval(() => {
  process.stdout.write(Buffer.alloc(65536, 120));
  if (++n === 25) clearInterval(timer);
}, 100);
`;

describe('progress on a terminal', () => {
  it('a backup reports bytes and rate while it runs on a terminal, and nothing when not', async () => {
    const workspace = mkdtempSync(join(tmpdir(), 'shipshape-progress-'));
    writeFileSync(join(workspace, 'slow.mjs'), SLOW_SOURCE);
    const argv = ['--source', 'command', '--command', `${process.execPath} slow.mjs`, '--name', 'slow'];

    const onTerminal = await run('backup', argv, workspace, true);
    expect(onTerminal.code).toBe(0);
    const rates = onTerminal.stderr.match(/backup: \d+(\.\d+)? (B|KiB|MiB) in \d+s \(\d+(\.\d+)? (B|KiB|MiB)\/s\)/g);
    expect(rates?.length, onTerminal.stderr).toBeGreaterThanOrEqual(1);
    // The live status line is drawn and cleared in place.
    expect(onTerminal.stderr).toContain('\r\u001b[2Kshipshape backup … ');

    const quiet = await run('backup', argv, workspace, false);
    expect(quiet.code).toBe(0);
    expect(quiet.stderr).toBe('');
    expect(quiet.stdout).toContain('verified');
  }, 30_000);

  describe('a watch', () => {
    let service: Server;
    let url: string;
    beforeAll(async () => {
      service = createServer((_, response) => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end('{"status":"ok"}');
      });
      await new Promise<void>((resolve) => service.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(service.address() as AddressInfo).port}`;
    });
    afterAll(async () => {
      service.closeAllConnections();
      await new Promise((resolve) => service.close(resolve));
    });

    it('prints each round on a terminal, and nothing when not', async () => {
      const workspace = mkdtempSync(join(tmpdir(), 'shipshape-progress-'));
      const checks = '- name: healthz\n  url: /healthz\n  expect:\n    json: "$.status == ok"\n';
      const argv = [
        '--base-url',
        url,
        '--checks',
        checks,
        '--watch',
        '2s',
        '--interval',
        '1s',
        '--failure-threshold',
        '1',
      ];

      const onTerminal = await run('smoke', argv, workspace, true);
      expect(onTerminal.code, onTerminal.stderr).toBe(0);
      expect(onTerminal.stderr).toContain('Round 1: ✔ all 1 checks passed');
      expect(onTerminal.stderr).toContain('Round 2: ✔ all 1 checks passed');

      const quiet = await run('smoke', argv, workspace, false);
      expect(quiet.code).toBe(0);
      expect(quiet.stderr).toBe('');
      expect(quiet.stdout).toMatch(/^rounds +2$/m);
      expect(quiet.stdout).toContain('Rounds: ✔✔ (a round every 1s for 2s; one failed round trips it)');
    }, 30_000);
  });
});
