// The incident action's pure rules: severity vocabulary, escalation, duplicate resolution, rendering.
import { describe, expect, it } from 'vitest';
import {
  BODY_LIMIT,
  DEFAULT_POSTMORTEM_TEMPLATE,
  deriveFingerprint,
  describeSeconds,
  fingerprintMarker,
  type IncidentFacts,
  matchingRecords,
  parseRecordFacts,
  planOpen,
  type RecordView,
  recordTitle,
  renderPostmortem,
  renderRecordBody,
  renderResolutionComment,
  renderReviewBody,
  renderTimelineComment,
  resolveDuplicates,
  unknownPlaceholders,
} from '../../actions/incident/src/record.ts';
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
};

function record(overrides: Partial<RecordView> = {}): RecordView {
  return {
    number: 7,
    title: '[SEV3] Checkout returns 502',
    body: fingerprintMarker('checkout-returns-502'),
    labels: ['incident', 'sev3', 'status:investigating'],
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
    expect(deriveFingerprint('!!!')).toBe('incident');
    expect(deriveFingerprint('x'.repeat(300))).toHaveLength(100);
  });

  it('matches only open records whose hidden marker carries the fingerprint, lowest first', () => {
    const records = [
      record({ number: 9 }),
      record({ number: 3 }),
      record({ number: 2, state: 'closed' }),
      record({ number: 4, body: fingerprintMarker('checkout-returns-502-eu') }),
      record({ number: 5, body: 'mentions checkout-returns-502 in prose only' }),
    ];
    expect(matchingRecords(records, 'checkout-returns-502').map((r) => r.number)).toEqual([3, 9]);
  });
});

describe('planOpen', () => {
  it('creates when no record is open', () => {
    expect(planOpen(undefined, 'sev2')).toEqual({ kind: 'create' });
  });

  it('adds to the record at the same severity', () => {
    expect(planOpen(record(), 'sev3')).toEqual({
      kind: 'update',
      record: record(),
      severity: 'sev3',
      requested: 'sev3',
    });
  });

  it('raises the severity when the new signal is more severe', () => {
    expect(planOpen(record(), 'sev1')).toMatchObject({ kind: 'update', severity: 'sev1', escalatedFrom: 'sev3' });
  });

  it('never lowers the severity', () => {
    expect(planOpen(record(), 'sev4')).toEqual({
      kind: 'update',
      record: record(),
      severity: 'sev3',
      requested: 'sev4',
    });
  });

  it('falls back to the title prefix when the sev label was removed', () => {
    expect(planOpen(record({ labels: ['incident'], title: '[SEV2] x' }), 'sev3')).toMatchObject({ severity: 'sev2' });
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

  it('round-trips its facts for the resolution', () => {
    const parsed = parseRecordFacts(body);
    expect(parsed.facts.Environment).toBe('production');
    expect(parsed.facts.Source).toBe('`smoke-test`');
    expect(parsed.summary).toBe('healthz: status was 502, expected 2xx');
  });
});

describe('timeline and resolution comments', () => {
  it('says when the severity was raised', () => {
    const plan = planOpen(record(), 'sev1');
    if (plan.kind !== 'update') throw new Error('expected update');
    const comment = renderTimelineComment({ ...facts, severity: 'sev1' }, plan);
    expect(comment).toContain('Seen again by `smoke-test` (sev1)');
    expect(comment).toContain('**Severity raised from sev3 to sev1.**');
    expect(comment).toContain('[workflow run](https://github.com/octo-org/shop/actions/runs/4242)');
  });

  it('says a lower severity does not downgrade the record', () => {
    const plan = planOpen(record(), 'sev4');
    if (plan.kind !== 'update') throw new Error('expected update');
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
      resolution: 'Rolled back to v41.',
      reviewNumber: 12,
      reviewDue: new Date('2026-11-28T10:05:30Z'),
    });
    expect(comment).toContain('**Time to resolve:** 2h 5m (7530 s)');
    expect(comment).toContain('Post-incident review: #12, due 2026-11-28.');
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
  });

  it('renders the record title with its severity prefix', () => {
    expect(recordTitle('[SEV3] Checkout', 'sev1')).toBe('[SEV1] Checkout');
    expect(recordTitle('Checkout', 'sev2')).toBe('[SEV2] Checkout');
  });
});
