// The audit record: outputs, the report JSON and the job summary, exactly as a user sees them.
import { describe, expect, it } from 'vitest';
import type { Decision } from '../../actions/deploy-gate/src/result.ts';
import { outputsFor, reportJson, summaryFor } from '../../actions/deploy-gate/src/summary.ts';

const target = '2'.repeat(40);
const active = '4'.repeat(40);
const rollback: Decision = {
  mode: 'rollback',
  sha: target,
  environment: 'production',
  allowed: false,
  blockedBy: ['checks'],
  gates: [
    {
      name: 'checks',
      ok: false,
      outcome: 'pending',
      detail: 'gave up waiting for: e2e (queued) (waited 5m)',
      detailMarkdown: 'gave up waiting for: [e2e](https://github.com/o/r/runs/9) (queued) (waited 5m)',
    },
  ],
  previousSha: active,
  reason: 'checkout | 5xx',
  actor: 'octocat',
  dryRun: false,
  links: {
    commit: `https://github.com/o/r/commit/${target}`,
    compare: `https://github.com/o/r/compare/${target}...${active}`,
    run: 'https://github.com/o/r/actions/runs/42',
  },
  polls: 21,
  waitedMs: 300_000,
};

describe('summary', () => {
  it('renders a rollback with its reason, range and the wait', () => {
    expect(summaryFor(rollback)).toBe(
      [
        '## Deploy gate: ❌ Rollback blocked by checks',
        '',
        '| | gate | detail |',
        '| --- | --- | --- |',
        '| ⏳ | checks | gave up waiting for: [e2e](https://github.com/o/r/runs/9) (queued) (waited 5m) |',
        '',
        '| fact | value |',
        '| --- | --- |',
        `| Commit | [\`2222222\`](https://github.com/o/r/commit/${target}) |`,
        '| Environment | production |',
        '| Mode | rollback |',
        '| Triggered by | octocat |',
        '| Active deployment | `4444444` |',
        `| Rolling back | [2222222...4444444](https://github.com/o/r/compare/${target}...${active}) |`,
        '| Checks polled | 21 times over 5m |',
        '| Reason | checkout \\| 5xx |',
        '| Run | [workflow run](https://github.com/o/r/actions/runs/42) |',
      ].join('\n'),
    );
  });

  it('keeps plain text (no Markdown) in the report JSON and sets every output', () => {
    expect(JSON.parse(reportJson(rollback))).toEqual({
      sha: target,
      environment: 'production',
      mode: 'rollback',
      allowed: false,
      gates: [{ name: 'checks', ok: false, detail: 'gave up waiting for: e2e (queued) (waited 5m)' }],
    });
    expect(outputsFor(rollback)).toMatchObject({
      allowed: 'false',
      'blocked-by': 'checks',
      sha: target,
      'previous-sha': active,
      changed: undefined,
    });
  });
});
