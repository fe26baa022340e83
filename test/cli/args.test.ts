// How the command line reads flags, the repository from a git remote, and a GitHub Enterprise Server URL.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseArgs, repositoryFromRemote, serverUrlFor, UsageError } from '../../src/cli/action-command.ts';
import { envNameFor, findCommand } from '../../src/cli/commands.ts';
import { REPO_ROOT } from '../support/runner.ts';

const backup = findCommand('backup')!;
const smoke = findCommand('smoke')!;

describe('parseArgs', () => {
  it('takes --name value and --name=value, and a true/false input alone as true', () => {
    expect(parseArgs(['--mode', 'prune', '--keep-daily=7', '--dry-run', '--json'], backup)).toEqual({
      flags: { mode: 'prune', 'keep-daily': '7', 'dry-run': 'true' },
      json: true,
      help: false,
    });
  });

  it("keeps a value that starts with -- for an input that is not true/false, and routes --checks-config to smoke's config", () => {
    expect(parseArgs(['--command', '--version', '--config', 'x.yml'], backup)).toMatchObject({
      flags: { command: '--version' },
      config: 'x.yml',
    });
    expect(parseArgs(['--checks-config', 'smoke.yml'], smoke).flags).toEqual({ config: 'smoke.yml' });
  });

  it('refuses a value-less input, a stray word and an unknown option', () => {
    expect(() => parseArgs(['--name'], backup)).toThrow(new UsageError('--name needs a value'));
    expect(() => parseArgs(['files'], backup)).toThrow('unexpected argument "files": inputs are given as --name value');
    expect(() => parseArgs(['--no-such-thing', '1'], backup)).toThrow(
      'unknown option --no-such-thing for shipshape backup; see shipshape backup --help',
    );
  });
});

describe('GitHub facts', () => {
  it.each([
    ['git@github.com:octo-org/shop.git', 'octo-org/shop'],
    ['https://github.com/octo-org/shop', 'octo-org/shop'],
    ['https://ghe.example.com/octo-org/shop.git/', 'octo-org/shop'],
    ['ssh://git@github.com/octo-org/shop.git', 'octo-org/shop'],
    ['', undefined],
  ])('reads the repository from the remote %s', (url, repository) => {
    expect(repositoryFromRemote(url)).toBe(repository);
  });

  it('derives the server URL from the API URL (GitHub Enterprise Server and github.com)', () => {
    expect(serverUrlFor('https://ghe.example.com/api/v3')).toBe('https://ghe.example.com');
    expect(serverUrlFor('https://api.github.com')).toBe('https://github.com');
    expect(serverUrlFor('http://127.0.0.1:8080')).toBe('http://127.0.0.1:8080');
  });

  it('names environment variables after the input', () => {
    expect(envNameFor('base-url')).toBe('SHIPSHAPE_BASE_URL');
    expect(envNameFor('keep-daily')).toBe('SHIPSHAPE_KEEP_DAILY');
  });
});

describe('the package bin', () => {
  it('is src/cli/shipshape.mjs, which runs the command line', () => {
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> };
    expect(pkg.bin).toEqual({ shipshape: 'src/cli/shipshape.mjs' });
    const result = spawnSync(process.execPath, [join(REPO_ROOT, pkg.bin.shipshape), 'incident', '--help'], {
      encoding: 'utf8',
    });
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^shipshape incident: open or resolve an incident record/);
  });
});
