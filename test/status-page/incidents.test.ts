// What the page shows of an incident record: state from labels and marks, the timeline from the
// author's update comments only, the review link; and text from records and configs stays text.
import { describe, expect, it } from 'vitest';
import { bareTitle, incidentView, type RecordFacts, reviewOf } from '../../actions/status-page/src/incidents.ts';
import { renderIndex } from '../../actions/status-page/src/site.ts';
import { summarise } from '../../actions/status-page/src/status.ts';

function record(fields: Partial<RecordFacts> = {}): RecordFacts {
  return {
    number: 12,
    title: '[SEV2] Checkout returns 502',
    htmlUrl: 'https://github.com/octo-org/shop/issues/12',
    state: 'open',
    labels: ['incident', 'sev2', 'status:investigating'],
    body: [
      '<!-- shipshape:fingerprint=checkout-returns-502 -->',
      '<!-- shipshape:facts {"fingerprint":"checkout-returns-502","severity":"sev2","detectedAt":"2026-12-01T09:00:00.000Z"} -->',
      'text',
    ].join('\n'),
    author: 'github-actions[bot]',
    createdAt: '2026-12-01T09:00:05Z',
    comments: [],
    ...fields,
  };
}

const mark = (json: string, author = 'github-actions[bot]') => ({
  author,
  body: `<!-- shipshape:update ${json} -->\nbody`,
  createdAt: '2026-12-01T10:00:00Z',
});

describe('incidentView', () => {
  it('reads fingerprint, severity, detection time and an investigating state', () => {
    expect(incidentView(record())).toEqual({
      number: 12,
      title: 'Checkout returns 502',
      url: 'https://github.com/octo-org/shop/issues/12',
      severity: 'sev2',
      fingerprint: 'checkout-returns-502',
      state: 'investigating',
      createdAt: '2026-12-01T09:00:00.000Z',
      timeline: [{ at: '2026-12-01T09:00:00.000Z', state: 'investigating', text: 'Detected' }],
    });
  });

  it("builds the timeline from the author's update marks and ignores everyone else's", () => {
    const view = incidentView(
      record({
        comments: [
          mark('{"id":"a","kind":"seen","at":"2026-12-01T09:30:00.000Z"}'),
          mark('{"id":"b","kind":"acknowledged","at":"2026-12-01T09:40:00.000Z","by":"octocat"}'),
          mark('{"id":"c","kind":"resolved","at":"2026-12-01T09:45:00.000Z"}', 'mallory'),
          { author: 'github-actions[bot]', body: 'a plain comment', createdAt: '2026-12-01T09:50:00Z' },
        ],
      }),
    );
    expect(view.state).toBe('identified');
    expect(view.timeline.map((entry) => `${entry.at} ${entry.state} ${entry.text}`)).toEqual([
      '2026-12-01T09:00:00.000Z investigating Detected',
      '2026-12-01T09:30:00.000Z investigating Seen again',
      '2026-12-01T09:40:00.000Z identified Acknowledged by octocat',
    ]);
  });

  it('is monitoring with status:mitigated and resolved when closed, linking its review', () => {
    expect(incidentView(record({ labels: ['incident', 'sev3', 'status:mitigated'] })).state).toBe('monitoring');
    const closed = incidentView(
      record({ state: 'closed', labels: ['incident', 'sev1', 'status:resolved'], closedAt: '2026-12-01T11:00:00Z' }),
      { number: 13, htmlUrl: 'https://github.com/octo-org/shop/issues/13', body: '<!-- shipshape:review-of=#12 -->' },
    );
    expect(closed).toMatchObject({
      state: 'resolved',
      severity: 'sev1',
      resolvedAt: '2026-12-01T11:00:00Z',
      reviewUrl: 'https://github.com/octo-org/shop/issues/13',
      reviewNumber: 13,
    });
    expect(closed.timeline.at(-1)).toEqual({ at: '2026-12-01T11:00:00Z', state: 'resolved', text: 'Resolved' });
  });

  it('takes a record without markers (opened by hand) as sev3 detected when it was opened', () => {
    const view = incidentView(record({ labels: ['incident'], body: 'no markers' }));
    expect(view).toMatchObject({ severity: 'sev3', createdAt: '2026-12-01T09:00:05Z' });
    expect(view.fingerprint).toBeUndefined();
  });
});

describe('reviewOf and bareTitle', () => {
  it('finds the reviewed record on the first line only', () => {
    expect(reviewOf('<!-- shipshape:review-of=#7 -->\n# Review')).toBe(7);
    expect(reviewOf('# Review\n<!-- shipshape:review-of=#7 -->')).toBeUndefined();
  });
  it('drops the severity prefix', () => {
    expect(bareTitle('[SEV1] Down')).toBe('Down');
    expect(bareTitle('Down [SEV1]')).toBe('Down [SEV1]');
  });
});

describe('renderIndex', () => {
  it('shows names, titles and descriptions as text, never as markup', () => {
    const model = summarise({
      title: '<script>alert(1)</script>',
      checks: [{ name: 'x', title: '<img src=x onerror=alert(1)>', description: '"quoted" & <b>', fingerprints: [] }],
      samples: [],
      periods: [],
      incidents: [
        incidentView(
          record({
            title: '[SEV2] <a href="javascript:alert(1)">click</a>',
            htmlUrl: 'https://github.com/o/r/issues/12"onmouseover="x',
          }),
        ),
      ],
      now: new Date('2026-12-01T12:00:00Z'),
      days: 90,
      intervalMs: 900_000,
    });
    const html = renderIndex(model);
    expect(html).not.toMatch(/<script>|<img|<a href="javascript|<b>/);
    expect(html).toContain('<title>&lt;script&gt;alert(1)&lt;/script&gt;</title>');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('&quot;quoted&quot; &amp; &lt;b&gt;');
    expect(html).toContain('href="https://github.com/o/r/issues/12&quot;onmouseover=&quot;x"');
    expect(html).not.toContain('<script');
    expect(html).toContain('no sample has been recorded yet');
  });
});
