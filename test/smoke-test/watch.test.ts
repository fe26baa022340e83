// The watch state machine: round timing, consecutive failures, reset on pass, trip at the
// threshold, early end, and rounds after the window while a failing streak is undecided.
import { describe, expect, it } from 'vitest';
import {
  historyLine,
  nextStep,
  plannedRounds,
  recordRound,
  startWatch,
  type WatchPolicy,
  type WatchState,
} from '../../actions/smoke-test/src/watch.ts';

const single: WatchPolicy = { windowMs: 0, intervalMs: 60_000, failureThreshold: 3 };
const hour: WatchPolicy = { windowMs: 3_600_000, intervalMs: 60_000, failureThreshold: 3 };
const short: WatchPolicy = { windowMs: 5_000, intervalMs: 1_000, failureThreshold: 3 };

/**
 * Plays rounds on time (each starting at its planned time) and returns the state, the verdict
 * and how many rounds ran; stops as soon as the watch ends.
 */
function play(policy: WatchPolicy, outcomes: boolean[]) {
  let state: WatchState = startWatch();
  let played = 0;
  for (;;) {
    const step = nextStep(state, policy, played * policy.intervalMs);
    if (step.kind === 'end') return { state, verdict: step.verdict, played };
    if (played >= outcomes.length)
      throw new Error(`the watch wanted round ${played + 1}, the script has ${outcomes.length}`);
    expect(step.startAtMs).toBe(played * policy.intervalMs);
    state = recordRound(state, policy, outcomes[played]);
    played++;
  }
}

describe('without a watch (one round)', () => {
  it('runs exactly one round, at once', () => {
    expect(nextStep(startWatch(), single, 0)).toEqual({ kind: 'round', startAtMs: 0 });
    expect(plannedRounds(single)).toBe(1);
  });

  it('passes when the round passes', () => {
    expect(play(single, [true])).toMatchObject({ verdict: 'passed', played: 1 });
  });

  it('trips when the round fails, whatever the threshold', () => {
    expect(play(single, [false])).toMatchObject({ verdict: 'tripped', played: 1 });
    expect(play({ ...single, failureThreshold: 10 }, [false])).toMatchObject({ verdict: 'tripped' });
  });
});

describe('a watch window', () => {
  it('plans a round at 0, interval, 2 x interval... while the window is open', () => {
    expect(plannedRounds(hour)).toBe(60);
    expect(plannedRounds(short)).toBe(5);
    expect(plannedRounds({ ...short, windowMs: 5_500 })).toBe(6);
    expect(plannedRounds({ ...short, windowMs: 1_000 })).toBe(1);
  });

  it('passes after every planned round when all pass', () => {
    expect(play(short, [true, true, true, true, true])).toMatchObject({ verdict: 'passed', played: 5 });
  });

  it('trips at the threshold and ends early', () => {
    const { verdict, played, state } = play(hour, [true, false, false, false]);
    expect(verdict).toBe('tripped');
    expect(played).toBe(4);
    expect(state.consecutiveFailures).toBe(3);
    expect(historyLine(state.rounds)).toBe('✔✘✘✘');
  });

  it('a passing round resets the count of consecutive failures', () => {
    const { verdict, state, played } = play(short, [false, false, true, false, false, true]);
    expect(verdict).toBe('passed');
    expect(played).toBe(6);
    expect(state.consecutiveFailures).toBe(0);
    expect(state.tripped).toBe(false);
  });

  it('passes when failures never reach the threshold and the last round passes', () => {
    expect(play(short, [false, false, true, false, true])).toMatchObject({ verdict: 'passed', played: 5 });
  });

  it('goes on after the window while the last round failed, until the streak trips', () => {
    expect(play(short, [true, true, true, true, false, false, false])).toMatchObject({ verdict: 'tripped', played: 7 });
  });

  it('goes on after the window while the last round failed, until a round passes', () => {
    expect(play(short, [true, true, true, false, false, true])).toMatchObject({ verdict: 'passed', played: 6 });
  });

  it.each([
    ['✔✔✔✔✔', 'passed', 5],
    ['✔✔✘✘✘', 'tripped', 5],
    ['✔✔✔✘✘✘', 'tripped', 6],
    ['✔✔✔✔✘✘✘', 'tripped', 7],
    ['✔✔✔✔✘✘✔', 'passed', 7],
  ])(
    'after %s ends %s with %i rounds: at most failure-threshold - 1 rounds after the window',
    (marks, verdict, played) => {
      const outcomes = [...marks].map((mark) => mark === '✔');
      expect(play(short, [...outcomes, false, false, false])).toMatchObject({ verdict, played });
    },
  );

  it('trips on the last planned round', () => {
    expect(play(short, [true, true, false, false, false])).toMatchObject({ verdict: 'tripped', played: 5 });
  });

  it('a threshold of 1 trips on the first failed round', () => {
    expect(play({ ...short, failureThreshold: 1 }, [true, false])).toMatchObject({ verdict: 'tripped', played: 2 });
  });

  it('stays tripped: once tripped, a later pass does not undo it', () => {
    let state = startWatch();
    for (const passed of [false, false, false]) state = recordRound(state, short, passed);
    state = recordRound(state, short, true);
    expect(state.tripped).toBe(true);
    expect(nextStep(state, short, 4_000)).toEqual({ kind: 'end', verdict: 'tripped' });
  });
});

describe('round timing', () => {
  it('waits for the planned start when the previous round was quick', () => {
    const state = recordRound(startWatch(), short, true);
    expect(nextStep(state, short, 250)).toEqual({ kind: 'round', startAtMs: 1_000 });
  });

  it('starts at once when the previous round overran its interval', () => {
    const state = recordRound(startWatch(), short, true);
    expect(nextStep(state, short, 2_600)).toEqual({ kind: 'round', startAtMs: 2_600 });
  });

  it('ends when the window has closed on a passed round, even if fewer rounds ran than planned', () => {
    const state = recordRound(startWatch(), short, true);
    expect(nextStep(state, short, 5_000)).toEqual({ kind: 'end', verdict: 'passed' });
  });

  it('does not end on a failed round when the window closes: a hung service whose rounds overrun still trips', () => {
    // Rounds of 4.1s against a 2s interval in a 6s window with a threshold of 3.
    const hung = { windowMs: 6_000, intervalMs: 2_000, failureThreshold: 3 };
    let state = startWatch();
    const starts: number[] = [];
    for (let elapsed = 0; ; elapsed += 4_100) {
      const step = nextStep(state, hung, elapsed);
      if (step.kind === 'end') {
        expect(step.verdict).toBe('tripped');
        break;
      }
      starts.push(step.startAtMs);
      state = recordRound(state, hung, false);
    }
    expect(starts).toEqual([0, 4_100, 8_200]);
  });

  it('does not start a round exactly when the window closes', () => {
    let state = startWatch();
    for (let index = 0; index < 5; index++) state = recordRound(state, short, true);
    expect(nextStep(state, short, 4_100)).toEqual({ kind: 'end', verdict: 'passed' });
  });
});

describe('historyLine', () => {
  it('draws one mark per round, oldest first', () => {
    expect(historyLine([])).toBe('');
    expect(historyLine([true, true, false, false, false])).toBe('✔✔✘✘✘');
  });
});
