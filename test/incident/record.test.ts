// The incident action's pure rules: severity vocabulary, fingerprints in every script, markers that
// only this action can write, escalation, duplicate resolution, rendering and the review.
import { describe, expect, it } from 'vitest';
import { deriveFingerprint, FINGERPRINT_PATTERN } from '../../actions/incident/src/fingerprint.ts';
import {
  factsMarker,
  fingerprintMarker,
  neutralize,
  readUpdateMark,
  recordFingerprint,
  reviewOf,
  storedFacts,
  updateMarker,
} from '../../actions/incident/src/markers.ts';
import {
  matchingRecords,
  planSighting,
  type RecordView,
  recordTitle,
  resolveDuplicates,
} from '../../actions/incident/src/plan.ts';
import {
  DEFAULT_POSTMORTEM_TEMPLATE,
  renderPostmortem,
  renderReviewBody,
  renderSummaries,
  renderTimeline,
  unknownPlaceholders,
} from '../../actions/incident/src/postmortem.ts';
import {
  BODY_LIMIT,
  describeSeconds,
  type IncidentFacts,
  recordSummary,
  renderRecordBody,
  renderResolutionComment,
  renderTimelineComment,
} from '../../actions/incident/src/render.ts';
import { labelSpec, relabel } from '../../src/kernel/incident-labels.ts';
import { canonicalSeverity, isMoreSevere, severityFromLabels } from '../../src/kernel/severity.ts';

const facts: IncidentFacts = {
  title: 'Checkout returns 502',
  severity: 'sev2',
  fingerprint: 'checkout-returns-502',
  source: 'smoke-test',
  environment: 'production',
  summary: 'healthz: status was 502, expected 2xx',
  at: new Date('2026-11-25T09:42:13Z'),
  commit: '6dcb09b5b57875f334f61aebed695e2e4193db5e',
  runUrl: 'https://github.com/octo-org/shop/actions/runs/4242',
  repository: 'octo-org/shop',
  serverUrl: 'https://github.com',
  updateId: 'u1',
};

function record(overrides: Partial<RecordView> = {}): RecordView {
  return {
    number: 7,
    title: '[SEV3] Checkout returns 502',
    body: fingerprintMarker('checkout-returns-502'),
    labels: ['incident', 'sev3', 'status:investigating'],
    assignees: [],
    author: 'github-actions[bot]',
    createdAt: '2026-11-25T08:00:00Z',
    htmlUrl: 'https://github.com/octo-org/shop/issues/7',
    state: 'open',
    ...overrides,
  };
}

describe('severity', () => {
  it.each([
    ['sev1', 'sev1'],
    ['SEV2', 'sev2'],
    ['p0', 'sev1'],
    ['P1', 'sev2'],
    ['p2', 'sev3'],
    ['p3', 'sev4'],
    ['critical', 'sev1'],
    ['High', 'sev2'],
    ['medium', 'sev3'],
    ['low', 'sev4'],
  ])('reads %s as %s', (text, canonical) => {
    expect(canonicalSeverity(text)).toBe(canonical);
  });

  it.each(['sev0', 'sev5', 'p4', 'urgent', ''])('refuses %j', (text) => {
    expect(canonicalSeverity(text)).toBeUndefined();
  });

  it('orders sev1 as the most severe', () => {
    expect(isMoreSevere('sev1', 'sev2')).toBe(true);
    expect(isMoreSevere('sev4', 'sev3')).toBe(false);
    expect(isMoreSevere('sev2', 'sev2')).toBe(false);
  });

  it('takes the most severe sev label of a record', () => {
    expect(severityFromLabels(['incident', 'sev3', 'SEV2'])).toBe('sev2');
    expect(severityFromLabels(['incident'])).toBeUndefined();
  });

  it('describes each severity label with its response target', () => {
    expect(labelSpec('sev1')?.description).toContain('15 min');
    expect(labelSpec('sev2')?.description).toContain('1 h');
    expect(labelSpec('sev3')?.description).toContain('4 h');
    expect(labelSpec('sev4')?.description).toContain('24 h');
    expect(labelSpec('source:backup')).toMatchObject({
      name: 'source:backup',
      color: expect.stringMatching(/^[0-9a-f]{6}$/),
    });
    expect(labelSpec('team-payments')).toBeUndefined();
  });
});

describe('fingerprints', () => {
  it('derives a stable slug from the title', () => {
    expect(deriveFingerprint('Checkout 5xx rate > 2%')).toBe('checkout-5xx-rate-2');
    expect(deriveFingerprint('  Checkout   5XX rate > 2% ')).toBe('checkout-5xx-rate-2');
    expect(deriveFingerprint('Café en panne')).toBe('cafe-en-panne');
    expect(deriveFingerprint('x'.repeat(300))).toHaveLength(100);
  });

  it('keeps letters and digits of every script, so titles in three scripts are three records', () => {
    expect(deriveFingerprint('Платежи не работают')).toBe('платежи-не-работают');
    expect(deriveFingerprint('支付失败')).toBe('支付失败');
    expect(deriveFingerprint('Οι πληρωμές απέτυχαν')).toBe('οι-πληρωμές-απέτυχαν');
    expect(deriveFingerprint('भुगतान विफल 2')).toBe('भुगतान-विफल-2');
  });

  it('gives a title without letters or digits a stable hash, not one shared key', () => {
    expect(deriveFingerprint('🔥🔥')).toBe(deriveFingerprint('🔥🔥'));
    expect(deriveFingerprint('🔥🔥')).toMatch(/^incident-[0-9a-f]{12}$/);
    expect(deriveFingerprint('💥')).not.toBe(deriveFingerprint('🔥🔥'));
  });

  it('derives only fingerprints the input accepts and the marker can carry', () => {
    for (const title of ['Платежи не работают', '支付失败', '🔥', 'a --> b', 'x'.repeat(300)]) {
      const fingerprint = deriveFingerprint(title);
      expect(fingerprint).toMatch(FINGERPRINT_PATTERN);
      expect(recordFingerprint(fingerprintMarker(fingerprint))).toBe(fingerprint);
    }
    expect(FINGERPRINT_PATTERN.test('a-->b')).toBe(false);
  });

  it('matches only open records whose first body line is the marker, lowest first', () => {
    const records = [
      record({ number: 9 }),
      record({ number: 3 }),
      record({ number: 2, state: 'closed' }),
      record({ number: 4, body: fingerprintMarker('checkout-returns-502-eu') }),
      record({ number: 5, body: 'mentions checkout-returns-502 in prose only' }),
      record({ number: 6, body: `A summary quoting\n${fingerprintMarker('checkout-returns-502')}` }),
    ];
    expect(matchingRecords(records, 'checkout-returns-502').map((r) => r.number)).toEqual([3, 9]);
  });
});

describe('markers', () => {
  it('round-trips the hidden facts and ignores them anywhere but the second line', () => {
    const stored = {
      fingerprint: 'fp',
      severity: 'sev2' as const,
      source: 'smoke-test',
      environment: 'prod --> <b>',
      commit: 'abc',
      detectedAt: '2026-11-25T09:42:13.000Z',
      update: 'u1',
    };
    const marker = factsMarker(stored);
    expect(marker).not.toMatch(/-->.*-->/);
    expect(storedFacts(`${fingerprintMarker('fp')}\n${marker}\nrest`)).toEqual({ ...stored, runUrl: undefined });
    expect(storedFacts(`${fingerprintMarker('fp')}\ntext\n${marker}`)).toBeUndefined();
    expect(storedFacts(marker)).toBeUndefined();
  });

  it('reads an update mark only from a comment’s first line', () => {
    const mark = { id: 'abc', kind: 'seen' as const, at: '2026-11-25T09:42:13.000Z', severity: 'sev1' as const };
    expect(readUpdateMark(`${updateMarker(mark)}\nbody`)).toEqual(mark);
    expect(readUpdateMark(`quoted:\n${updateMarker(mark)}`)).toBeUndefined();
  });

  it('neutralises comment openers and closers in user text', () => {
    const forged = `${fingerprintMarker('other')} <!-- hidden --> x --!>`;
    expect(neutralize(forged)).toBe('&lt;!-- shipshape:fingerprint=other --&gt; &lt;!-- hidden --&gt; x --!&gt;');
  });

  it('names the record a review belongs to from its first line only', () => {
    expect(reviewOf('<!-- shipshape:review-of=#12 -->\nPost-incident review')).toBe(12);
    expect(reviewOf('Post-incident review\n<!-- shipshape:review-of=#12 -->')).toBeUndefined();
  });
});

describe('planSighting', () => {
  it('adds to the record at the same severity', () => {
    expect(planSighting(record(), 'sev3')).toEqual({ severity: 'sev3', requested: 'sev3' });
  });

  it('raises the severity when the new signal is more severe', () => {
    expect(planSighting(record(), 'sev1')).toEqual({ severity: 'sev1', escalatedFrom: 'sev3', requested: 'sev1' });
  });

  it('never lowers the severity', () => {
    expect(planSighting(record(), 'sev4')).toEqual({ severity: 'sev3', requested: 'sev4' });
  });

  it('falls back to the title prefix when the sev label was removed', () => {
    expect(planSighting(record({ labels: ['incident'], title: '[SEV2] x' }), 'sev3')).toEqual({
      severity: 'sev2',
      requested: 'sev3',
    });
  });
});

describe('resolveDuplicates', () => {
  it('keeps our record when it has the lowest number', () => {
    expect(resolveDuplicates([12, 13], 12)).toEqual({ kept: 12, close: [] });
  });

  it('closes our record when another run created a lower one', () => {
    expect(resolveDuplicates([12, 13], 13)).toEqual({ kept: 12, close: [13] });
  });

  it('keeps our record when the re-list missed it', () => {
    expect(resolveDuplicates([], 40)).toEqual({ kept: 40, close: [] });
  });
});

describe('relabel', () => {
  it('keeps exactly one status and one severity, and every other label', () => {
    expect(relabel(['incident', 'sev3', 'status:investigating', 'team-a'], { severity: 'sev1' })).toEqual([
      'incident',
      'status:investigating',
      'team-a',
      'sev1',
    ]);
    expect(relabel(['incident', 'sev2', 'status:investigating', 'status:mitigated'], { status: 'resolved' })).toEqual([
      'incident',
      'sev2',
      'status:resolved',
    ]);
  });
});

describe('record body', () => {
  const body = renderRecordBody(facts, DEFAULT_POSTMORTEM_TEMPLATE);

  it('carries the hidden marker, the facts, the summary, the timeline, the checklist and the post-mortem', () => {
    expect(body.startsWith(fingerprintMarker('checkout-returns-502'))).toBe(true);
    expect(body).toContain('| Severity | **sev2** (High): respond within 1 h |');
    expect(body).toContain('| Environment | production |');
    expect(body).toContain('| Detected at | 2026-11-25 09:42:13 UTC |');
    expect(body).toContain(
      '[`6dcb09b`](https://github.com/octo-org/shop/commit/6dcb09b5b57875f334f61aebed695e2e4193db5e)',
    );
    expect(body).toContain('healthz: status was 502, expected 2xx');
    expect(body).toMatch(
      /## Timeline\n\n- \*\*2026-11-25 09:42:13 UTC\*\* — Opened by `smoke-test` \(sev2\) in production/,
    );
    for (const item of [
      'Acknowledge (within 1 h)',
      'Mitigate',
      'Root cause identified (within 1 h of mitigation)',
      'Incident report written (within 4 h)',
      'Prevention measures agreed (within 24 h)',
    ]) {
      expect(body).toContain(`- [ ] ${item}`);
    }
    for (const section of [
      'Summary',
      'Impact',
      'Root causes',
      'Trigger',
      'Detection',
      'Resolution',
      'What went well',
      'What went wrong',
      'Where we got lucky',
      'Action items',
      'Timeline (UTC)',
    ]) {
      expect(body).toContain(`### ${section}`);
    }
    expect(body).not.toMatch(/\{\{/);
  });

  it('fills the post-mortem with what the automation knows', () => {
    expect(body).toContain(
      'Detected by `smoke-test` at 2026-11-25 09:42:13 UTC; run: https://github.com/octo-org/shop/actions/runs/4242',
    );
  });

  it('cuts a huge summary to stay under GitHub’s limit and links the run', () => {
    const huge = renderRecordBody({ ...facts, summary: 'x'.repeat(200_000) }, DEFAULT_POSTMORTEM_TEMPLATE);
    expect(huge.length).toBeLessThanOrEqual(BODY_LIMIT);
    expect(huge.length).toBeGreaterThan(BODY_LIMIT - 200);
    expect(huge).toContain('cut to fit GitHub');
    expect(huge).toContain('(https://github.com/octo-org/shop/actions/runs/4242)');
    expect(huge).toContain('## Follow-up');
  });

  it('keeps the facts resolve reads in the hidden block, not only in the editable table', () => {
    expect(body.split('\n')[1]).toBe(
      '<!-- shipshape:facts {"fingerprint":"checkout-returns-502","severity":"sev2","source":"smoke-test","environment":"production","commit":"6dcb09b5b57875f334f61aebed695e2e4193db5e","runUrl":"https://github.com/octo-org/shop/actions/runs/4242","detectedAt":"2026-11-25T09:42:13.000Z","update":"u1"} -->',
    );
    expect(storedFacts(body)?.environment).toBe('production');
    expect(recordSummary(body)).toBe('healthz: status was 502, expected 2xx');
  });

  it('cannot be steered by a summary or environment carrying markers or table rows', () => {
    const forged = renderRecordBody(
      {
        ...facts,
        environment: 'prod | Commit | evil',
        summary: `${fingerprintMarker('other')}\n<!-- shipshape:facts {"fingerprint":"other","detectedAt":"x"} -->`,
      },
      DEFAULT_POSTMORTEM_TEMPLATE,
    );
    expect(recordFingerprint(forged)).toBe('checkout-returns-502');
    expect(storedFacts(forged)?.environment).toBe('prod | Commit | evil');
    expect(forged).toContain('| Environment | prod \\| Commit \\| evil |');
    expect(forged.match(/<!-- shipshape:/g)).toHaveLength(2);
  });
});

describe('timeline and resolution comments', () => {
  it('says when the severity was raised', () => {
    const plan = planSighting(record(), 'sev1');
    const comment = renderTimelineComment({ ...facts, severity: 'sev1' }, plan);
    expect(comment).toContain('Seen again by `smoke-test` (sev1)');
    expect(comment).toContain('**Severity raised from sev3 to sev1.**');
    expect(comment).toContain('[workflow run](https://github.com/octo-org/shop/actions/runs/4242)');
  });

  it('says a lower severity does not downgrade the record', () => {
    const plan = planSighting(record(), 'sev4');
    expect(renderTimelineComment({ ...facts, severity: 'sev4' }, plan)).toContain(
      'Reported as sev4; the record stays sev3 (severity is never lowered automatically).',
    );
  });

  it('states short times to resolve in seconds only', () => {
    expect(describeSeconds(42)).toBe('42 s');
    expect(describeSeconds(7530)).toBe('2h 5m (7530 s)');
  });

  it('gives the time to resolve in words and seconds, and the review', () => {
    const comment = renderResolutionComment(facts, {
      createdAt: new Date('2026-11-25T08:00:00Z'),
      resolvedAt: new Date('2026-11-25T10:05:30Z'),
      seconds: 7530,
      resolution: 'Rolled back to v41.',
      reviewNumber: 12,
      reviewDue: new Date('2026-11-28T10:05:30Z'),
    });
    expect(comment).toContain('**Time to resolve:** 2h 5m (7530 s)');
    expect(comment).toContain('Post-incident review: #12, due 2026-11-28.');
    expect(readUpdateMark(comment)).toEqual({ id: 'u1', kind: 'resolved', at: '2026-11-25T10:05:30.000Z' });
    expect(comment).toContain('Rolled back to v41.');
  });
});

describe('post-mortem template', () => {
  it('finds unknown placeholders with their lines', () => {
    expect(unknownPlaceholders('# {{title}}\nowner: {{owner}}\n{{ severity }} {{sumary}}')).toEqual([
      { name: 'owner', line: 2 },
      { name: 'sumary', line: 3 },
    ]);
    expect(unknownPlaceholders(DEFAULT_POSTMORTEM_TEMPLATE)).toEqual([]);
  });

  it('fills known values and marks the rest pending', () => {
    expect(renderPostmortem('{{title}} / {{ resolution }}', { title: 'T' })).toBe('T / _pending_');
  });

  it('puts the due date on top of the review', () => {
    const review = renderReviewBody(
      '{{title}}',
      { title: 'T' },
      { number: 7, url: 'u' },
      new Date('2026-11-28T00:00:00Z'),
    );
    expect(review).toContain('Post-incident review for #7. **Due 2026-11-28**');
    expect(reviewOf(review)).toBe(7);
  });

  it('holds the whole timeline and every summary, also with a template that has no {{timeline}}', () => {
    const entries = [
      { at: new Date('2026-11-25T09:00:00Z'), what: 'Opened by smoke-test (sev2)', text: 'first | sighting' },
      { at: new Date('2026-11-25T09:30:00Z'), what: 'Seen again (sev1)', text: 'second\nsighting' },
      { at: new Date('2026-11-25T10:00:00Z'), what: 'Resolved' },
    ];
    const timeline = renderTimeline(entries);
    expect(timeline).toBe(
      [
        '| Time | Event |',
        '| --- | --- |',
        '| 2026-11-25 09:00:00 UTC | Opened by smoke-test (sev2): first \\| sighting |',
        '| 2026-11-25 09:30:00 UTC | Seen again (sev1): second⏎sighting |',
        '| 2026-11-25 10:00:00 UTC | Resolved |',
      ].join('\n'),
    );
    expect(renderSummaries(entries)).toBe(
      '**2026-11-25 09:00:00 UTC — Opened by smoke-test (sev2)**\n\nfirst | sighting\n\n**2026-11-25 09:30:00 UTC — Seen again (sev1)**\n\nsecond\nsighting',
    );
    const custom = renderReviewBody('# {{title}}', { title: 'T', timeline }, { number: 7, url: 'u' }, new Date());
    expect(custom).toContain(`### Timeline of #7 (UTC)\n${timeline}`);
  });

  it('renders the record title with its severity prefix', () => {
    expect(recordTitle('[SEV3] Checkout', 'sev1')).toBe('[SEV1] Checkout');
    expect(recordTitle('Checkout', 'sev2')).toBe('[SEV2] Checkout');
  });
});
