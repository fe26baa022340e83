// Approvals, integrity, backup, incidents and freeze as pure functions of gathered facts.
import { describe, expect, it } from 'vitest';
import { activeFreezes, freezeWindowsSchema } from '../../actions/deploy-gate/src/freeze.ts';
import {
  choosePull,
  judgeApprovals,
  judgeBackup,
  judgeFreeze,
  judgeIncidents,
  judgeIntegrity,
  type ReviewFact,
} from '../../actions/deploy-gate/src/gates.ts';
import type { BackupManifest } from '../../src/kernel/backup-manifest.ts';
import { parseYaml } from '../../src/kernel/inputs.ts';

const pull = { number: 7, url: 'https://github.com/o/r/pull/7', merged: true, state: 'closed' };
let id = 1;
const review = (user: string, state: string, minute: number): ReviewFact => ({
  id: id++,
  user,
  state,
  submittedAt: `2026-12-01T01:${String(minute).padStart(2, '0')}:00Z`,
});

describe('approvals', () => {
  it('prefers the merged pull request, then the oldest', () => {
    const open = { ...pull, number: 3, merged: false, state: 'open' };
    expect(choosePull([open, pull])?.number).toBe(7);
    expect(choosePull([{ ...open, number: 9 }, open])?.number).toBe(3);
    expect(choosePull([])).toBeUndefined();
  });

  it('counts each reviewer once, by their latest approval or change request', () => {
    const result = judgeApprovals(
      pull,
      [review('alice', 'APPROVED', 1), review('alice', 'APPROVED', 2), review('alice', 'COMMENTED', 3)],
      2,
    );
    expect(result).toMatchObject({ ok: false, detail: '#7: 1 of 2 approval(s) (alice)' });
  });

  it('blocks on a standing change request, even with enough approvals', () => {
    const result = judgeApprovals(
      pull,
      [review('alice', 'APPROVED', 1), review('bob', 'APPROVED', 2), review('bob', 'CHANGES_REQUESTED', 3)],
      1,
    );
    expect(result).toMatchObject({ ok: false, detail: '#7: changes requested by bob; 1 of 1 approval(s) (alice)' });
    expect(result.detailMarkdown).toContain('[#7](https://github.com/o/r/pull/7)');
  });

  it('clears a change request when the same reviewer later approves, or it is dismissed', () => {
    expect(judgeApprovals(pull, [review('bob', 'CHANGES_REQUESTED', 1), review('bob', 'APPROVED', 2)], 1).ok).toBe(
      true,
    );
    expect(judgeApprovals(pull, [review('bob', 'CHANGES_REQUESTED', 1), review('bob', 'DISMISSED', 2)], 0).ok).toBe(
      true,
    );
  });

  it('orders reviews by submission time, not by the order given', () => {
    expect(judgeApprovals(pull, [review('bob', 'APPROVED', 9), review('bob', 'CHANGES_REQUESTED', 1)], 1).ok).toBe(
      true,
    );
  });

  it('blocks a commit that no pull request brought', () => {
    expect(judgeApprovals(undefined, [], 1)).toMatchObject({
      ok: false,
      detail: 'no pull request brought this commit; 1 approval(s) required',
    });
  });
});

describe('integrity', () => {
  const policy = { path: '$.scores.mii', min: 0.95, warn: 0.97 };
  const doc = (mii: unknown) => ({ kind: 'document' as const, document: { scores: { mii } }, source: 'x' });

  it.each([
    [0.91, 'fail', '$.scores.mii was 0.91, expected >= 0.95'],
    [0.95, 'warn', '$.scores.mii was 0.95, expected >= 0.97 (warning; the minimum is 0.95)'],
    [0.969, 'warn', '$.scores.mii was 0.969, expected >= 0.97 (warning; the minimum is 0.95)'],
    [0.97, 'pass', '$.scores.mii was 0.97, expected >= 0.95, warn below 0.97'],
    ['0.99', 'fail', '$.scores.mii was "0.99", expected >= 0.95'],
    [null, 'fail', '$.scores.mii was null, expected >= 0.95'],
    ['NaN', 'fail', '$.scores.mii was "NaN", expected >= 0.95'],
    ['Infinity', 'fail', '$.scores.mii was "Infinity", expected >= 0.95'],
    [Number.POSITIVE_INFINITY, 'fail', '$.scores.mii was Infinity, expected a finite number >= 0.95'],
    [Number.NaN, 'fail', '$.scores.mii was NaN, expected a finite number >= 0.95'],
  ])('a score of %j is %s', (score, outcome, detail) => {
    expect(judgeIntegrity(doc(score), policy, [])).toMatchObject({ outcome, detail });
  });

  it('fails closed when the score is missing or the source unreadable, with secrets redacted', () => {
    expect(judgeIntegrity({ kind: 'document', document: {}, source: 'x' }, policy, []).detail).toBe(
      '$.scores.mii is missing, expected >= 0.95',
    );
    const unreadable = judgeIntegrity(
      { kind: 'unreadable', source: 'https://q.example/s.json', problem: 'not JSON (token hunter2x in "hunter2x")' },
      policy,
      ['hunter2x'],
    );
    expect(unreadable).toMatchObject({ ok: false, detail: 'https://q.example/s.json: not JSON (token *** in "***")' });
  });

  it('passes without a warn level at or above the minimum', () => {
    expect(judgeIntegrity(doc(0.95), { path: '$.scores.mii', min: 0.95 }, [])).toMatchObject({
      outcome: 'pass',
      detail: '$.scores.mii was 0.95, expected >= 0.95',
    });
  });
});

describe('backup', () => {
  const now = new Date('2026-12-01T12:00:00Z');
  const manifest = (createdAt: string, verified: boolean, suffix = 'abcd'): BackupManifest => ({
    version: 1,
    id: `${createdAt.replace(/[-:]/g, '').slice(0, 15)}Z-${suffix}`,
    name: 'db',
    createdAt,
    completedAt: createdAt,
    source: { type: 'postgres' },
    file: 'x',
    sizeBytes: 1,
    sha256: 'a'.repeat(64),
    compression: 'gzip',
    encryption: null,
    verified,
  });

  it('judges the newest verified backup, ignoring newer unverified ones', () => {
    const result = judgeBackup(
      {
        kind: 'listed',
        where: '/b/db',
        manifests: [manifest('2026-12-01T09:00:00Z', true), manifest('2026-12-01T11:30:00Z', false)],
        broken: [],
      },
      'db',
      now,
      24 * 3_600_000,
    );
    expect(result).toMatchObject({
      ok: true,
      detail: 'newest verified backup 20261201T090000Z-abcd is 3h old (created 2026-12-01T09:00:00Z), limit 1d',
    });
  });

  it('blocks when the newest verified backup is too old, or there is none', () => {
    const old = {
      kind: 'listed' as const,
      where: '/b/db',
      manifests: [manifest('2026-11-29T12:00:00Z', true)],
      broken: [],
    };
    expect(judgeBackup(old, 'db', now, 24 * 3_600_000).ok).toBe(false);
    const unverified = {
      kind: 'listed' as const,
      where: '/b/db',
      manifests: [manifest('2026-12-01T11:00:00Z', false)],
      broken: [{ file: '/b/db/x.manifest.json', error: 'not JSON' }],
    };
    expect(judgeBackup(unverified, 'db', now, 24 * 3_600_000).detail).toBe(
      'no verified backup of db in /b/db (1 unverified); 1 unreadable manifest(s) ignored',
    );
    expect(judgeBackup({ kind: 'unreadable', where: 's3://b/db', problem: 'Access Denied' }, 'db', now, 1).detail).toBe(
      's3://b/db: Access Denied',
    );
  });

  it('blocks when the newest verified backup was created in the future (beyond 5 minutes of clock skew)', () => {
    const listed = (createdAt: string) => ({
      kind: 'listed' as const,
      where: '/b/db',
      manifests: [manifest('2026-12-01T09:00:00Z', true), manifest(createdAt, true, 'futr')],
      broken: [],
    });
    expect(judgeBackup(listed('2026-12-03T13:00:00Z'), 'db', now, 24 * 3_600_000)).toEqual({
      name: 'backup',
      ok: false,
      outcome: 'fail',
      detail:
        'newest verified backup 20261203T130000Z-futr was created 2d 1h in the future (2026-12-03T13:00:00Z): its time cannot be trusted',
    });
    // Ordinary skew between the writer's clock and the runner's is tolerated.
    expect(judgeBackup(listed('2026-12-01T12:05:00Z'), 'db', now, 24 * 3_600_000)).toMatchObject({
      ok: true,
      detail: 'newest verified backup 20261201T120500Z-futr is 0ms old (created 2026-12-01T12:05:00Z), limit 1d',
    });
    expect(judgeBackup(listed('2026-12-01T12:05:01Z'), 'db', now, 24 * 3_600_000).ok).toBe(false);
  });
});

describe('incidents', () => {
  const issue = (number: number, labels: string[]) => ({
    number,
    title: `Incident ${number}`,
    url: `https://github.com/o/r/issues/${number}`,
    labels,
  });
  it('blocks on open incidents with a blocking severity, in any spelling of it', () => {
    const result = judgeIncidents(
      [issue(4, ['incident', 'sev3']), issue(2, ['incident', 'P0']), issue(9, ['incident', 'sev1'])],
      ['sev1'],
    );
    expect(result).toMatchObject({ ok: false, detail: 'open sev1 incident(s): #2 Incident 2; #9 Incident 9' });
    expect(result.detailMarkdown).toBe(
      'open sev1 incident(s): [#2](https://github.com/o/r/issues/2) Incident 2; [#9](https://github.com/o/r/issues/9) Incident 9',
    );
  });
  it('needs the incident label too, and passes without blocking ones', () => {
    expect(judgeIncidents([issue(1, ['sev1']), issue(2, ['incident', 'sev2'])], ['sev1'])).toMatchObject({
      ok: true,
      detail: 'no open sev1 incident (2 open incident(s) in all)',
    });
  });
});

describe('freeze', () => {
  const [weekend, holidays] = freezeWindowsSchema().parse([
    { start: '0 16 * * 5', end: '0 8 * * 1', timezone: 'Europe/Berlin', reason: 'weekend' },
    { from: '2026-12-24T00:00:00Z', to: '2026-12-27T00:00:00Z' },
  ]);

  it('reads both shapes, with UTC as the default time zone of a cron pair', () => {
    expect(
      freezeWindowsSchema().parse([
        { start: '0 16 * * 5', end: '0 8 * * 1', reason: 2026 },
        { from: '2026-12-24T00:00:00Z', to: '2026-12-27T00:00:00Z' },
      ]),
    ).toEqual([
      { kind: 'cron', start: '0 16 * * 5', end: '0 8 * * 1', timezone: 'UTC', reason: '2026' },
      { kind: 'absolute', from: new Date('2026-12-24T00:00:00Z'), to: new Date('2026-12-27T00:00:00Z') },
    ]);
  });

  it.each([
    ['2026-12-04T14:59:00Z', false], // Friday 15:59 in Berlin
    ['2026-12-04T15:00:00Z', true], // Friday 16:00 in Berlin: the start itself counts
    ['2026-12-06T12:00:00Z', true], // Sunday
    ['2026-12-07T06:59:59Z', true], // Monday 07:59:59 in Berlin
    ['2026-12-07T07:00:00Z', false], // Monday 08:00 in Berlin
    ['2026-12-09T12:00:00Z', false], // Wednesday
  ])('the weekend cron window at %s is active: %s', (time, active) => {
    expect(activeFreezes([weekend], new Date(time)).length > 0).toBe(active);
  });

  it('follows the time zone across daylight saving time', () => {
    // Berlin is UTC+2 in summer: Friday 16:00 is 14:00 UTC.
    expect(activeFreezes([weekend], new Date('2026-07-03T14:00:00Z'))).toHaveLength(1);
    expect(activeFreezes([weekend], new Date('2026-07-03T13:59:00Z'))).toHaveLength(0);
  });

  it('treats absolute windows as [from, to)', () => {
    expect(activeFreezes([holidays], new Date('2026-12-24T00:00:00Z'))).toHaveLength(1);
    expect(activeFreezes([holidays], new Date('2026-12-27T00:00:00Z'))).toHaveLength(0);
  });

  it('blocks, passes a rollback, and passes an override recording who and why', () => {
    const now = new Date('2026-12-25T10:00:00Z');
    const base = { windows: [holidays], override: false, rollback: false };
    expect(judgeFreeze(base, now)).toMatchObject({
      outcome: 'fail',
      detail: 'freeze active: 2026-12-24T00:00:00Z → 2026-12-27T00:00:00Z until 2026-12-27T00:00:00Z',
    });
    expect(judgeFreeze({ ...base, rollback: true }, now).outcome).toBe('pass');
    expect(judgeFreeze({ ...base, override: true, actor: 'octocat', reason: 'payment fix' }, now)).toMatchObject({
      outcome: 'warn',
      ok: true,
      detail: expect.stringContaining('overridden by octocat: payment fix'),
    });
    expect(judgeFreeze(base, new Date('2026-12-28T00:00:00Z'))).toMatchObject({ outcome: 'pass' });
  });

  it.each([
    [
      '- {start: "0 16 * * 5", end: "0 8 * * 1", timezone: Mars/Olympus}',
      '[0].timezone (line 1): "Mars/Olympus" is not an IANA time zone (e.g. Europe/Berlin)',
    ],
    [
      '- {start: "0 25 * * 5", end: "0 8 * * 1"}',
      '[0].start (line 1): "0 25 * * 5" is not a cron expression of five fields (minute hour day month weekday):',
    ],
    ['- {start: "0 16 * * 5 *", end: "0 8 * * 1"}', '[0].start (line 1): "0 16 * * 5 *" is not a cron expression'],
    ['- start: "0 16 * * 5"', '[0].end (line 1): expected a cron expression of five fields such as "0 16 * * 5"'],
    [
      '- {from: "2026-12-24", to: "2026-12-27T00:00:00Z"}',
      '[0].from (line 1): expected a time with a zone, e.g. 2026-12-24T00:00:00Z',
    ],
    ['- {from: "2026-12-27T00:00:00Z", to: "2026-12-24T00:00:00Z"}', '[0].to (line 1): must be later than from'],
    ["- from: '2026-12-24T00:00:00Z'\n  to: '2026-12-27T00:00:00Z'\n  tz: x", "[0] (line 3): unknown key 'tz'"],
    ['- weekends', '[0] (line 1): expected a window: {start, end, timezone, reason} (cron pair) or {from, to, reason}'],
    [
      '- {reason: x}',
      '[0] (line 1): expected a window: {start, end, timezone, reason} (cron pair) or {from, to, reason}',
    ],
  ])('refuses %j', (text, message) => {
    const parsed = parseYaml(text, freezeWindowsSchema());
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.errors[0]).toContain(message);
  });
});
