// The one place that knows how to talk to GitHub: retries, rate limits, base URL and token masking.
import * as core from '@actions/core';
import { getOctokit } from '@actions/github';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import Bottleneck from 'bottleneck';
import { UserError } from './errors.ts';

export type GitHubClient = ReturnType<typeof getOctokit>;

export interface GitHubClientOptions {
  /** Defaults to GITHUB_API_URL, then https://api.github.com (GitHub Enterprise Server sets its own). */
  baseUrl?: string;
  /** Longest wait for a rate limit to reset before giving up, in seconds. */
  maxRateLimitWaitSeconds?: number;
  /** Retries for 5xx and rate limits. */
  retries?: number;
  log?: { warning(message: string): void; debug(message: string): void };
}

// Every 4xx is final (the request is wrong or forbidden); rate limits (403/429 with rate-limit
// headers or a secondary-limit message) are handled by the throttling plugin, which waits them out.
const DO_NOT_RETRY = Array.from({ length: 100 }, (_, index) => 400 + index);

export function createGitHubClient(token: string, options: GitHubClientOptions = {}): GitHubClient {
  if (token) core.setSecret(token);
  const baseUrl = options.baseUrl || process.env.GITHUB_API_URL || 'https://api.github.com';
  const maxWait = options.maxRateLimitWaitSeconds ?? 300;
  const retries = options.retries ?? 3;
  const log = options.log ?? { warning: core.warning, debug: core.debug };
  const onLimit =
    (kind: string) =>
    (retryAfter: number, request: { method: string; url: string }, _octokit: unknown, retryCount: number) => {
      if (retryCount >= retries || retryAfter > maxWait) {
        log.warning(
          `GitHub ${kind} rate limit hit for ${request.method} ${request.url}; not waiting ${retryAfter}s (limit ${maxWait}s, ${retryCount} retries so far).`,
        );
        return false;
      }
      log.warning(`GitHub ${kind} rate limit hit for ${request.method} ${request.url}; retrying in ${retryAfter}s.`);
      return true;
    };
  return getOctokit(
    token,
    {
      baseUrl: baseUrl.replace(/\/+$/, ''),
      userAgent: 'shipshape-actions',
      // Not `request.retries`: plugin-retry would then retry every failure, 4xx included.
      retry: { doNotRetry: DO_NOT_RETRY, retries },
      throttle: {
        onRateLimit: onLimit('primary'),
        onSecondaryRateLimit: onLimit('secondary'),
        // Our actions send their writes one after another already, so the plugin's extra spacing
        // of every mutation only adds latency. Requests that create content (issues, comments)
        // keep GitHub's documented one second apart (the plugin's default is three).
        write: new Bottleneck.Group({ maxConcurrent: 1, minTime: 0 }),
        notifications: new Bottleneck.Group({ maxConcurrent: 1, minTime: 1000 }),
      },
    },
    retry,
    throttling,
  );
}

/** A GitHub API failure in words a user can act on (`status`, method, path, GitHub's message). */
export function describeRequestError(error: unknown): string | undefined {
  const failure = error as {
    status?: number;
    message?: string;
    request?: { method?: string; url?: string };
  };
  if (typeof failure?.status !== 'number' || !failure.request) return undefined;
  const url = failure.request.url ? new URL(failure.request.url).pathname : '';
  const hint =
    failure.status === 401
      ? ' Check that the token is valid.'
      : failure.status === 403 || failure.status === 404
        ? ' Check that the token has the permissions this action documents and can see the repository.'
        : '';
  return `GitHub API ${failure.request.method ?? ''} ${url} failed with ${failure.status}: ${failure.message ?? ''}.${hint}`;
}

/** The repository the run belongs to (`GITHUB_REPOSITORY`), as a user error when it is missing. */
export function repositoryFromEnv(env: NodeJS.ProcessEnv = process.env): { owner: string; repo: string } {
  const match = /^([^/\s]+)\/([^/\s]+)$/.exec(env.GITHUB_REPOSITORY ?? '');
  if (!match) {
    throw new UserError(
      `GITHUB_REPOSITORY is ${env.GITHUB_REPOSITORY ? `"${env.GITHUB_REPOSITORY}"` : 'not set'}: run this in a GitHub Actions workflow, or set it to owner/name.`,
    );
  }
  return { owner: match[1], repo: match[2] };
}
