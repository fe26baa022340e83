// scripts/deploy.sh, the deploy step teams replace: it takes the commit and the environment from
// env:, refuses anything else, and the placeholder never reports a deploy that did not happen.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './workflow-files.ts';

const SHA = '6dcb09b5b57875f334f61aebed695e2e4193db5e';

function deploy(env: Record<string, string>) {
  const result = spawnSync(join(REPO_ROOT, 'scripts/deploy.sh'), [], {
    env: { PATH: process.env.PATH, ...env },
    encoding: 'utf8',
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('scripts/deploy.sh', () => {
  it('names a missing commit or environment', () => {
    expect(deploy({ DEPLOY_ENVIRONMENT: 'production' })).toMatchObject({
      status: 1,
      output: expect.stringContaining('DEPLOY_SHA is not set (the commit to deploy)'),
    });
    expect(deploy({ DEPLOY_SHA: SHA })).toMatchObject({
      status: 1,
      output: expect.stringContaining('DEPLOY_ENVIRONMENT is not set'),
    });
  });

  it('refuses a short commit and an unknown environment', () => {
    expect(deploy({ DEPLOY_SHA: '6dcb09b', DEPLOY_ENVIRONMENT: 'production' })).toMatchObject({
      status: 1,
      output: expect.stringContaining("DEPLOY_SHA must be a full commit SHA, got '6dcb09b'"),
    });
    expect(deploy({ DEPLOY_SHA: SHA, DEPLOY_ENVIRONMENT: 'prod; rm -rf /' })).toMatchObject({
      status: 1,
      output: expect.stringContaining(
        "DEPLOY_ENVIRONMENT must be production, staging or restore-drill, got 'prod; rm -rf /'",
      ),
    });
  });

  it('as the placeholder, fails after saying what it would deploy', () => {
    const result = deploy({ DEPLOY_SHA: SHA, DEPLOY_ENVIRONMENT: 'production', DEPLOY_REASON: 'push to main' });
    expect(result.status).toBe(1);
    expect(result.output).toContain(`Deploying ${SHA} to production (push to main)`);
    expect(result.output).toContain('scripts/deploy.sh is the placeholder: replace it with your deploy');
  });
});
