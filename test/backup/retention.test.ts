// Retention is restic 0.14's `forget` in UTC; these cases pin its semantics.
import { afterEach, describe, expect, it } from 'vitest';
import { bucketOf, isoWeek, planRetention, type RetentionCandidate } from '../../actions/backup/src/retention.ts';

const at = (iso: string, id = iso): RetentionCandidate => ({ id, createdAt: new Date(iso) });
const kept = (plan: ReturnType<typeof planRetention>) => plan.keep.map((backup) => backup.id);
const removed = (plan: ReturnType<typeof planRetention>) => plan.remove.map((backup) => backup.id);

function daily(from: string, to: string, hour = '03:00:00'): RetentionCandidate[] {
  const list: RetentionCandidate[] = [];
  for (
    let day = new Date(`${from}T${hour}Z`);
    day <= new Date(`${to}T${hour}Z`);
    day = new Date(day.getTime() + 86_400_000)
  ) {
    list.push(at(day.toISOString(), day.toISOString().slice(0, 10)));
  }
  return list;
}

describe('planRetention', () => {
  it('worked example: one a day 2024-01-01..2025-03-20 with daily 7, weekly 4, monthly 12 keeps exactly 20', () => {
    const backups = daily('2024-01-01', '2025-03-20');
    expect(backups).toHaveLength(445);
    const plan = planRetention(backups, { daily: 7, weekly: 4, monthly: 12 });
    expect(kept(plan)).toEqual([
      '2025-03-20',
      '2025-03-19',
      '2025-03-18',
      '2025-03-17',
      '2025-03-16',
      '2025-03-15',
      '2025-03-14',
      '2025-03-09',
      '2025-03-02',
      '2025-02-28',
      '2025-01-31',
      '2024-12-31',
      '2024-11-30',
      '2024-10-31',
      '2024-09-30',
      '2024-08-31',
      '2024-07-31',
      '2024-06-30',
      '2024-05-31',
      '2024-04-30',
    ]);
    expect(plan.remove).toHaveLength(425);
    expect(plan.keep[0].reasons).toEqual(['daily 2025-03-20', 'weekly 2025-W12', 'monthly 2025-03']);
    expect(plan.keep.find((backup) => backup.id === '2025-03-16')?.reasons).toEqual([
      'daily 2025-03-16',
      'weekly 2025-W11',
    ]);
    expect(plan.keep.find((backup) => backup.id === '2025-03-09')?.reasons).toEqual(['weekly 2025-W10']);
    expect(plan.keep.find((backup) => backup.id === '2025-02-28')?.reasons).toEqual(['monthly 2025-02']);
  });

  it('keeps everything when no rule is set, and nothing to do for no backups', () => {
    const backups = daily('2024-01-01', '2024-01-03');
    expect(kept(planRetention(backups, {}))).toEqual(['2024-01-03', '2024-01-02', '2024-01-01']);
    expect(planRetention([], { last: 3 })).toEqual({ keep: [], remove: [] });
  });

  it('keep-last keeps the N newest whatever their times', () => {
    const plan = planRetention(daily('2024-01-01', '2024-01-05'), { last: 3 });
    expect(kept(plan)).toEqual(['2024-01-05', '2024-01-04', '2024-01-03']);
    expect(removed(plan)).toEqual(['2024-01-02', '2024-01-01']);
    expect(plan.keep.map((backup) => backup.reasons)).toEqual([['last #1'], ['last #2'], ['last #3']]);
  });

  it('keep-last 0 keeps nothing by that rule', () => {
    expect(kept(planRetention(daily('2024-01-01', '2024-01-03'), { last: 0 }))).toEqual([]);
  });

  it('sorts newest first whatever the input order, ties broken by id', () => {
    const plan = planRetention(
      [at('2024-01-01T00:00:00Z', 'a'), at('2024-01-03T00:00:00Z', 'c'), at('2024-01-01T00:00:00Z', 'b')],
      { last: 2 },
    );
    expect(kept(plan)).toEqual(['c', 'b']);
    expect(removed(plan)).toEqual(['a']);
  });

  it('keeps the newest backup of each day; buckets without a backup do not count', () => {
    const backups = [
      at('2024-01-10T23:00:00Z', 'd10-late'),
      at('2024-01-10T01:00:00Z', 'd10-early'),
      at('2024-01-05T12:00:00Z', 'd5'),
      at('2024-01-01T12:00:00Z', 'd1'),
      at('2023-12-20T12:00:00Z', 'dec20'),
    ];
    const plan = planRetention(backups, { daily: 3 });
    expect(kept(plan)).toEqual(['d10-late', 'd5', 'd1']);
    expect(removed(plan)).toEqual(['d10-early', 'dec20']);
  });

  it('also keeps the oldest backup when a rule runs out of backups before N', () => {
    const backups = [
      at('2024-01-02T10:00:00Z', 'b'),
      at('2024-01-01T12:00:00Z', 'a2'),
      at('2024-01-01T06:00:00Z', 'a1'),
    ];
    const plan = planRetention(backups, { daily: 7 });
    expect(kept(plan)).toEqual(['b', 'a2', 'a1']);
    expect(plan.keep.map((backup) => backup.reasons)).toEqual([
      ['daily 2024-01-02'],
      ['daily 2024-01-01'],
      ['oldest daily'],
    ]);
  });

  it('does not keep the oldest when the rule has used up its count', () => {
    const backups = [
      at('2024-01-02T10:00:00Z', 'b'),
      at('2024-01-01T12:00:00Z', 'a2'),
      at('2024-01-01T06:00:00Z', 'a1'),
    ];
    expect(kept(planRetention(backups, { daily: 2 }))).toEqual(['b', 'a2']);
  });

  it('combines rules: a backup kept by several rules lists all its reasons', () => {
    const plan = planRetention(daily('2024-01-01', '2024-01-03'), { last: 1, daily: 1, monthly: 1, yearly: 1 });
    expect(plan.keep).toEqual([
      {
        id: '2024-01-03',
        createdAt: new Date('2024-01-03T03:00:00Z'),
        reasons: ['last #1', 'daily 2024-01-03', 'monthly 2024-01', 'yearly 2024'],
      },
    ]);
  });

  it('hourly keeps the newest backup of each hour', () => {
    const backups = [
      at('2024-01-01T10:45:00Z', '10:45'),
      at('2024-01-01T10:15:00Z', '10:15'),
      at('2024-01-01T09:59:59Z', '09:59'),
      at('2024-01-01T07:00:00Z', '07:00'),
    ];
    expect(kept(planRetention(backups, { hourly: 2 }))).toEqual(['10:45', '09:59']);
  });

  it('weekly uses ISO weeks starting on Monday, across year ends', () => {
    const backups = [
      at('2025-01-05T12:00:00Z', 'sun-2025-W01'),
      at('2024-12-30T12:00:00Z', 'mon-2025-W01'),
      at('2024-12-29T12:00:00Z', 'sun-2024-W52'),
      at('2024-12-23T12:00:00Z', 'mon-2024-W52'),
      at('2024-12-22T12:00:00Z', 'sun-2024-W51'),
    ];
    const plan = planRetention(backups, { weekly: 2 });
    expect(kept(plan)).toEqual(['sun-2025-W01', 'sun-2024-W52']);
    expect(plan.keep.map((backup) => backup.reasons)).toEqual([['weekly 2025-W01'], ['weekly 2024-W52']]);
  });

  it('monthly and yearly keep the newest of each month and year', () => {
    const backups = [
      at('2025-02-01T00:00:00Z', 'feb25'),
      at('2025-01-31T23:59:59Z', 'jan25'),
      at('2024-12-31T23:00:00Z', 'dec24'),
      at('2024-06-15T00:00:00Z', 'jun24'),
      at('2023-03-01T00:00:00Z', 'mar23'),
    ];
    expect(kept(planRetention(backups, { monthly: 3 }))).toEqual(['feb25', 'jan25', 'dec24']);
    expect(kept(planRetention(backups, { yearly: 2 }))).toEqual(['feb25', 'dec24']);
    expect(kept(planRetention(backups, { yearly: 5 }))).toEqual(['feb25', 'dec24', 'mar23']);
  });

  describe('in a time zone far from UTC', () => {
    const saved = process.env.TZ;
    afterEach(() => {
      process.env.TZ = saved;
    });
    it('buckets by UTC, not the machine clock', () => {
      process.env.TZ = 'America/Los_Angeles';
      // 23:30Z and 00:30Z the next day are the same local day in Los Angeles, but two UTC days.
      const backups = [at('2024-04-01T00:30:00Z', 'apr1'), at('2024-03-31T23:30:00Z', 'mar31')];
      expect(kept(planRetention(backups, { daily: 2 }))).toEqual(['apr1', 'mar31']);
      expect(kept(planRetention(backups, { monthly: 1 }))).toEqual(['apr1']);
      expect(bucketOf('monthly', new Date('2024-03-31T23:30:00Z'), 0)).toBe('2024-03');
    });
  });
});

describe('isoWeek', () => {
  it.each([
    ['2024-01-01', 2024, 1],
    ['2024-12-29', 2024, 52],
    ['2024-12-30', 2025, 1],
    ['2021-01-03', 2020, 53],
    ['2021-01-04', 2021, 1],
    ['2026-12-31', 2026, 53],
    ['2025-03-20', 2025, 12],
  ])('%s is %i-W%i', (date, year, week) => {
    expect(isoWeek(new Date(`${date}T12:00:00Z`))).toEqual({ year, week });
  });
});
