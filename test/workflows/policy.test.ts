// The workflow security policy holds for every workflow we run or ask users to copy; each rule is
// proven live by a bad sample it catches, named by file, line and rule.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validate } from '@actions/languageservice';
import { describe, expect, it } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parse } from 'yaml';
import { PINNED_ACTIONS, parsePinnedActionsMarkdown } from './pinned-actions.ts';
import { checkCodeowners, checkDependabot, checkWorkflow, formatViolation } from './policy.ts';
import { listActionDirs, listWorkflowFiles, REPO_ROOT, type Workflow } from './workflow-files.ts';

const workflowFiles = listWorkflowFiles();
const read = (file: string) => readFileSync(join(REPO_ROOT, file), 'utf8');

/** The language service validates by path: examples are validated as if they sat in .github/workflows. */
async function schemaProblems(file: string, uri: string): Promise<string[]> {
  const diagnostics = await validate(TextDocument.create(uri, 'yaml', 1, read(file)));
  return diagnostics.map((problem) => `${file}:${problem.range.start.line + 1} schema: ${problem.message}`);
}

describe('the workflow policy', () => {
  it('covers the pipeline', () => {
    for (const name of [
      'deploy',
      'smoke',
      'backup',
      'restore-drill',
      'rollback-drill',
      'rollback',
      'incident',
      'ci',
      'release',
      'incident-ack',
      'escalate',
    ]) {
      expect(workflowFiles).toContain(`.github/workflows/${name}.yml`);
    }
    expect(workflowFiles).toEqual(
      expect.arrayContaining(['examples/workflows/deploy.yml', 'examples/workflows/promote.yml']),
    );
  });

  it.each(workflowFiles)('%s keeps every rule', (file) => {
    expect(checkWorkflow(file, read(file)).map(formatViolation)).toEqual([]);
  });

  it.each(workflowFiles)('%s validates against the workflow schema (@actions/languageservice)', async (file) => {
    const name = file.split('/').at(-1);
    expect(await schemaProblems(file, `file:///repo/.github/workflows/${name}`)).toEqual([]);
  });

  it.each(listActionDirs())('%s/action.yml validates against the action schema', async (dir) => {
    expect(await schemaProblems(`${dir}/action.yml`, `file:///repo/${dir}/action.yml`)).toEqual([]);
  });

  it('dependabot covers npm and GitHub Actions', () => {
    expect(checkDependabot('.github/dependabot.yml', read('.github/dependabot.yml')).map(formatViolation)).toEqual([]);
  });

  it('CODEOWNERS covers .github/workflows/ and actions/', () => {
    expect(checkCodeowners('.github/CODEOWNERS', read('.github/CODEOWNERS')).map(formatViolation)).toEqual([]);
  });

  it('deploys and rollbacks of an environment share one group: every environment deployed has its rollback', () => {
    const groups = (file: string) => {
      const workflow = parse(read(file)) as Workflow;
      return (
        Object.values(workflow.jobs ?? {})
          // GitHub Pages publishes the status page: a static site, not a service with a rollback.
          .filter(
            (job) =>
              job.environment !== undefined &&
              job.environment !== 'github-pages' &&
              (job.environment as { name?: string }).name !== 'github-pages',
          )
          .map((job) => {
            const concurrency = job.concurrency ?? workflow.concurrency;
            return typeof concurrency === 'string' ? concurrency : concurrency?.group;
          })
      );
    };
    expect(groups('.github/workflows/deploy.yml')).toEqual(['deploy-production']);
    const rollback = parse(read('.github/workflows/rollback.yml')) as {
      on: { workflow_dispatch: { inputs: { environment: { options: string[] } } } };
    };
    const rollbackGroups = rollback.on.workflow_dispatch.inputs.environment.options.map((environment) =>
      String(groups('.github/workflows/rollback.yml')[0]).replace('${{ inputs.environment }}', environment),
    );
    expect(rollbackGroups).toEqual(['deploy-production', 'deploy-staging']);
    const deployed = listWorkflowFiles().flatMap((file) =>
      groups(file).filter((group) => !String(group).includes('${{')),
    );
    expect(deployed.filter((group) => !rollbackGroups.includes(String(group)))).toEqual([]);
  });

  // The table is copied into the repository so a fresh clone can check it; here it is compared with its source.
  it.runIf(existsSync(join(REPO_ROOT, '../shared/PINNED-ACTIONS.md')))(
    'pins exactly the SHAs of ../shared/PINNED-ACTIONS.md',
    () => {
      const source = parsePinnedActionsMarkdown(readFileSync(join(REPO_ROOT, '../shared/PINNED-ACTIONS.md'), 'utf8'));
      expect(PINNED_ACTIONS).toEqual(source);
    },
  );
});

const CHECKOUT = 'actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1';
const GOOD = `name: sample
on: push
permissions: {}
jobs:
  build:
    runs-on: ubuntu-latest
    timeout-minutes: 5
    permissions:
      contents: read # check out the code
    steps:
      - uses: ${CHECKOUT}
        with:
          persist-credentials: false
      - run: echo ok
`;

const DEPLOY = `name: deploy
on: push
permissions: {}
concurrency:
  group: deploy-production
  cancel-in-progress: false
jobs:
  deploy:
    runs-on: ubuntu-latest
    timeout-minutes: 5
    environment: production
    permissions: {}
    steps:
      - run: ./scripts/deploy.sh
`;

/** Violations as `line rule`, so each sample states exactly what it breaks and where. */
function found(text: string, file = '.github/workflows/sample.yml'): string[] {
  return checkWorkflow(file, text).map((violation) => `${violation.line} ${violation.rule}`);
}

describe('each rule catches a bad sample (the checks are live)', () => {
  it('the good samples pass', () => {
    expect(found(GOOD)).toEqual([]);
    expect(found(DEPLOY)).toEqual([]);
  });

  it('top-level-permissions: missing or granting a write', () => {
    expect(found(GOOD.replace('permissions: {}\n', ''))).toEqual(['1 top-level-permissions']);
    expect(found(GOOD.replace('permissions: {}\n', 'permissions:\n  issues: write\n'))).toEqual([
      '4 top-level-permissions',
    ]);
    expect(found(GOOD.replace('permissions: {}\n', 'permissions: write-all\n'))).toEqual(['3 top-level-permissions']);
  });

  it('job-permissions: a job that does not name its permissions', () => {
    expect(found(GOOD.replace('    permissions:\n      contents: read # check out the code\n', ''))).toEqual([
      '5 job-permissions',
    ]);
    expect(
      found(
        GOOD.replace('    permissions:\n      contents: read # check out the code\n', '    permissions: write-all\n'),
      ),
    ).toEqual(['8 job-permissions']);
  });

  it('permission-comment: a grant without a comment saying why', () => {
    expect(found(GOOD.replace('contents: read # check out the code', 'contents: read'))).toEqual([
      '9 permission-comment',
    ]);
  });

  it('least-privilege: a grant no step needs', () => {
    expect(
      found(
        GOOD.replace('contents: read # check out the code', 'contents: read # code\n      issues: write # why not'),
      ),
    ).toEqual(['10 least-privilege']);
    expect(
      found(
        GOOD.replace('contents: read # check out the code', 'contents: read # code\n      id-token: write # cloud'),
      ),
    ).toEqual(['10 least-privilege']);
  });

  it('pinned-actions: a tag, a short SHA, a SHA without its version comment, a SHA not in the list', () => {
    const withUses = (uses: string) => GOOD.replace(CHECKOUT, uses);
    expect(found(withUses('actions/checkout@v5'))).toEqual(['11 pinned-actions']);
    expect(found(withUses('actions/checkout@3d3c42e # v7.0.1'))).toEqual(['11 pinned-actions']);
    expect(found(withUses('actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1'))).toEqual(['11 pinned-actions']);
    expect(found(withUses('actions/checkout@0000000000000000000000000000000000000000 # v7.0.1'))).toEqual([
      '11 pinned-actions',
    ]);
    expect(found(withUses('actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v6.0.0'))).toEqual([
      '11 pinned-actions',
    ]);
    expect(checkWorkflow('x.yml', withUses('actions/checkout@v5'))[0].message).toBe(
      'actions/checkout@v5 is not pinned to a full commit SHA',
    );
  });

  it('own-actions: by path here, by the published name in the examples', () => {
    const step = (uses: string) => GOOD.replace('      - run: echo ok\n', `      - uses: ${uses}\n`);
    expect(found(step('your-org/shipshape/actions/incident@v1'))).toEqual(['14 own-actions']);
    expect(found(step('./actions/incident'), 'examples/workflows/sample.yml')).toEqual(['14 own-actions']);
    expect(found(step('./actions/incident'))).toEqual([]);
    expect(found(step('your-org/shipshape/actions/incident@v1'), 'examples/workflows/sample.yml')).toEqual([]);
  });

  it('no-expression-in-run: ${{ }} inside a script', () => {
    expect(found(GOOD.replace('echo ok', 'echo "${{ github.head_ref }}"'))).toEqual(['14 no-expression-in-run']);
  });

  it('forbidden-trigger: pull_request_target and workflow_run', () => {
    expect(found(GOOD.replace('on: push', 'on:\n  pull_request_target:'))).toEqual(['3 forbidden-trigger']);
    expect(found(GOOD.replace('on: push', 'on:\n  workflow_run:\n    workflows: [ci]'))).toEqual([
      '3 forbidden-trigger',
    ]);
  });

  it('secrets-inherit: a job passing every secret on', () => {
    expect(found(GOOD.replace('    timeout-minutes: 5\n', '    timeout-minutes: 5\n    secrets: inherit\n'))).toEqual([
      '8 secrets-inherit',
    ]);
  });

  it('no-cache: a cache in a deploy or release workflow, but not in CI', () => {
    const cached = DEPLOY.replace(
      '      - run: ./scripts/deploy.sh\n',
      '      - uses: actions/setup-node@820762786026740c76f36085b0efc47a31fe5020 # v7.0.0\n        with:\n          cache: npm\n      - run: ./scripts/deploy.sh\n',
    );
    expect(found(cached)).toEqual(['14 no-cache']);
    const ci = GOOD.replace(
      '      - run: echo ok\n',
      '      - uses: actions/setup-node@820762786026740c76f36085b0efc47a31fe5020 # v7.0.0\n        with:\n          cache: npm\n',
    );
    expect(found(ci)).toEqual([]);
    expect(found(ci, '.github/workflows/release.yml')).toEqual(['14 no-cache']);
  });

  it('persist-credentials: a checkout that keeps the token', () => {
    expect(found(GOOD.replace('        with:\n          persist-credentials: false\n', ''))).toEqual([
      '11 persist-credentials',
    ]);
    expect(found(GOOD.replace('persist-credentials: false', 'persist-credentials: true'))).toEqual([
      '11 persist-credentials',
    ]);
  });

  it('deploy-concurrency: a deploy outside deploy-<environment>, or one that can be cancelled', () => {
    expect(found(DEPLOY.replace('group: deploy-production', 'group: deploys'))).toEqual(['4 deploy-concurrency']);
    expect(found(DEPLOY.replace('cancel-in-progress: false', 'cancel-in-progress: true'))).toEqual([
      '4 deploy-concurrency',
    ]);
    expect(
      found(DEPLOY.replace('concurrency:\n  group: deploy-production\n  cancel-in-progress: false\n', '')),
    ).toEqual(['8 deploy-concurrency']);
    const staging = DEPLOY.replace('environment: production', 'environment: staging');
    expect(found(staging)).toEqual(['4 deploy-concurrency']);
  });

  it('backup-concurrency: backups outside their own group', () => {
    const backup = `name: backup
on: push
permissions: {}
concurrency:
  group: backup-app-db
  cancel-in-progress: false
jobs:
  backup:
    runs-on: ubuntu-latest
    timeout-minutes: 5
    permissions: {}
    steps:
      - uses: ./actions/backup
`;
    expect(found(backup)).toEqual([]);
    expect(found(backup.replace('group: backup-app-db', 'group: deploy-production'))).toEqual(['4 backup-concurrency']);
    expect(found(backup.replace('concurrency:\n  group: backup-app-db\n  cancel-in-progress: false\n', ''))).toEqual([
      '5 backup-concurrency',
    ]);
    // Reading the status writes nothing and needs no group.
    const status = backup.replace('concurrency:\n  group: backup-app-db\n  cancel-in-progress: false\n', '');
    expect(found(`${status}        with:\n          mode: status\n`)).toEqual([]);
  });

  it('timeout-minutes: a job without one', () => {
    expect(found(GOOD.replace('    timeout-minutes: 5\n', ''))).toEqual(['5 timeout-minutes']);
  });

  it('dependabot: an ecosystem left out', () => {
    const npmOnly =
      'version: 2\nupdates:\n  - package-ecosystem: npm\n    directory: /\n    schedule:\n      interval: weekly\n';
    expect(checkDependabot('.github/dependabot.yml', npmOnly).map(formatViolation)).toEqual([
      '.github/dependabot.yml:2 dependabot: no update entry for github-actions',
    ]);
  });

  it('codeowners: a path nobody owns (the last matching line decides)', () => {
    expect(checkCodeowners('CODEOWNERS', '/actions/ @acme/sre\n').map(formatViolation)).toEqual([
      'CODEOWNERS:1 codeowners: no owner for .github/workflows/deploy.yml',
    ]);
    expect(checkCodeowners('CODEOWNERS', '* @acme/dev\n/actions/\n').map(formatViolation)).toEqual([
      'CODEOWNERS:2 codeowners: no owner for actions/backup/action.yml',
    ]);
    expect(checkCodeowners('CODEOWNERS', '* @acme/dev\n')).toEqual([]);
  });

  it('the schema validation is live', async () => {
    const bad = 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    stepz: []\n';
    const diagnostics = await validate(TextDocument.create('file:///repo/.github/workflows/bad.yml', 'yaml', 1, bad));
    expect(diagnostics.map((problem) => `${problem.range.start.line + 1}: ${problem.message}`)).toEqual([
      "5: Unexpected value 'stepz'",
    ]);
  });

  it('a violation names the file, the line and the rule', () => {
    const [violation] = checkWorkflow('.github/workflows/sample.yml', GOOD.replace('echo ok', 'echo ${{ inputs.x }}'));
    expect(formatViolation(violation)).toBe(
      '.github/workflows/sample.yml:14 no-expression-in-run: an expression inside run: pass the value through env: and quote it',
    );
  });
});
