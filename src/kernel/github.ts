// The one place that knows how to talk to GitHub: retries, rate limits, base URL and token masking.
import * as core from '@actions/core';
import { getOctokit } from '@actions/github';
import { defaults as githubDefaults } from '@actions/github/lib/utils';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import Bottleneck from 'bottleneck';

export type GitHubClient = ReturnType<typeof getOctokit>;

export interface GitHubClientOptions {
  /** Defaults to GITHUB_API_URL, then https://api.github.com (GitHub Enterprise Server sets its own). */
  baseUrl?: string;
  /** Longest wait for a rate limit to reset before giving up, in seconds. */
  maxRateLimitWaitSeconds?: number;
  /** Retries for 5xx and rate limits. */
  retries?: number;
  log?: { warning(message: string): void; debug(message: string): void };
  /** Longest wait for one attempt (connect, headers and body); then the retry rules apply. */
  requestTimeoutMs?: number;
}

/**
 * One attempt may take this long. GitHub itself ends REST requests after 10 s, so 20 s is a hung
 * connection, not a slow answer; with 3 retries a dead API costs a step about 90 s, not 20 minutes.
 * `SHIPSHAPE_GITHUB_TIMEOUT` (milliseconds) overrides it for GitHub Enterprise Server behind slow proxies.
 */
export const DEFAULT_REQUEST_TIMEOUT_MS = 20_000;

function requestTimeoutFrom(env: NodeJS.ProcessEnv): number | undefined {
  const text = env.SHIPSHAPE_GITHUB_TIMEOUT_MS?.trim();
  if (!text) return undefined;
  const value = Number(text);
  return Number.isSafeInteger(value) && value > 0 && value < 2 ** 31 ? value : undefined;
}

type Fetch = (url: string | URL, init?: RequestInit) => Promise<Response>;

/** The runner's proxy-aware fetch with a deadline on every attempt (also on the body). */
function fetchWithDeadline(timeoutMs: number): Fetch {
  const proxyFetch = (githubDefaults.request as { fetch: Fetch }).fetch;
  return (url, init) => {
    const deadline = AbortSignal.timeout(timeoutMs);
    const signal = init?.signal ? AbortSignal.any([init.signal, deadline]) : deadline;
    return proxyFetch(url, { ...init, signal });
  };
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
  const timeoutMs = options.requestTimeoutMs ?? requestTimeoutFrom(process.env) ?? DEFAULT_REQUEST_TIMEOUT_MS;
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
      request: { fetch: fetchWithDeadline(timeoutMs) },
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
