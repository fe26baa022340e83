// The workflow security policy as pure checks: a workflow's text in, violations (file, line, rule) out.
import { basename } from 'node:path';
import { PINNED_ACTIONS, type Pin } from './pinned-actions.ts';
import {
  type Concurrency,
  type Job,
  lineAt,
  ownActionDir,
  parseYamlFile,
  type Step,
  type Workflow,
  type YamlFile,
} from './workflow-files.ts';

export interface Violation {
  file: string;
  line: number;
  rule: Rule;
  message: string;
}

export type Rule =
  | 'top-level-permissions'
  | 'job-permissions'
  | 'permission-comment'
  | 'least-privilege'
  | 'pinned-actions'
  | 'own-actions'
  | 'no-expression-in-run'
  | 'forbidden-trigger'
  | 'secrets-inherit'
  | 'no-cache'
  | 'persist-credentials'
  | 'deploy-concurrency'
  | 'backup-concurrency'
  | 'timeout-minutes'
  | 'dependabot'
  | 'codeowners';

export function formatViolation(violation: Violation): string {
  return `${violation.file}:${violation.line} ${violation.rule}: ${violation.message}`;
}

const FORBIDDEN_TRIGGERS = ['pull_request_target', 'workflow_run'];
const FULL_SHA = /^[0-9a-f]{40}$/;

/** Every rule of the policy that a single workflow file can break. */
export function checkWorkflow(file: string, text: string, pins: readonly Pin[] = PINNED_ACTIONS): Violation[] {
  const yaml = parseYamlFile(file, text);
  const workflow = (yaml.value ?? {}) as Workflow;
  const violations: Violation[] = [];
  const add = (path: ReadonlyArray<string | number>, rule: Rule, message: string) =>
    violations.push({ file, line: lineAt(yaml, path), rule, message });
  const inExamples = file.startsWith('examples/');

  checkTopLevelPermissions(workflow, add);
  for (const trigger of triggerNames(workflow.on)) {
    if (FORBIDDEN_TRIGGERS.includes(trigger)) {
      add(['on', trigger], 'forbidden-trigger', `'${trigger}' runs untrusted code with a privileged token`);
    }
  }
  const jobs = Object.entries(workflow.jobs ?? {});
  const deploys = jobs.some(([, job]) => job.environment !== undefined);
  const noCaches =
    deploys ||
    /deploy|rollback|backup|restore|promote|release/.test(basename(file)) ||
    usesAny(jobs, /deploy-gate|backup/);

  for (const [jobId, job] of jobs) {
    const at = (...rest: Array<string | number>) => ['jobs', jobId, ...rest];
    if (job['timeout-minutes'] === undefined) add(at(), 'timeout-minutes', `job '${jobId}' has no timeout-minutes`);
    if (job.secrets === 'inherit') add(at('secrets'), 'secrets-inherit', `job '${jobId}' passes every secret on`);
    checkJobPermissions(yaml, jobId, job, add);
    if (job.uses !== undefined) checkUses(yaml, at('uses'), job.uses, inExamples, pins, add);

    (job.steps ?? []).forEach((step, index) => {
      const stepAt = (...rest: string[]) => at('steps', index, ...rest);
      if (typeof step.run === 'string' && step.run.includes('${{')) {
        add(
          stepAt('run'),
          'no-expression-in-run',
          'an expression inside run: pass the value through env: and quote it',
        );
      }
      if (step.uses === undefined) return;
      checkUses(yaml, stepAt('uses'), step.uses, inExamples, pins, add);
      if (/^actions\/checkout@/.test(step.uses) && String(step.with?.['persist-credentials']) !== 'false') {
        add(
          stepAt('uses'),
          'persist-credentials',
          'checkout without persist-credentials: false leaves the token in .git/config',
        );
      }
      if (noCaches && isCache(step)) {
        add(
          stepAt('uses'),
          'no-cache',
          'a cache in a deploy, rollback, backup or release workflow can be poisoned by another branch',
        );
      }
    });

    // GitHub Pages publishes a static site (its own `pages` group, as GitHub's starter): not a service deploy.
    const publishesStaticSite = environmentName(job) === 'github-pages' && publishesPages(job);
    if (job.environment !== undefined && !publishesStaticSite) checkDeployConcurrency(workflow, jobId, job, add);
    else if (!deploys && writesBackups(job)) checkBackupConcurrency(workflow, jobId, job, add);
  }
  return violations;
}

type Add = (path: ReadonlyArray<string | number>, rule: Rule, message: string) => void;

function triggerNames(on: unknown): string[] {
  if (typeof on === 'string') return [on];
  if (Array.isArray(on)) return on.map(String);
  if (on && typeof on === 'object') return Object.keys(on);
  return [];
}

function checkTopLevelPermissions(workflow: Workflow, add: Add): void {
  const permissions = workflow.permissions;
  if (permissions === undefined) {
    add(
      [],
      'top-level-permissions',
      'no top-level permissions: the token gets the repository default (maybe write-all)',
    );
  } else if (typeof permissions === 'string') {
    if (permissions !== 'read-all')
      add(['permissions'], 'top-level-permissions', `top-level permissions '${permissions}'`);
  } else {
    for (const [scope, level] of Object.entries(permissions ?? {})) {
      if (level !== 'read' && level !== 'none') {
        add(['permissions', scope], 'top-level-permissions', `top-level ${scope}: ${level}; grant writes per job`);
      }
    }
  }
}

/** Which steps need a scope: a grant nothing needs is a violation. */
function needsScope(job: Job, scope: string, level: string): boolean {
  const steps = job.steps ?? [];
  const usesOwn = (name: string) => steps.some((step) => ownActionDir(step.uses) === `actions/${name}`);
  const runs = (pattern: RegExp) => steps.some((step) => typeof step.run === 'string' && pattern.test(step.run));
  const checksOut = steps.some((step) => /^actions\/checkout@/.test(step.uses ?? ''));
  const gate = usesOwn('deploy-gate');
  if (level === 'none') return true;
  switch (`${scope}:${level}`) {
    case 'contents:read':
      return checksOut || gate;
    case 'contents:write':
      return (
        runs(/\bgh (release|api)\b|\bgit push\b/) ||
        steps.some((step) => ownActionDir(step.uses) === 'actions/smoke-test' && step.with?.history)
      );
    case 'issues:write':
      return usesOwn('incident');
    case 'issues:read':
      return gate || usesOwn('incident') || usesOwn('status-page');
    case 'pages:write':
      return publishesPages(job);
    case 'actions:write':
      return steps.some((step) => ownActionDir(step.uses) === 'actions/smoke-test' && step.with?.['rollback-workflow']);
    case 'checks:read':
    case 'statuses:read':
    case 'deployments:read':
    case 'pull-requests:read':
      return gate;
    case 'id-token:write':
      return steps.some((step) => /login|credentials|auth/i.test(step.uses ?? '')) || publishesPages(job);
    default:
      return false;
  }
}

/** A job that publishes a static site with actions/deploy-pages (OIDC to Pages; nothing to roll back). */
function publishesPages(job: Job): boolean {
  return (job.steps ?? []).some((step) => /^actions\/deploy-pages@/.test(step.uses ?? ''));
}

function checkJobPermissions(yaml: YamlFile, jobId: string, job: Job, add: Add): void {
  const at = ['jobs', jobId, 'permissions'];
  if (job.permissions === undefined) {
    add(['jobs', jobId], 'job-permissions', `job '${jobId}' does not say which permissions it needs (use {} for none)`);
    return;
  }
  if (typeof job.permissions === 'string') {
    add(at, 'job-permissions', `job '${jobId}' grants '${job.permissions}'; name each scope it needs`);
    return;
  }
  for (const [scope, level] of Object.entries(job.permissions)) {
    const line = lineAt(yaml, [...at, scope]);
    if (!/#\s*\S/.test(yaml.lines[line - 1] ?? '')) {
      add(
        [...at, scope],
        'permission-comment',
        `job '${jobId}' grants ${scope}: ${level} without a comment saying why`,
      );
    }
    if (!needsScope(job, scope, level)) {
      add([...at, scope], 'least-privilege', `job '${jobId}' grants ${scope}: ${level} but none of its steps needs it`);
    }
  }
}

function checkUses(
  yaml: YamlFile,
  path: ReadonlyArray<string | number>,
  uses: string,
  inExamples: boolean,
  pins: readonly Pin[],
  add: Add,
): void {
  const own = ownActionDir(uses);
  if (uses.startsWith('./')) {
    if (inExamples)
      add(
        path,
        'own-actions',
        `examples use the published form <org>/shipshape/${own ?? 'actions/<name>'}@v1, not ${uses}`,
      );
    else if (!own) add(path, 'own-actions', `${uses} is not one of this repository's actions (./actions/<name>)`);
    return;
  }
  if (own) {
    if (!inExamples) add(path, 'own-actions', `this repository uses its own actions by path: ./${own}, not ${uses}`);
    else if (!/^your-org\/shipshape\/actions\/[\w-]+@v1$/.test(uses)) {
      add(path, 'own-actions', `examples use your-org/shipshape/${own}@v1, not ${uses}`);
    }
    return;
  }
  const match = /^([\w.-]+\/[\w.-]+)(\/[^@]*)?@(.+)$/.exec(uses);
  if (!match) {
    add(path, 'pinned-actions', `${uses} is not pinned to a commit SHA`);
    return;
  }
  const [, repository, , ref] = match;
  const comment = /#\s*(v\d+(?:\.\d+)*)\s*$/.exec(yaml.lines[lineAt(yaml, path) - 1] ?? '')?.[1];
  if (!FULL_SHA.test(ref)) {
    add(path, 'pinned-actions', `${uses} is not pinned to a full commit SHA`);
  } else if (!comment) {
    add(path, 'pinned-actions', `${uses} has no version comment (# vX.Y.Z)`);
  } else {
    const pin = pins.find((candidate) => candidate.action === repository && candidate.sha === ref);
    if (!pin) add(path, 'pinned-actions', `${repository}@${ref} is not a SHA listed in PINNED-ACTIONS.md`);
    else if (pin.version !== comment)
      add(path, 'pinned-actions', `${repository}@${ref} is ${pin.version}, the comment says ${comment}`);
  }
}

function isCache(step: Step): boolean {
  const uses = step.uses ?? '';
  if (/^actions\/cache(\/\w+)?@/.test(uses)) return true;
  return (
    /^actions\/setup-/.test(uses) &&
    (step.with?.cache !== undefined || step.with?.['cache-dependency-path'] !== undefined)
  );
}

function usesAny(jobs: Array<[string, Job]>, name: RegExp): boolean {
  return jobs.some(([, job]) => (job.steps ?? []).some((step) => name.test(ownActionDir(step.uses) ?? '')));
}

function writesBackups(job: Job): boolean {
  return (job.steps ?? []).some(
    (step) => ownActionDir(step.uses) === 'actions/backup' && String(step.with?.mode ?? 'backup') !== 'status',
  );
}

function effectiveConcurrency(workflow: Workflow, job: Job): { concurrency?: Concurrency; level: 'job' | 'workflow' } {
  const raw = job.concurrency ?? workflow.concurrency;
  const level = job.concurrency !== undefined ? 'job' : 'workflow';
  if (raw === undefined) return { level };
  return { concurrency: typeof raw === 'string' ? { group: raw } : raw, level };
}

function environmentName(job: Job): string {
  return typeof job.environment === 'string' ? job.environment : String(job.environment?.name ?? '');
}

/** A job that deploys (has an environment) runs in `deploy-<environment>`, the group rollbacks of it share. */
function checkDeployConcurrency(workflow: Workflow, jobId: string, job: Job, add: Add): void {
  const expected = `deploy-${environmentName(job)}`;
  const { concurrency, level } = effectiveConcurrency(workflow, job);
  const at = level === 'job' ? ['jobs', jobId, 'concurrency'] : ['concurrency'];
  if (concurrency?.group !== expected) {
    add(
      concurrency ? at : ['jobs', jobId, 'environment'],
      'deploy-concurrency',
      `job '${jobId}' deploys outside the concurrency group ${expected}`,
    );
  } else if (String(concurrency['cancel-in-progress']) !== 'false') {
    add(at, 'deploy-concurrency', `${expected} needs cancel-in-progress: false (a deploy is never cut off half-way)`);
  }
}

function checkBackupConcurrency(workflow: Workflow, jobId: string, job: Job, add: Add): void {
  const { concurrency, level } = effectiveConcurrency(workflow, job);
  const at = level === 'job' ? ['jobs', jobId, 'concurrency'] : ['concurrency'];
  if (!concurrency?.group?.startsWith('backup-')) {
    add(
      concurrency ? at : ['jobs', jobId],
      'backup-concurrency',
      `job '${jobId}' writes backups outside a backup-* concurrency group`,
    );
  } else if (String(concurrency['cancel-in-progress']) !== 'false') {
    add(
      at,
      'backup-concurrency',
      `${concurrency.group} needs cancel-in-progress: false (a backup is never cut off half-way)`,
    );
  }
}

/** Dependabot keeps npm packages and the pinned actions current. */
export function checkDependabot(file: string, text: string): Violation[] {
  const yaml = parseYamlFile(file, text);
  const updates = ((yaml.value as { updates?: Array<Record<string, unknown>> } | null)?.updates ?? []).map((update) =>
    String(update['package-ecosystem']),
  );
  return ['npm', 'github-actions']
    .filter((ecosystem) => !updates.includes(ecosystem))
    .map((ecosystem) => ({
      file,
      line: lineAt(yaml, ['updates']),
      rule: 'dependabot' as const,
      message: `no update entry for ${ecosystem}`,
    }));
}

/** CODEOWNERS: the last matching pattern decides, and it must name an owner. */
export function checkCodeowners(
  file: string,
  text: string,
  paths = ['.github/workflows/deploy.yml', 'actions/backup/action.yml'],
): Violation[] {
  const rules = text
    .split('\n')
    .map((line, index) => ({ line: index + 1, words: line.replace(/#.*/, '').trim().split(/\s+/).filter(Boolean) }))
    .filter((rule) => rule.words.length > 0);
  const violations: Violation[] = [];
  for (const path of paths) {
    const last = rules.filter((rule) => codeownersMatch(rule.words[0], path)).at(-1);
    if (!last || last.words.length < 2) {
      violations.push({ file, line: last?.line ?? 1, rule: 'codeowners', message: `no owner for ${path}` });
    }
  }
  return violations;
}

function codeownersMatch(pattern: string, path: string): boolean {
  if (pattern === '*' || pattern === '/*' || pattern === '**') return true;
  const anchored = pattern.replace(/^\//, '').replace(/\/\*\*$/, '/');
  if (anchored.endsWith('/'))
    return path.startsWith(anchored) || (!pattern.startsWith('/') && path.includes(`/${anchored}`));
  return path === anchored || path.startsWith(`${anchored}/`);
}
