// The escalation ladder as a pure function of (record state, policy, now).
import { describe, expect, it } from 'vitest';
import {
  defaultPolicy,
  dueStep,
  type EscalationPolicy,
  type EscalationState,
  escalationPolicySchema,
  ladder,
  nextDueAt,
} from '../../actions/incident/src/paging/policy.ts';
import { parseYaml } from '../../src/kernel/inputs.ts';

const POLICY = `
sev1: [{after: 5m, notify: ["@acme/oncall"]}, {after: 15m, notify: ["@acme/sre-leads"]}]
sev2: [{after: 30m, notify: ["@acme/oncall"]}]
repeat: 2
`;

function policy(text = POLICY): EscalationPolicy {
  const parsed = parseYaml(text, escalationPolicySchema());
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  return parsed.value;
}

const opened = new Date('2026-12-01T10:00:00Z');
const at = (minutes: number) => new Date(opened.getTime() + minutes * 60_000);
const state = (fired: string[] = [], overrides: Partial<EscalationState> = {}): EscalationState => ({
  severity: 'sev1',
  openedAt: opened,
  acknowledged: false,
  fired: new Set(fired),
  ...overrides,
});

describe('escalation policy', () => {
  it('lays out the tiers, then repeats from the first after the last, `repeat` times', () => {
    expect(
      ladder('sev1', policy(), opened).map((step) => [step.key, step.dueAt.toISOString().slice(11, 16), step.notify]),
    ).toEqual([
      ['sev1/r0/t0', '10:05', ['@acme/oncall']],
      ['sev1/r0/t1', '10:15', ['@acme/sre-leads']],
      ['sev1/r1/t0', '10:20', ['@acme/oncall']],
      ['sev1/r1/t1', '10:30', ['@acme/sre-leads']],
      ['sev1/r2/t0', '10:35', ['@acme/oncall']],
      ['sev1/r2/t1', '10:45', ['@acme/sre-leads']],
    ]);
    expect(ladder('sev3', policy(), opened)).toEqual([]);
  });

  it.each([
    [4, [], undefined],
    [5, [], 'sev1/r0/t0'],
    [14, ['sev1/r0/t0'], undefined],
    [15, ['sev1/r0/t0'], 'sev1/r0/t1'],
    // A missed sweep only delays a step: the earliest unfired one goes first.
    [40, [], 'sev1/r0/t0'],
    [40, ['sev1/r0/t0'], 'sev1/r0/t1'],
    [40, ['sev1/r0/t0', 'sev1/r0/t1', 'sev1/r1/t0', 'sev1/r1/t1'], 'sev1/r2/t0'],
    [600, ['sev1/r0/t0', 'sev1/r0/t1', 'sev1/r1/t0', 'sev1/r1/t1', 'sev1/r2/t0', 'sev1/r2/t1'], undefined],
  ])('at +%i min with %j fired, the due step is %s', (minutes, fired, key) => {
    expect(dueStep(state(fired), policy(), at(minutes))?.key).toBe(key);
  });

  it('takes no step for an acknowledged record, nor for a severity without tiers', () => {
    expect(dueStep(state([], { acknowledged: true }), policy(), at(600))).toBeUndefined();
    expect(dueStep(state([], { severity: 'sev4' }), policy(), at(6000))).toBeUndefined();
    expect(nextDueAt(state([], { acknowledged: true }), policy())).toBeUndefined();
  });

  it('says when the next step falls due, so a sweep can skip records that are not due', () => {
    expect(nextDueAt(state(), policy())).toEqual(at(5));
    expect(nextDueAt(state(['sev1/r0/t0']), policy())).toEqual(at(15));
  });

  it('without a policy, mentions the assignees once at the severity’s response target', () => {
    const fallback = defaultPolicy(['octocat', 'hubot']);
    expect(ladder('sev1', fallback, opened).map((step) => [step.key, step.dueAt, step.notify])).toEqual([
      ['sev1/r0/t0', at(15), ['@octocat', '@hubot']],
    ]);
    expect(ladder('sev2', fallback, opened)[0].dueAt).toEqual(at(60));
    expect(ladder('sev3', fallback, opened)[0].dueAt).toEqual(at(240));
    expect(ladder('sev4', fallback, opened)[0].dueAt).toEqual(at(1440));
    expect(dueStep(state(['sev1/r0/t0'], {}), fallback, at(10_000))).toBeUndefined();
  });

  it.each([
    ['sev5: [{after: 5m, notify: ["@a"]}]', "unknown key 'sev5'"],
    ['sev1: [{notify: ["@a"]}]', 'sev1[0].after (line 1): was undefined: expected a number with a unit'],
    ['sev1: [{after: 5m}]', 'sev1[0].notify (line 1): expected a list of @user or @org/team.'],
    ['sev1: [{after: 5, notify: ["@a"]}]', 'sev1[0].after (line 1): was 5: expected a number with a unit'],
    ['sev1: [{after: 5m, notify: ["acme/oncall"]}]', 'sev1[0].notify[0] (line 1): expected @user or @org/team.'],
    ['repeat: -1', 'repeat (line 1):'],
  ])('refuses %s', (text, message) => {
    const parsed = parseYaml(text, escalationPolicySchema());
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.errors.join('\n')).toContain(message);
  });
});
