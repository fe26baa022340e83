// The tests' runner harness: src/local-runner run with what a hosted runner would give a test — a real
// webhook payload from @octokit/webhooks-examples, a repository, a token and a hermetic environment.
import { createRequire } from 'node:module';
import {
  type LocalRunResult,
  nodeFor,
  REPO_ROOT,
  readActionManifest,
  runLocalAction,
} from '../../src/local-runner/index.ts';

export { nodeFor, REPO_ROOT, readActionManifest };

const require = createRequire(import.meta.url);

export type EventName = 'push' | 'schedule' | 'workflow_dispatch' | 'issue_comment';

export interface RunOptions {
  /** Input values by their action.yml names; unset inputs take action.yml defaults. */
  inputs?: Record<string, string>;
  event?: EventName;
  /** The stand-in's URL, as GITHUB_API_URL. */
  apiUrl?: string;
  token?: string;
  repository?: string;
  env?: Record<string, string>;
  workspace?: string;
  /** Kill the action after this long (a hung action fails the test instead of the suite). */
  timeoutMs?: number;
  /** Fields laid over the example payload (e.g. the `issue` of an issue_comment). */
  payload?: Record<string, unknown>;
}

export type RunResult = Omit<LocalRunResult, 'home'>;

/** The payload GitHub would write to GITHUB_EVENT_PATH, from @octokit/webhooks-examples. */
export function webhookPayload(event: EventName): Record<string, unknown> {
  const examples = require('@octokit/webhooks-examples') as Array<{
    name: string;
    examples: Array<Record<string, unknown>>;
  }>;
  const byName = (name: string) => examples.find((entry) => entry.name === name)?.examples ?? [];
  if (event === 'push') {
    const push = byName('push').find((example) => example.ref === 'refs/heads/main') ?? byName('push')[0];
    if (!push) throw new Error('no push example');
    return push;
  }
  if (event === 'issue_comment') {
    const comment = byName('issue_comment').find((example) => example.action === 'created');
    if (!comment) throw new Error('no issue_comment example');
    return comment;
  }
  if (event === 'workflow_dispatch') {
    const dispatch = byName('workflow_dispatch')[0];
    if (!dispatch) throw new Error('no workflow_dispatch example');
    return dispatch;
  }
  // Schedule runs are not webhooks, so the examples have none; GitHub's payload is the cron
  // line plus the repository, which we take from the real push example.
  const push = webhookPayload('push');
  return { schedule: '*/15 * * * *', repository: push.repository, workflow: '.github/workflows/smoke.yml' };
}

export async function runActionBundle(actionDir: string, options: RunOptions = {}): Promise<RunResult> {
  const event = options.event ?? 'push';
  const payload = { ...webhookPayload(event), ...options.payload };
  const repository = options.repository ?? 'octo-org/shop';
  const token = options.token ?? 'ghs_standInToken0123456789';
  const sha = (payload.after as string | undefined) ?? '6dcb09b5b57875f334f61aebed695e2e4193db5e';
  const apiUrl = options.apiUrl ?? 'https://api.github.com';
  return runLocalAction(actionDir, {
    inputs: options.inputs,
    eventName: event,
    payload,
    workspace: options.workspace,
    timeoutMs: options.timeoutMs,
    keepFiles: true,
    baseEnv: { PATH: process.env.PATH, HOME: process.env.HOME, LANG: 'C.UTF-8' },
    expressionContext: {
      'github.token': token,
      'github.repository': repository,
      'github.sha': sha,
      'github.server_url': 'https://github.com',
      'github.api_url': apiUrl,
      'github.run_id': '4242',
      'github.actor': options.env?.GITHUB_ACTOR ?? 'octocat',
    },
    runnerEnv: {
      GITHUB_API_URL: apiUrl,
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_GRAPHQL_URL: `${apiUrl}/graphql`,
      GITHUB_REPOSITORY: repository,
      GITHUB_REPOSITORY_OWNER: repository.split('/')[0],
      GITHUB_SHA: sha,
      GITHUB_REF: (payload.ref as string | undefined) ?? 'refs/heads/main',
      GITHUB_REF_NAME: 'main',
      GITHUB_RUN_ID: '4242',
      GITHUB_RUN_NUMBER: '17',
      GITHUB_RUN_ATTEMPT: '1',
      GITHUB_WORKFLOW: 'deploy',
      GITHUB_JOB: 'verify',
      GITHUB_ACTION: 'run',
      GITHUB_ACTOR: 'octocat',
      RUNNER_OS: 'Linux',
      RUNNER_ARCH: 'X64',
      ...options.env,
    },
  });
}
