// A GitHub stand-in seeded with what a status page reads: 90 days of half-hourly smoke rounds for three
// checks on the history branch, an open incident with a timeline, a resolved one with its review.

import { contentsOf } from '../../src/github-standin/routes-contents.ts';
import type { GitHubStandIn } from '../../src/github-standin/server.ts';
import { type RoundSample, samplesToJsonl } from '../../src/kernel/status-history.ts';

const HALF_HOUR = 30 * 60_000;
const DAY = 86_400_000;

export const CHECKS_YAML = `
- name: home
  title: Home page
- name: checkout
  title: Checkout API
  description: POST /api/checkout
  fingerprints: [checkout-returns-502]
- name: search
  title: Search
`;

/**
 * Weekly 02:00–04:00 UTC for home only, on the weekday three days from today (so the test never runs
 * inside it): these rounds are excluded from home's uptime.
 */
export const MAINTENANCE_DAY = (new Date().getUTCDay() + 3) % 7;
export const MAINTENANCE_YAML = `
- title: Weekly database patching
  checks: [home]
  start: "0 2 * * ${MAINTENANCE_DAY}"
  end: "0 4 * * ${MAINTENANCE_DAY}"
  timezone: UTC
`;

export interface Seeded {
  samples: RoundSample[];
  openRecord: number;
  resolvedRecord: number;
  review: number;
  /** Uptime as the page must print it, computed here without the action's code. */
  expectedUptime: Record<string, string>;
}

function inMaintenance(ms: number): boolean {
  const date = new Date(ms);
  return date.getUTCDay() === MAINTENANCE_DAY && date.getUTCHours() >= 2 && date.getUTCHours() < 4;
}

function cut(passed: number, counted: number): string {
  return `${(Math.floor((passed / counted) * 10_000 + 1e-9) / 100).toFixed(2)}%`;
}

export function seedStatusData(standIn: GitHubStandIn, now = new Date()): Seeded {
  const repo = standIn.state.repo('octo-org', 'shop');
  const last = Math.floor(now.getTime() / HALF_HOUR) * HALF_HOUR;
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const windowStart = today - 89 * DAY;
  const samples: RoundSample[] = [];
  const tally: Record<string, { passed: number; counted: number }> = {
    home: { passed: 0, counted: 0 },
    checkout: { passed: 0, counted: 0 },
    search: { passed: 0, counted: 0 },
  };
  for (let ms = windowStart; ms <= last; ms += HALF_HOUR) {
    const round = Math.round((ms - windowStart) / HALF_HOUR);
    const daysAgo = Math.max(0, Math.ceil((today - ms) / DAY));
    const time = new Date(ms).toISOString();
    const verdicts: Record<string, 'passed' | 'failed'> = {
      // Fails every week during patching (excluded) and once every 9 days.
      home: inMaintenance(ms) || round % 432 === 7 ? 'failed' : 'passed',
      // An outage 12 days ago, a bad day 40 days ago, and failing now (the last two rounds).
      checkout:
        (daysAgo === 12 && new Date(ms).getUTCHours() < 6) ||
        (daysAgo === 40 && round % 3 === 0) ||
        ms > last - 2 * HALF_HOUR
          ? 'failed'
          : 'passed',
      search: round % 97 === 0 ? 'failed' : 'passed',
    };
    for (const [check, verdict] of Object.entries(verdicts)) {
      // Search was added 30 days ago: the days before have no data.
      if (check === 'search' && daysAgo > 30) continue;
      samples.push({
        time,
        check,
        verdict,
        status: verdict === 'passed' ? 200 : 502,
        latency: verdict === 'passed' ? 87 : 10_000,
      });
      if (check === 'home' && inMaintenance(ms)) continue;
      tally[check].counted++;
      if (verdict === 'passed') tally[check].passed++;
    }
  }
  const files = new Map<string, string>([['README.md', '# Status history\n']]);
  const byDay = new Map<string, RoundSample[]>();
  for (const sample of samples) {
    const day = sample.time.slice(0, 10);
    byDay.set(day, [...(byDay.get(day) ?? []), sample]);
  }
  for (const [day, list] of byDay) files.set(`history/${day}.jsonl`, samplesToJsonl(list));
  contentsOf(repo).branches.set('status-data', { head: 'c0ffee'.padEnd(40, '0'), files, commits: [] });

  const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const labels = ['incident', 'sev2', 'status:investigating', 'source:smoke-test'];
  const openedAt = last - 2 * HALF_HOUR;
  const open = repo.addIssue({
    title: '[SEV2] Checkout returns 502',
    labels,
    body: [
      '<!-- shipshape:fingerprint=checkout-returns-502 -->',
      `<!-- shipshape:facts {"fingerprint":"checkout-returns-502","severity":"sev2","source":"smoke-test","detectedAt":"${iso(openedAt)}","update":"a1"} -->`,
      'Checkout answers 502.',
    ].join('\n'),
    createdAt: iso(openedAt),
    updatedAt: iso(openedAt),
  });
  repo.addComment(
    open,
    `<!-- shipshape:update {"id":"b2","kind":"acknowledged","at":"${iso(openedAt + 10 * 60_000)}","by":"octocat"} -->\nAcknowledged by @octocat.`,
  );
  // A comment by someone else cannot add to the timeline.
  repo.addComment(
    open,
    `<!-- shipshape:update {"id":"x","kind":"resolved","at":"${iso(openedAt)}"} -->\nfake`,
    'mallory',
  );
  const resolvedAt = today - 12 * DAY + 7 * 3_600_000;
  const resolved = repo.addIssue({
    title: '[SEV1] Checkout down',
    labels: ['incident', 'sev1', 'status:resolved', 'source:smoke-test'],
    body: '<!-- shipshape:fingerprint=checkout-down -->\nCheckout is down.',
    state: 'closed',
    stateReason: 'completed',
    createdAt: iso(today - 12 * DAY),
    updatedAt: iso(resolvedAt),
    closedAt: iso(resolvedAt),
  });
  const review = repo.addIssue({
    title: 'Post-incident review: Checkout down',
    labels: ['postmortem'],
    body: `<!-- shipshape:review-of=#${resolved.number} -->\n# Review`,
    createdAt: iso(resolvedAt),
    updatedAt: iso(resolvedAt),
  });
  // Resolved long before the window: not in the history.
  repo.addIssue({
    title: '[SEV3] Old thing',
    labels: ['incident', 'sev3', 'status:resolved'],
    body: '<!-- shipshape:fingerprint=old-thing -->',
    state: 'closed',
    stateReason: 'completed',
    createdAt: iso(today - 200 * DAY),
    updatedAt: iso(today - 199 * DAY),
    closedAt: iso(today - 199 * DAY),
  });
  return {
    samples,
    openRecord: open.number,
    resolvedRecord: resolved.number,
    review: review.number,
    expectedUptime: Object.fromEntries(Object.entries(tally).map(([check, t]) => [check, cut(t.passed, t.counted)])),
  };
}
