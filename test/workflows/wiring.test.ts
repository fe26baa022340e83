// The workflows are wired as designed: which jobs need which, and which action inputs come from
// which outputs. Every reference names an output that exists, so a renamed output breaks the build.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { type ActionOutputs, actionOutputsFromRepo, checkWiring, describeWiring, runStepOutputs } from './wiring.ts';
import { listWorkflowFiles, REPO_ROOT, type Workflow } from './workflow-files.ts';

const read = (file: string) => readFileSync(join(REPO_ROOT, file), 'utf8');
const problems = (file: string, text = read(file), outputs?: ActionOutputs) =>
  checkWiring(file, text, outputs).map((problem) => `${problem.file}:${problem.line} ${problem.message}`);

describe('every workflow', () => {
  it.each(listWorkflowFiles())('%s references only jobs, steps, outputs and inputs that exist', (file) => {
    expect(problems(file)).toEqual([]);
  });
});

describe('the pipeline is wired as designed', () => {
  it('deploy.yml: gate → backup → deploy → watched smoke test; incident on any failure, resolve on success', () => {
    expect(describeWiring(read('.github/workflows/deploy.yml'))).toEqual([
      'gate <- []',
      'gate.outputs.allowed <- steps.gate.outputs.allowed',
      'gate.outputs.blocked-by <- steps.gate.outputs.blocked-by',
      'gate.outputs.changed <- steps.gate.outputs.changed',
      'gate.outputs.previous-sha <- steps.gate.outputs.previous-sha',
      'backup <- [gate]',
      'backup.outputs.backup-id <- steps.backup.outputs.backup-id',
      'backup.if.condition <- needs.gate.outputs.changed',
      'deploy <- [gate, backup]',
      'deploy.Deploy (scripts/deploy.sh — replace it with your own).env.DEPLOY_BACKUP_ID <- needs.backup.outputs.backup-id',
      'verify <- [gate, deploy]',
      'verify.outputs.passed <- steps.smoke.outputs.passed',
      'verify.outputs.tripped <- steps.smoke.outputs.tripped',
      'verify.outputs.failed-checks <- steps.smoke.outputs.failed-checks',
      'verify.outputs.rollback-dispatched <- steps.smoke.outputs.rollback-dispatched',
      'verify.outputs.rollback-run-url <- steps.smoke.outputs.rollback-run-url',
      'verify.smoke.with.rollback-inputs <- needs.gate.outputs.previous-sha',
      'verify.step 3.with.path <- steps.smoke.outputs.junit',
      'incident <- [gate, backup, deploy, verify]',
      'incident.actions/incident.with.summary <- needs.gate.outputs.blocked-by',
      'incident.actions/incident.with.summary <- needs.verify.outputs.failed-checks',
      'incident.actions/incident.with.summary <- needs.verify.outputs.rollback-dispatched',
      'incident.actions/incident.with.summary <- needs.verify.outputs.rollback-run-url',
      'resolve <- [verify]',
    ]);
  });

  it('deploy.yml: the watch window dispatches rollback.yml with inputs rollback.yml declares', () => {
    const deploy = read('.github/workflows/deploy.yml');
    expect(deploy).toContain('rollback-workflow: rollback.yml');
    const rollbackInputs = /rollback-inputs: \|\n((?: {12}.*\n)+)/.exec(deploy)?.[1] ?? '';
    const sent = [...rollbackInputs.matchAll(/^ {12}([\w-]+):/gm)].map((match) => match[1]);
    expect(sent).toEqual(['environment', 'target', 'reason', 'dry-run']);
    const rollback = read('.github/workflows/rollback.yml');
    const declared = [...(/ {4}inputs:\n((?: {6}.*\n)+)/.exec(rollback)?.[1] ?? '').matchAll(/^ {6}([\w-]+):/gm)].map(
      (match) => match[1],
    );
    expect(declared).toEqual(['environment', 'target', 'reason', 'dry-run']);
  });

  it('rollback.yml: gate (rollback mode) → deploy the resolved target → smoke test → record', () => {
    expect(describeWiring(read('.github/workflows/rollback.yml'))).toEqual([
      'gate <- []',
      'gate.outputs.allowed <- steps.gate.outputs.allowed',
      'gate.outputs.sha <- steps.gate.outputs.sha',
      'gate.outputs.previous-sha <- steps.gate.outputs.previous-sha',
      'deploy <- [gate]',
      'deploy.Deploy the target (scripts/deploy.sh — replace it with your own).env.DEPLOY_SHA <- needs.gate.outputs.sha',
      'verify <- [deploy]',
      'verify.outputs.passed <- steps.smoke.outputs.passed',
      'verify.outputs.failed-checks <- steps.smoke.outputs.failed-checks',
      'record <- [gate, deploy, verify]',
      'record.actions/incident.with.summary <- needs.gate.outputs.sha',
      'record.actions/incident.with.summary <- needs.gate.outputs.previous-sha',
      'record.actions/incident.with.summary <- needs.verify.outputs.failed-checks',
    ]);
  });

  it('backup.yml: the schedule picks the series; freshness reads the status outputs', () => {
    expect(describeWiring(read('.github/workflows/backup.yml'))).toEqual([
      'plan <- []',
      'plan.outputs.tier <- steps.tier.outputs.tier',
      'backup <- [plan]',
      'backup.outputs.backup-id <- steps.backup.outputs.backup-id',
      'backup.outputs.pruned <- steps.backup.outputs.pruned',
      'backup.backup.with.name <- needs.plan.outputs.tier',
      'backup.backup.with.keep-hourly <- needs.plan.outputs.tier',
      'backup.backup.with.keep-daily <- needs.plan.outputs.tier',
      'backup.backup.with.keep-weekly <- needs.plan.outputs.tier',
      'backup.backup.with.keep-monthly <- needs.plan.outputs.tier',
      'freshness <- [plan, backup]',
      'freshness.Warn when the newest backup is older than 24 hours.env.LATEST_ID <- steps.status.outputs.latest-id',
      'freshness.Warn when the newest backup is older than 24 hours.env.AGE_SECONDS <- steps.status.outputs.latest-age-seconds',
      'freshness.actions/incident.with.summary <- steps.status.outputs.latest-id',
      'freshness.actions/incident.with.summary <- steps.status.outputs.latest-age-seconds',
      'freshness.actions/incident.with.resolution <- steps.status.outputs.latest-id',
    ]);
  });

  it('rollback-drill.yml and restore-drill.yml: the drill, then its record', () => {
    expect(describeWiring(read('.github/workflows/rollback-drill.yml'))).toEqual([
      'drill <- []',
      'drill.Fail the drill when the rollback would be refused.env.BLOCKED_BY <- steps.gate.outputs.blocked-by',
      'drill.Fail the drill when the rollback would be refused.env.TARGET <- steps.gate.outputs.sha',
      'record <- [drill]',
    ]);
    expect(describeWiring(read('.github/workflows/restore-drill.yml'))).toEqual([
      'drill <- []',
      'drill.step 5.with.path <- steps.smoke.outputs.junit',
      'record <- [drill]',
    ]);
  });

  it("the gates require the check ci.yml's job reports, so renaming the CI job cannot block every deploy unnoticed", () => {
    const ci = parse(read('.github/workflows/ci.yml')) as Workflow;
    const checkNames = Object.entries(ci.jobs ?? {}).map(([id, job]) => job.name ?? id);
    for (const file of [
      '.github/workflows/deploy.yml',
      '.github/workflows/rollback.yml',
      '.github/workflows/rollback-drill.yml',
    ]) {
      const gates = Object.values((parse(read(file)) as Workflow).jobs ?? {}).flatMap((job) =>
        (job.steps ?? []).filter((step) => step.uses === './actions/deploy-gate'),
      );
      expect(gates.map((step) => [file, step.with?.['required-checks']])).toEqual([[file, 'test']]);
    }
    expect(checkNames).toEqual(['test']);
  });

  it('the backup tiers of the plan step match the schedules', () => {
    const backup = read('.github/workflows/backup.yml');
    const crons = [...backup.matchAll(/- cron: "([^"]+)"/g)].map((match) => match[1]);
    const planned = [...backup.matchAll(/^ {12}"([^"]+)"\) tier=(\w+) ;;/gm)].map((match) => `${match[1]} ${match[2]}`);
    expect(planned).toEqual([`${crons[0]} hourly`, `${crons[1]} daily`, `${crons[2]} weekly`, `${crons[3]} monthly`]);
    expect(runStepOutputs('echo "tier=$tier" >> "$GITHUB_OUTPUT"')).toEqual(['tier']);
  });
});

describe('a broken reference fails (the check is live)', () => {
  const deploy = read('.github/workflows/deploy.yml');
  /** The 1-based line of the first line containing `needle`, so the expectations survive edits elsewhere. */
  const line = (text: string, needle: string) =>
    text.split('\n').findIndex((candidate) => candidate.includes(needle)) + 1;

  it('an action output renamed in action.yml', () => {
    const renamed: ActionOutputs = (dir) =>
      dir === 'actions/deploy-gate'
        ? actionOutputsFromRepo(dir)?.map((name) => (name === 'previous-sha' ? 'active-sha' : name))
        : actionOutputsFromRepo(dir);
    expect(problems('.github/workflows/deploy.yml', deploy, renamed)).toEqual([
      `.github/workflows/deploy.yml:${line(deploy, 'previous-sha: ${{ steps.gate')} steps.gate.outputs.previous-sha: ./actions/deploy-gate has no output 'previous-sha' (it has: allowed, blocked-by, report, sha, active-sha, changed)`,
    ]);
  });

  it('a job output renamed', () => {
    const text = deploy.replace(
      '      previous-sha: ${{ steps.gate.outputs.previous-sha }}',
      '      prior-sha: ${{ steps.gate.outputs.previous-sha }}',
    );
    expect(problems('.github/workflows/deploy.yml', text)).toEqual([
      `.github/workflows/deploy.yml:${line(text, 'rollback-inputs:')} needs.gate.outputs.previous-sha: job 'gate' has no output 'previous-sha' (it has: allowed, blocked-by, changed, prior-sha)`,
    ]);
  });

  it('a job that reads another it does not need, a step id that does not exist, an input that is not declared', () => {
    const text = deploy
      .replace('    needs: [gate, deploy]\n', '    needs: deploy\n')
      .replace('steps.smoke.outputs.junit', 'steps.smoke-test.outputs.junit')
      .replace('DEPLOY_REASON: push to main', 'DEPLOY_REASON: ${{ inputs.reason }}');
    expect(problems('.github/workflows/deploy.yml', text)).toEqual([
      `.github/workflows/deploy.yml:${line(text, 'DEPLOY_REASON:')} inputs.reason: the workflow has no input 'reason'`,
      `.github/workflows/deploy.yml:${line(text, 'rollback-inputs:')} needs.gate: job 'verify' does not need 'gate'`,
      `.github/workflows/deploy.yml:${line(text, 'steps.smoke-test.outputs.junit')} steps.smoke-test: job 'verify' has no step with id 'smoke-test'`,
    ]);
  });

  it('a need that is not a job', () => {
    const text = deploy.replace('    needs: [gate, backup]\n', '    needs: [gate, backups]\n');
    expect(problems('.github/workflows/deploy.yml', text)).toEqual([
      `.github/workflows/deploy.yml:${line(text, 'needs: [gate, backups]')} job 'deploy' needs 'backups', which is not a job of this workflow`,
      `.github/workflows/deploy.yml:${line(text, 'DEPLOY_BACKUP_ID:')} needs.backup: job 'deploy' does not need 'backup'`,
    ]);
  });
});
