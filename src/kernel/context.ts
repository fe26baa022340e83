// Facts about the workflow run from the runner's environment, without loading the GitHub client:
// the repository, the commit, the run's URL, who triggered it, and GitHub API failures in words.
import { readFileSync } from 'node:fs';
import { UserError } from './errors.ts';

export interface Repository {
  owner: string;
  repo: string;
}

/** The repository the run belongs to (`GITHUB_REPOSITORY`), as a user error when it is missing. */
export function repositoryFromEnv(env: NodeJS.ProcessEnv = process.env): Repository {
  const match = /^([^/\s]+)\/([^/\s]+)$/.exec(env.GITHUB_REPOSITORY ?? '');
  if (!match) {
    throw new UserError(
      `GITHUB_REPOSITORY is ${env.GITHUB_REPOSITORY ? `"${env.GITHUB_REPOSITORY}"` : 'not set'}: run this in a GitHub Actions workflow, or set it to owner/name.`,
    );
  }
  return { owner: match[1], repo: match[2] };
}

export interface RunContext {
  /** `https://github.com`, or the GitHub Enterprise Server URL. */
  serverUrl: string;
  /** `GITHUB_SHA`, or undefined outside a runner. */
  sha?: string;
  /** The link to this workflow run, when the runner says which run this is. */
  runUrl?: string;
  actor?: string;
  eventName?: string;
  /** The webhook payload at `GITHUB_EVENT_PATH` (`{}` when there is none). */
  payload: Record<string, unknown>;
}

/** What `@actions/github`'s `context` gives, read directly so entry files need not load Octokit. */
export function runContextFromEnv(env: NodeJS.ProcessEnv = process.env): RunContext {
  const serverUrl = (env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/, '');
  let payload: Record<string, unknown> = {};
  if (env.GITHUB_EVENT_PATH) {
    try {
      payload = JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, 'utf8')) as Record<string, unknown>;
    } catch {
      payload = {};
    }
  }
  const repository = env.GITHUB_REPOSITORY;
  return {
    serverUrl,
    sha: env.GITHUB_SHA || undefined,
    runUrl:
      repository && env.GITHUB_RUN_ID ? `${serverUrl}/${repository}/actions/runs/${env.GITHUB_RUN_ID}` : undefined,
    actor: env.GITHUB_ACTOR || undefined,
    eventName: env.GITHUB_EVENT_NAME || undefined,
    payload,
  };
}

/** A GitHub API failure in words a user can act on (`status`, method, path, GitHub's message). */
export function describeRequestError(error: unknown): string | undefined {
  const failure = error as {
    status?: number;
    message?: string;
    request?: { method?: string; url?: string };
  };
  if (typeof failure?.status !== 'number' || !failure.request) return undefined;
  let path = '';
  try {
    path = failure.request.url ? new URL(failure.request.url).pathname : '';
  } catch {
    path = '';
  }
  const hint =
    failure.status === 401
      ? ' Check that the token is valid.'
      : failure.status === 403 || failure.status === 404
        ? ' Check that the token has the permissions this action documents and can see the repository.'
        : '';
  return `GitHub API ${failure.request.method ?? ''} ${path} failed with ${failure.status}: ${failure.message ?? ''}.${hint}`;
}
