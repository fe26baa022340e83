// The audit record: outputs, the report JSON and the job summary, exactly as a user sees them.
import { describe, expect, it } from 'vitest';
import { mdLink, mdText } from '../../actions/deploy-gate/src/markdown.ts';
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

describe('text in the summary', () => {
  it('escapes HTML and Markdown, a trailing backslash included, and leaves | to the table cell', () => {
    expect(mdText('<img src=x> & "q" \'s\'')).toBe('&lt;img src=x&gt; &amp; &quot;q&quot; &#39;s&#39;');
    expect(mdText('[a](https://evil) ![i](x) **b** _c_ `d` ~e~ \\')).toBe(
      '\\[a\\](https://evil) !\\[i\\](x) \\*\\*b\\*\\* \\_c\\_ \\`d\\` \\~e\\~ \\\\',
    );
  });

  it('links only https URLs that cannot leave the link', () => {
    expect(mdLink('build', 'https://ci.example.com/1')).toBe('[build](https://ci.example.com/1)');
    expect(mdLink('build', 'javascript:alert(1)')).toBe('build');
    expect(mdLink('build', 'http://ci.example.com/1')).toBe('build');
    expect(mdLink('build', 'https://x.example/a) [y](https://evil')).toBe('build');
    expect(mdLink('<b>', null)).toBe('&lt;b&gt;');
  });

  it('escapes plain gate details, the environment, the actor and the reason', () => {
    const summary = summaryFor({
      ...rollback,
      environment: 'prod<script>',
      actor: 'evil_[x]',
      reason: '<b>now</b> | [x](y)',
      gates: [{ name: 'checks', ok: false, outcome: 'fail', detail: 'cannot read the checks: <i>x</i> *y*' }],
    });
    expect(summary).toContain('| ❌ | checks | cannot read the checks: &lt;i&gt;x&lt;/i&gt; \\*y\\* |');
    expect(summary).toContain('| Environment | prod&lt;script&gt; |');
    expect(summary).toContain('| Triggered by | evil\\_\\[x\\] |');
    expect(summary).toContain('| Reason | &lt;b&gt;now&lt;/b&gt; \\| \\[x\\](y) |');
  });
});
