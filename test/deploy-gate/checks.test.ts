// The checks gate and the poll machine as pure functions.
import { describe, expect, it } from 'vitest';
import {
  type CheckRunFact,
  checkRunState,
  describeChecks,
  isSelf,
  judgeChecks,
  nameMatcher,
  statusState,
} from '../../actions/deploy-gate/src/checks.ts';
import { nextPollStep, recordPoll, startPolling } from '../../actions/deploy-gate/src/poll.ts';

let nextId = 1;
function run(name: string, fields: Partial<CheckRunFact> = {}): CheckRunFact {
  return { id: nextId++, name, status: 'completed', conclusion: 'success', startedAt: null, ...fields };
}
const none = { required: [], ignore: [], self: {} };

describe('check run and status states', () => {
  it.each([
    ['success', 'pass'],
    ['neutral', 'pass'],
    ['skipped', 'pass'],
    ['failure', 'fail'],
    ['cancelled', 'fail'],
    ['timed_out', 'fail'],
    ['action_required', 'fail'],
    ['stale', 'fail'],
    ['startup_failure', 'fail'],
    ['something_new', 'fail'],
  ])('a completed run concluding %s is %s', (conclusion, state) => {
    expect(checkRunState({ status: 'completed', conclusion })).toBe(state);
  });

  it.each(['queued', 'in_progress', 'waiting', 'requested', 'pending'])('a %s run is pending', (status) => {
    expect(checkRunState({ status, conclusion: null })).toBe('pending');
  });

  it.each([
    ['success', 'pass'],
    ['failure', 'fail'],
    ['error', 'fail'],
    ['pending', 'pending'],
  ])('a %s status is %s', (state, expected) => {
    expect(statusState(state)).toBe(expected);
  });
});

describe('judgeChecks', () => {
  it('lets the newest run per name win, in both directions', () => {
    const cleared = judgeChecks(
      {
        checkRuns: [
          run('test', { conclusion: 'failure', startedAt: '2026-12-01T01:00:00Z' }),
          run('test', { conclusion: 'success', startedAt: '2026-12-01T01:05:00Z' }),
        ],
        statuses: [],
      },
      none,
    );
    expect(cleared.state).toBe('pass');
    const broken = judgeChecks(
      {
        checkRuns: [
          run('test', { conclusion: 'failure', startedAt: '2026-12-01T02:00:00Z' }),
          run('test', { conclusion: 'success', startedAt: '2026-12-01T01:05:00Z' }),
        ],
        statuses: [],
      },
      none,
    );
    expect(broken.state).toBe('fail');
  });

  it('keeps waiting for a queued re-run (not started yet) instead of stopping at the failure it re-runs', () => {
    const verdict = judgeChecks(
      {
        checkRuns: [
          run('test', { id: 20, conclusion: 'failure', startedAt: '2026-12-01T01:00:00Z' }),
          run('test', { id: 21, status: 'queued', conclusion: null, startedAt: null }),
        ],
        statuses: [],
      },
      none,
    );
    expect(verdict.state).toBe('pending');
    expect(verdict.checks).toEqual([{ name: 'test', kind: 'check run', state: 'pending', outcome: 'queued' }]);
  });

  it('breaks a tie in start time by the higher id (the later run)', () => {
    const verdict = judgeChecks(
      { checkRuns: [run('a', { id: 10, conclusion: 'failure' }), run('a', { id: 11 })], statuses: [] },
      none,
    );
    expect(verdict.state).toBe('pass');
  });

  it('takes the newest status per context', () => {
    const verdict = judgeChecks(
      {
        checkRuns: [],
        statuses: [
          { context: 'ci', state: 'failure', updatedAt: '2026-12-01T01:00:00Z' },
          { context: 'ci', state: 'success', updatedAt: '2026-12-01T01:01:00Z' },
        ],
      },
      none,
    );
    expect(verdict.checks).toEqual([{ name: 'ci', kind: 'status', state: 'pass', outcome: 'success' }]);
  });

  it('is pending while anything runs, failed as soon as anything failed', () => {
    expect(
      judgeChecks({ checkRuns: [run('a'), run('b', { status: 'queued', conclusion: null })], statuses: [] }, none)
        .state,
    ).toBe('pending');
    expect(
      judgeChecks(
        {
          checkRuns: [run('a', { status: 'queued', conclusion: null }), run('b', { conclusion: 'cancelled' })],
          statuses: [],
        },
        none,
      ).state,
    ).toBe('fail');
  });

  it('treats a required check that has not appeared as pending, never passed', () => {
    const verdict = judgeChecks({ checkRuns: [run('build')], statuses: [] }, { ...none, required: ['build', 'e2e-*'] });
    expect(verdict.state).toBe('pending');
    expect(verdict.missing).toEqual(['e2e-*']);
    expect(describeChecks(verdict, 'timed-out')).toBe('gave up waiting for: e2e-* (not created)');
  });

  it('judges only required checks when some are named, and every check otherwise', () => {
    const facts = { checkRuns: [run('build'), run('flaky', { conclusion: 'failure' })], statuses: [] };
    expect(judgeChecks(facts, { ...none, required: ['build'] }).state).toBe('pass');
    expect(judgeChecks(facts, none).state).toBe('fail');
  });

  it('never considers ignored checks, even required ones', () => {
    const facts = { checkRuns: [run('build'), run('docs / preview', { conclusion: 'failure' })], statuses: [] };
    expect(judgeChecks(facts, { ...none, ignore: ['docs*'] }).state).toBe('pass');
  });

  it('is pending (and later "no CI ran") when nothing at all is on the commit', () => {
    const verdict = judgeChecks({ checkRuns: [], statuses: [] }, none);
    expect(verdict).toMatchObject({ state: 'pending', none: true });
    expect(describeChecks(verdict, 'timed-out')).toBe('no CI ran on this commit (no check runs or statuses appeared)');
    expect(describeChecks(verdict, 'polling')).toBe('no check runs or statuses yet');
  });

  it('judges a status and a check run of the same name separately', () => {
    const verdict = judgeChecks(
      { checkRuns: [run('ci')], statuses: [{ context: 'ci', state: 'pending' }] },
      { ...none, required: ['ci'] },
    );
    expect(verdict.state).toBe('pending');
    expect(verdict.checks.map((check) => check.kind)).toEqual(['check run', 'status']);
  });

  it('ignores its own check run by id', () => {
    const own = run('gate', { status: 'in_progress', conclusion: null });
    expect(
      judgeChecks({ checkRuns: [run('build'), own], statuses: [] }, { ...none, self: { checkRunId: own.id } }).state,
    ).toBe('pass');
  });
});

describe('isSelf', () => {
  const thisRun = 'https://github.com/o/r/actions/runs/42/job/9';
  it('matches by id when one is given, and only then', () => {
    expect(isSelf(run('gate', { id: 5 }), { checkRunId: 5, job: 'other', runId: '42' })).toBe(true);
    expect(isSelf(run('gate', { id: 6, detailsUrl: thisRun }), { checkRunId: 5, job: 'gate', runId: '42' })).toBe(
      false,
    );
  });
  it('matches the job name (and its matrix variants) within this run only', () => {
    const self = { job: 'gate', runId: '42' };
    expect(isSelf(run('gate', { detailsUrl: thisRun }), self)).toBe(true);
    expect(isSelf(run('gate (production)', { url: thisRun }), self)).toBe(true);
    expect(isSelf(run('gatekeeper', { detailsUrl: thisRun }), self)).toBe(false);
    expect(isSelf(run('gate', { detailsUrl: 'https://github.com/o/r/actions/runs/41/job/9' }), self)).toBe(false);
    expect(isSelf(run('gate', { detailsUrl: thisRun }), {})).toBe(false);
  });
});

describe('nameMatcher', () => {
  it('lets * cross slashes and keeps literal names with brackets or parentheses', () => {
    const match = nameMatcher(['ci / *', 'build (ubuntu)']);
    expect(match('ci / build / lint')).toBe(true);
    expect(match('build (ubuntu)')).toBe(true);
    expect(match('build (windows)')).toBe(false);
  });
});

describe('poll machine', () => {
  const policy = { waitMs: 60_000, intervalMs: 15_000 };
  it('polls at once, then every interval, and decides on a settled answer', () => {
    let state = startPolling();
    expect(nextPollStep(state, policy, 0)).toEqual({ kind: 'poll', atMs: 0 });
    state = recordPoll(state, 0, 'pending');
    expect(nextPollStep(state, policy, 300)).toEqual({ kind: 'poll', atMs: 15_000 });
    state = recordPoll(state, 15_000, 'pass');
    expect(nextPollStep(state, policy, 15_200)).toEqual({ kind: 'decide', timedOut: false });
  });

  it('stops waiting on a definite failure', () => {
    const state = recordPoll(startPolling(), 0, 'fail');
    expect(nextPollStep(state, policy, 10)).toEqual({ kind: 'decide', timedOut: false });
  });

  it('never polls faster than the interval, and polls at once after an overrun', () => {
    const state = recordPoll(startPolling(), 0, 'pending');
    expect(nextPollStep(state, policy, 1)).toEqual({ kind: 'poll', atMs: 15_000 });
    expect(nextPollStep(state, policy, 20_000)).toEqual({ kind: 'poll', atMs: 20_000 });
  });

  it('polls a last time at the end of the wait, then times out', () => {
    let state = startPolling();
    for (const at of [0, 15_000, 30_000, 45_000]) state = recordPoll(state, at, 'pending');
    expect(nextPollStep(state, policy, 45_100)).toEqual({ kind: 'poll', atMs: 60_000 });
    state = recordPoll(state, 60_000, 'pending');
    expect(nextPollStep(state, policy, 60_100)).toEqual({ kind: 'decide', timedOut: true });
  });

  it('judges once with wait 0', () => {
    const state = recordPoll(startPolling(), 0, 'pending');
    expect(nextPollStep(state, { waitMs: 0, intervalMs: 15_000 }, 5)).toEqual({ kind: 'decide', timedOut: true });
  });
});
