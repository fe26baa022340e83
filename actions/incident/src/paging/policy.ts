// The escalation ladder: a policy per severity (tiers `after` / `notify`, `repeat`), and the pure
// decision of which step is due for a record at a time. Without a policy, one step at the
// severity's response target mentions the record's assignees.
import { z } from 'zod';
import { DURATION_HINT, parseDuration } from '../../../../src/kernel/durations.ts';
import { once } from '../../../../src/kernel/once.ts';
import { SEVERITIES, SEVERITY_INFO, type Severity } from '../../../../src/kernel/severity.ts';

export interface Tier {
  afterMs: number;
  /** `@user` or `@org/team`. */
  notify: string[];
}

export interface EscalationPolicy {
  tiers: Partial<Record<Severity, Tier[]>>;
  /** After the last tier, start again from the first, at most this many times. */
  repeat: number;
}

const MENTION = /^@[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:\/[A-Za-z0-9._-]{1,100})?$/;

/** The `escalation` input's schema (built on first use). */
export const escalationPolicySchema = once(() => {
  const afterField = z.unknown().transform((value, ctx) => {
    const ms = typeof value === 'string' ? parseDuration(value) : undefined;
    if (ms === undefined || ms <= 0) {
      ctx.addIssue({ code: 'custom', message: `was ${JSON.stringify(value)}: expected ${DURATION_HINT}.` });
      return z.NEVER;
    }
    return ms;
  });

  const tierSchema = z
    .object({
      after: afterField,
      notify: z
        .array(z.string().regex(MENTION, 'expected @user or @org/team.'), {
          error: 'expected a list of @user or @org/team.',
        })
        .min(1, 'expected at least one @user or @org/team.'),
    })
    .strict()
    .transform((tier): Tier => ({ afterMs: tier.after, notify: tier.notify }));

  const tiersSchema = z.array(tierSchema, { error: 'expected a list of tiers {after, notify}.' }).min(1);

  return z
    .object({
      sev1: tiersSchema.optional(),
      sev2: tiersSchema.optional(),
      sev3: tiersSchema.optional(),
      sev4: tiersSchema.optional(),
      repeat: z.number({ error: 'expected a whole number from 0 to 10.' }).int().min(0).max(10).default(0),
    })
    .strict()
    .transform((policy): EscalationPolicy => {
      const tiers: Partial<Record<Severity, Tier[]>> = {};
      for (const severity of SEVERITIES) {
        const list = policy[severity];
        if (list) tiers[severity] = [...list].sort((a, b) => a.afterMs - b.afterMs);
      }
      return { tiers, repeat: policy.repeat };
    });
});

/** The ladder without a policy: at the response target, mention the assignees, once. */
export function defaultPolicy(assignees: readonly string[]): EscalationPolicy {
  const tiers: Partial<Record<Severity, Tier[]>> = {};
  for (const severity of SEVERITIES) {
    tiers[severity] = [
      { afterMs: SEVERITY_INFO[severity].responseMinutes * 60_000, notify: assignees.map((login) => `@${login}`) },
    ];
  }
  return { tiers, repeat: 0 };
}

/** What the sweep knows of a record. */
export interface EscalationState {
  severity: Severity;
  openedAt: Date;
  acknowledged: boolean;
  /** Keys of the steps already on the record's timeline. */
  fired: ReadonlySet<string>;
}

export interface EscalationStep {
  /** `sev1/r0/t1`: severity, round, tier. Each fires once per record. */
  key: string;
  round: number;
  tier: number;
  dueAt: Date;
  notify: string[];
}

/** Every step of the ladder for a severity, in time order. */
export function ladder(severity: Severity, policy: EscalationPolicy, openedAt: Date): EscalationStep[] {
  const tiers = policy.tiers[severity] ?? [];
  if (tiers.length === 0) return [];
  const cycle = tiers[tiers.length - 1].afterMs;
  const steps: EscalationStep[] = [];
  for (let round = 0; round <= policy.repeat; round++) {
    tiers.forEach((tier, index) => {
      steps.push({
        key: `${severity}/r${round}/t${index}`,
        round,
        tier: index,
        dueAt: new Date(openedAt.getTime() + round * cycle + tier.afterMs),
        notify: tier.notify,
      });
    });
  }
  return steps;
}

/**
 * The one step to take now: the earliest due step not yet on the timeline (a missed sweep only
 * delays steps, it never skips one), or none when acknowledged or nothing is due.
 */
export function dueStep(state: EscalationState, policy: EscalationPolicy, now: Date): EscalationStep | undefined {
  if (state.acknowledged) return undefined;
  return ladder(state.severity, policy, state.openedAt).find(
    (step) => step.dueAt.getTime() <= now.getTime() && !state.fired.has(step.key),
  );
}

/** When the next step falls due (for a sweep to skip records that are not due without reading them). */
export function nextDueAt(state: EscalationState, policy: EscalationPolicy): Date | undefined {
  if (state.acknowledged) return undefined;
  return ladder(state.severity, policy, state.openedAt).find((step) => !state.fired.has(step.key))?.dueAt;
}
