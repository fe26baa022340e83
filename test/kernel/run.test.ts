// runAction as a user meets it: exit code, the ::error:: line, and a stack only for bugs.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeFor, REPO_ROOT } from '../support/runner.ts';

function runScript(body: string) {
  const script = `
    import { runAction } from ${JSON.stringify(join(REPO_ROOT, 'src/kernel/run.ts'))};
    import { UserError } from ${JSON.stringify(join(REPO_ROOT, 'src/kernel/errors.ts'))};
    await runAction(async () => { ${body} });
  `;
  return spawnSync(nodeFor('node24'), ['--input-type=module', '-e', script], { encoding: 'utf8', cwd: REPO_ROOT });
}

describe('runAction', () => {
  it('succeeds quietly when the action succeeds', () => {
    const result = runScript('');
    expect(result.status).toBe(0);
    expect(result.stdout).not.toContain('::error::');
  });

  it('fails a user error with its message and no stack trace', () => {
    const result = runScript(`throw new UserError("Input 'timeout' was \\"10\\": expected a unit.");`);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain(`::error::Input 'timeout' was "10": expected a unit.`);
    expect(result.stdout + result.stderr).not.toMatch(/\n\s+at /);
  });

  it('fails a bug with its message and prints the stack for a report', () => {
    const result = runScript(`null.boom();`);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('::error::');
    expect(result.stdout).toContain('a bug in shipshape');
    expect(result.stdout).toMatch(/\n\s+at /);
  });
});
