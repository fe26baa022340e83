// The status page's decisions: uptime per day and window (maintenance excluded, no samples is no
// data), each check's state, the banner, staleness, and the exact figures a person reads.
import { describe, expect, it } from 'vitest';
import { maintenancePeriods, periodsFor } from '../../actions/status-page/src/maintenance.ts';
import { maintenanceSchema } from '../../actions/status-page/src/maintenance-schema.ts';
import type { IncidentView } from '../../actions/status-page/src/model.ts';
import { dayClass, dayTooltip } from '../../actions/status-page/src/site.ts';
import {
  componentStatus,
  formatUptime,
  slugFor,
  summarise,
  windowDays,
  worstStatus,
} from '../../actions/status-page/src/status.ts';
import type { RoundSample } from '../../src/kernel/status-history.ts';

const NOW = new Date('2026-12-01T12:00:00Z');
const MIN = 60_000;

function sample(time: string, check: string, verdict: 'passed' | 'failed'): RoundSample {
  return { time, check, verdict, status: verdict === 'passed' ? 200 : 503, latency: 100 };
}

function incident(number: number, fields: Partial<IncidentView> = {}): IncidentView {
  return {
    number,
    title: `incident ${number}`,
    url: `https://github.com/octo-org/shop/issues/${number}`,
    severity: 'sev3',
    state: 'investigating',
    createdAt: '2026-12-01T11:00:00Z',
    timeline: [],
    ...fields,
  };
}

const base = { title: 'Status', checks: [], periods: [], incidents: [], now: NOW, days: 90, intervalMs: 15 * MIN };

describe('formatUptime', () => {
  it.each([
    [1, '100.00%'],
    [0.99999, '99.99%'],
    [0.999949, '99.99%'],
    [0.5, '50.00%'],
    [0, '0.00%'],
    [2 / 3, '66.66%'],
    [0.1234, '12.34%'],
    [null, 'no data'],
  ])('%s reads %s (cut, never rounded up)', (uptime, text) => {
    expect(formatUptime(uptime)).toBe(text);
  });
});

describe('componentStatus', () => {
  const facts = { inMaintenance: false, stale: false, incidentSeverities: [] as const };
  it.each([
    [['passed', 'passed', 'passed'], 'operational'],
    [['failed', 'passed', 'passed'], 'degraded_performance'],
    [['passed', 'failed', 'passed'], 'degraded_performance'],
    [['passed', 'passed', 'failed'], 'partial_outage'],
    [['passed', 'failed', 'failed'], 'major_outage'],
    [['failed'], 'partial_outage'],
    [['failed', 'passed', 'passed', 'passed'], 'operational'],
    [[], 'degraded_performance'],
  ] as const)('%j is %s', (recent, status) => {
    expect(componentStatus({ ...facts, recent })).toBe(status);
  });
  it('is under maintenance during maintenance, whatever the samples say', () => {
    expect(componentStatus({ ...facts, recent: ['failed', 'failed'], inMaintenance: true })).toBe('under_maintenance');
  });
  it('is never better than degraded when stale', () => {
    expect(componentStatus({ ...facts, recent: ['passed'], stale: true })).toBe('degraded_performance');
    expect(componentStatus({ ...facts, recent: ['failed', 'failed'], stale: true })).toBe('major_outage');
  });
  it.each([
    ['sev1', 'major_outage'],
    ['sev2', 'partial_outage'],
    ['sev3', 'degraded_performance'],
    ['sev4', 'degraded_performance'],
  ] as const)('an open %s incident tied to the check makes it at least %s', (severity, status) => {
    expect(componentStatus({ ...facts, recent: ['passed'], incidentSeverities: [severity] })).toBe(status);
  });
});

describe('worstStatus', () => {
  it('orders outages above maintenance above operational', () => {
    expect(worstStatus([])).toBe('operational');
    expect(worstStatus(['operational', 'under_maintenance'])).toBe('under_maintenance');
    expect(worstStatus(['under_maintenance', 'degraded_performance'])).toBe('degraded_performance');
    expect(worstStatus(['major_outage', 'partial_outage'])).toBe('major_outage');
  });
});

describe('windowDays', () => {
  it('ends today (UTC) and has exactly `days` dates', () => {
    const { start, dates } = windowDays(NOW, 90);
    expect(dates).toHaveLength(90);
    expect(dates[89]).toBe('2026-12-01');
    expect(dates[0]).toBe('2026-09-03');
    expect(start.toISOString()).toBe('2026-09-03T00:00:00.000Z');
  });
});

describe('slugFor', () => {
  it('makes file-safe, unique names', () => {
    const taken = new Set<string>();
    expect(slugFor('Home Page', taken)).toBe('home-page');
    expect(slugFor('home page', taken)).toBe('home-page-2');
    expect(slugFor('../../etc/passwd', taken)).toBe('etc-passwd');
    expect(slugFor('支付', taken)).toBe('check');
    expect(slugFor('__proto__', taken)).toBe('__proto__');
  });
});

describe('summarise', () => {
  it('computes uptime as passed rounds over all rounds, per day and over the window', () => {
    const samples = [
      sample('2026-11-30T10:00:00Z', 'home', 'passed'),
      sample('2026-11-30T10:15:00Z', 'home', 'failed'),
      sample('2026-11-30T10:30:00Z', 'home', 'passed'),
      sample('2026-12-01T11:45:00Z', 'home', 'passed'),
    ];
    const model = summarise({ ...base, samples });
    const [home] = model.checks;
    expect(home.days).toHaveLength(90);
    expect(home.days[88]).toEqual({
      date: '2026-11-30',
      rounds: 3,
      passed: 2,
      failed: 1,
      maintenance: 0,
      uptime: 2 / 3,
    });
    expect(home.days[89]).toEqual({ date: '2026-12-01', rounds: 1, passed: 1, failed: 0, maintenance: 0, uptime: 1 });
    expect(home.uptime).toBe(3 / 4);
    expect(formatUptime(home.uptime)).toBe('75.00%');
    // The newest three rounds hold a failure.
    expect(home.status).toBe('degraded_performance');
    expect(model.status).toBe('degraded_performance');
  });

  it('shows a day without samples as no data, not 100%', () => {
    const model = summarise({ ...base, samples: [sample('2026-12-01T11:45:00Z', 'home', 'passed')] });
    const day = model.checks[0].days[10];
    expect(day.uptime).toBeNull();
    expect(dayClass(day)).toBe('none');
    expect(dayTooltip(day)).toBe('2026-09-13: no data');
  });

  it('excludes maintenance from uptime and shows it', () => {
    const periods = maintenancePeriods(
      maintenanceSchema().parse([
        { title: 'DB upgrade', checks: ['home'], from: '2026-11-30T10:10:00Z', to: '2026-11-30T10:20:00Z' },
      ]),
      new Date('2026-09-03T00:00:00Z'),
      NOW,
    );
    const samples = [
      sample('2026-11-30T10:00:00Z', 'home', 'passed'),
      sample('2026-11-30T10:15:00Z', 'home', 'failed'),
      sample('2026-11-30T10:15:00Z', 'api', 'failed'),
      sample('2026-12-01T11:45:00Z', 'home', 'passed'),
      sample('2026-12-01T11:45:00Z', 'api', 'passed'),
    ];
    const model = summarise({ ...base, samples, periods });
    const home = model.checks.find((check) => check.spec.name === 'home');
    const api = model.checks.find((check) => check.spec.name === 'api');
    expect(home?.days[88]).toMatchObject({ rounds: 2, passed: 1, failed: 0, maintenance: 1, uptime: 1 });
    expect(dayTooltip(home?.days[88] as never)).toBe('2026-11-30: 100.00% (1 of 1 rounds passed, 1 in maintenance)');
    expect(home?.uptime).toBe(1);
    // The window named only home: api's failure counts.
    expect(api?.uptime).toBe(0.5);
  });

  it('judges the state after maintenance by the rounds outside it', () => {
    const periods = [
      { title: 'deploy', checks: [], start: new Date('2026-12-01T11:00:00Z'), end: new Date('2026-12-01T11:40:00Z') },
    ];
    const model = summarise({
      ...base,
      samples: [
        sample('2026-12-01T10:45:00Z', 'home', 'passed'),
        sample('2026-12-01T11:15:00Z', 'home', 'failed'),
        sample('2026-12-01T11:30:00Z', 'home', 'failed'),
        sample('2026-12-01T11:45:00Z', 'home', 'passed'),
      ],
      periods,
    });
    expect(model.checks[0]).toMatchObject({ status: 'operational', lastSampleAt: '2026-12-01T11:45:00.000Z' });
  });

  it('marks a day whose every sample was in maintenance as maintenance, not no data', () => {
    const periods = [
      { title: 'all day', checks: [], start: new Date('2026-11-30T00:00:00Z'), end: new Date('2026-12-01T00:00:00Z') },
    ];
    const model = summarise({
      ...base,
      samples: [sample('2026-11-30T10:00:00Z', 'home', 'failed'), sample('2026-12-01T11:50:00Z', 'home', 'passed')],
      periods,
    });
    expect(dayClass(model.checks[0].days[88])).toBe('maint');
    expect(model.checks[0].uptime).toBe(1);
  });

  it('is stale when the newest sample is older than 3 intervals, and says so per check', () => {
    const fresh = summarise({ ...base, samples: [sample('2026-12-01T11:15:00Z', 'home', 'passed')] });
    expect(fresh.stale).toBe(false);
    const stale = summarise({ ...base, samples: [sample('2026-12-01T11:14:59Z', 'home', 'passed')] });
    expect(stale.stale).toBe(true);
    expect(stale.checks[0]).toMatchObject({ stale: true, status: 'degraded_performance' });
    expect(summarise({ ...base, samples: [] })).toMatchObject({ stale: true, checks: [] });
  });

  it('lists configured checks in order, with no data for a check never sampled, and ignores others', () => {
    const model = summarise({
      ...base,
      checks: [
        { name: 'api', title: 'API', fingerprints: [] },
        { name: 'home', title: 'Home', fingerprints: [] },
      ],
      samples: [sample('2026-12-01T11:50:00Z', 'home', 'passed'), sample('2026-12-01T11:50:00Z', 'other', 'failed')],
    });
    expect(model.checks.map((check) => [check.spec.name, check.status, check.uptime])).toEqual([
      ['api', 'degraded_performance', null],
      ['home', 'operational', 1],
    ]);
  });

  it('uses the newest verdicts even when files list samples out of order', () => {
    const model = summarise({
      ...base,
      samples: [
        sample('2026-12-01T11:45:00Z', 'home', 'failed'),
        sample('2026-12-01T11:30:00Z', 'home', 'failed'),
        sample('2026-12-01T11:00:00Z', 'home', 'passed'),
      ],
    });
    expect(model.checks[0]).toMatchObject({
      status: 'major_outage',
      lastVerdict: 'failed',
      lastSampleAt: '2026-12-01T11:45:00.000Z',
    });
    expect(model.status).toBe('major_outage');
  });

  it('takes the banner from the worst check and every open incident; ties incidents to checks by fingerprint', () => {
    const model = summarise({
      ...base,
      checks: [{ name: 'home', title: 'Home', fingerprints: ['checkout-502'] }],
      samples: [sample('2026-12-01T11:50:00Z', 'home', 'passed')],
      incidents: [
        incident(7, { severity: 'sev2', fingerprint: 'checkout-502' }),
        incident(8, { severity: 'sev1' }),
        incident(3, { state: 'resolved', createdAt: '2026-11-01T00:00:00Z', resolvedAt: '2026-11-01T01:00:00Z' }),
        incident(1, { state: 'resolved', createdAt: '2026-08-01T00:00:00Z', resolvedAt: '2026-08-02T00:00:00Z' }),
      ],
    });
    expect(model.checks[0]).toMatchObject({ status: 'partial_outage', incidents: [7] });
    expect(model.status).toBe('major_outage');
    expect(model.openIncidents.map((i) => i.number)).toEqual([7, 8]);
    expect(model.pastIncidents.map((i) => i.number)).toEqual([3]);
  });

  it('ignores samples from the future', () => {
    const model = summarise({ ...base, samples: [sample('2026-12-01T12:00:01Z', 'home', 'failed')] });
    expect(model.checks[0].counted).toBe(0);
    expect(model.checks[0].lastSampleAt).toBeUndefined();
  });
});

describe('day colours', () => {
  const day = (passed: number, failed: number) => ({
    date: '2026-12-01',
    rounds: passed + failed,
    passed,
    failed,
    maintenance: 0,
    uptime: passed / (passed + failed),
  });
  it.each([
    [1000, 0, 'up'],
    [999, 1, 'up'],
    [998, 2, 'minor'],
    [99, 1, 'minor'],
    [95, 5, 'partial'],
    [94, 6, 'down'],
  ])('%i passed, %i failed is %s', (passed, failed, colour) => {
    expect(dayClass(day(passed, failed))).toBe(colour);
  });
});

describe('maintenance windows', () => {
  it('turns a weekly cron pair into its periods within the range, including one already running', () => {
    const [window] = maintenanceSchema().parse([
      { title: 'Sunday patching', start: '0 2 * * 0', end: '0 4 * * 0', timezone: 'Europe/Berlin' },
    ]);
    const periods = maintenancePeriods([window], new Date('2026-11-29T01:30:00Z'), new Date('2026-12-14T00:00:00Z'));
    expect(periods.map((p) => `${p.start.toISOString()} ${p.end.toISOString()}`)).toEqual([
      '2026-11-29T01:00:00.000Z 2026-11-29T03:00:00.000Z',
      '2026-12-06T01:00:00.000Z 2026-12-06T03:00:00.000Z',
      '2026-12-13T01:00:00.000Z 2026-12-13T03:00:00.000Z',
    ]);
  });

  it('merges overlapping periods of the windows that apply to a check', () => {
    const at = (text: string) => new Date(text);
    const ranges = periodsFor('home', [
      { title: 'a', checks: [], start: at('2026-12-01T00:00:00Z'), end: at('2026-12-01T02:00:00Z') },
      { title: 'b', checks: ['home'], start: at('2026-12-01T01:00:00Z'), end: at('2026-12-01T03:00:00Z') },
      { title: 'c', checks: ['api'], start: at('2026-12-01T05:00:00Z'), end: at('2026-12-01T06:00:00Z') },
    ]);
    expect(ranges).toEqual([[Date.parse('2026-12-01T00:00:00Z'), Date.parse('2026-12-01T03:00:00Z')]]);
  });

  it.each([
    [[{ title: 'x', start: '0 2 * * 0', end: '0 4 * * 0', timezone: 'Mars/Olympus' }], /not an IANA time zone/],
    [[{ title: 'x', start: '0 2 * *', end: '0 4 * * 0' }], /start.*not a cron expression of five fields/],
    [[{ title: 'x', from: '2026-12-01T10:00:00', to: '2026-12-01T12:00:00Z' }], /expected a time with a zone/],
    [[{ title: 'x', from: '2026-12-01T12:00:00Z', to: '2026-12-01T10:00:00Z' }], /must be later than from/],
    [[{ title: 'x', from: '2026-12-01T10:00:00Z', to: '2026-12-01T12:00:00Z', reason: 'y' }], /reason/],
    [['weekly'], /expected a window/],
  ])('refuses %j', (value, message) => {
    const parsed = maintenanceSchema().safeParse(value);
    expect(parsed.success).toBe(false);
    expect(JSON.stringify(parsed.error?.issues)).toMatch(message);
  });
});
