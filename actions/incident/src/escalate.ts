// `mode: escalate`: a sweep over open, unacknowledged records. Each record's state is rebuilt from
// its labels and the hidden marks on its timeline; the pure policy says which step is due; each step
// is one timeline comment with the mentions and one `escalation` event to the channels. Records that
// are not due cost no request beyond the listing. Two overlapping sweeps never both post a step: a
// due record is claimed with a repository label (created atomically, released after) before its
// timeline is read.
import { createHash, randomUUID } from 'node:crypto';
import { severityFromLabels } from '../../../src/kernel/severity.ts';
import type { IncidentConfig } from './inputs.ts';
import { neutralize, readUpdateMark, recordFingerprint, storedFacts, updateMarker } from './markers.ts';
import { configuredChannels, type Delivery } from './paging/deliver.ts';
import { deliveredChannels, type NotifyDeps, notifyChannels } from './paging/notify.ts';
import { defaultPolicy, dueStep, type EscalationStep, nextDueAt } from './paging/policy.ts';
import { isAcknowledged, type RecordView } from './plan.ts';
import type { CommentView } from './records.ts';

export interface SweepStep {
  record: RecordView;
  step: EscalationStep;
  delivery: Delivery;
}

export interface Sweep {
  /** Open records looked at. */
  open: number;
  /** Records whose timeline was read (a step was due by the clock). */
  read: number;
  steps: SweepStep[];
}

/** A record's claim label is `shipshape-claim-<record number>`. */
export const CLAIM_PREFIX = 'shipshape-claim-';
/** Deliveries of one step (the first and the retries) after which a failing channel is given up. */
const REDELIVERY_ATTEMPTS = 3;
/** A claim older than this was left by a sweep that died: the next sweep takes it over. */
export const CLAIM_STALE_MS = 5 * 60_000;

/** One id per record and step, the same for every sweep: a step is written once however many sweeps run. */
export function stepId(recordNumber: number, key: string): string {
  return createHash('sha256').update(`escalation\n${recordNumber}\n${key}`).digest('hex').slice(0, 16);
}

export function renderEscalationComment(step: EscalationStep, mark: { id: string; now: Date; openedAt: Date }): string {
  const who =
    step.notify.length > 0 ? step.notify.join(' ') : 'nobody (no one is assigned: assign someone or acknowledge)';
  const minutes = Math.round((step.dueAt.getTime() - mark.openedAt.getTime()) / 60_000);
  return [
    updateMarker({
      id: mark.id,
      kind: 'escalation',
      at: mark.now.toISOString(),
      step: step.key,
      notify: step.notify,
    }),
    `### Escalation: step ${step.tier + 1}${step.round > 0 ? `, round ${step.round + 1}` : ''}`,
    '',
    `Not acknowledged ${minutes} min after it was opened. Calling ${neutralize(who)}.`,
    '',
    `Acknowledge with \`/ack\`, an assignee or the \`status:acknowledged\` label to stop the ladder.`,
  ].join('\n');
}

function firedSteps(comments: readonly CommentView[], author: string): Set<string> {
  const fired = new Set<string>();
  for (const comment of comments) {
    if (comment.author !== author) continue;
    const mark = readUpdateMark(comment.body);
    if (mark?.kind === 'escalation' && mark.step) fired.add(mark.step);
  }
  return fired;
}

export async function sweepEscalations(config: IncidentConfig, deps: NotifyDeps): Promise<Sweep> {
  const now = deps.clock.now();
  const listing = await deps.records.listOpen();
  const sweep: Sweep = { open: listing.records.length, read: 0, steps: [] };
  for (const record of listing.records) {
    if (!recordFingerprint(record.body)) continue;
    const stored = storedFacts(record.body);
    const onCall = stored?.assignees ?? [];
    if (isAcknowledged(record, onCall)) continue;
    const severity = severityFromLabels(record.labels) ?? stored?.severity ?? 'sev3';
    const policy = config.escalationPolicy ?? defaultPolicy(onCall.length > 0 ? onCall : record.assignees);
    const openedAt = new Date(stored?.detectedAt ?? record.createdAt);
    const state = { severity, openedAt, acknowledged: false, fired: new Set<string>() };
    const first = nextDueAt(state, policy);
    if (!first || first.getTime() > now.getTime()) continue;

    // Two sweeps at once must not both post a step (a posted comment notifies its mentions even if
    // deleted later): the record is claimed before its timeline is read, so whoever reads it next
    // sees every step the previous holder posted — one read per due record, no re-read.
    const claim = `${CLAIM_PREFIX}${record.number}`;
    // Stamped when taken (not when the sweep began), so a long sweep's claims never look stale.
    if (!(await deps.records.claim(claim, randomUUID(), deps.clock.now(), CLAIM_STALE_MS))) {
      deps.log.info(`#${record.number}: another sweep is escalating it right now; leaving it to that one.`);
      continue;
    }
    try {
      sweep.read++;
      const comments = await deps.records.comments(record.number);
      // An acknowledgement written by this action counts even if its label was changed since.
      if (comments.some((c) => c.author === record.author && readUpdateMark(c.body)?.kind === 'acknowledged')) continue;
      const step = dueStep({ ...state, fired: firedSteps(comments, record.author) }, policy, now);
      // The due step goes first: an earlier step's retry must never delay or block a page.
      if (step) sweep.steps.push(await takeStep(config, deps, record, step, comments, openedAt, now));
      sweep.steps.push(...(await redeliverSteps(config, deps, record, comments)));
    } finally {
      await releaseClaim(claim, deps);
    }
  }
  return sweep;
}

/** Posts the due step's comment (once) and sends its `escalation` event. */
async function takeStep(
  config: IncidentConfig,
  deps: NotifyDeps,
  record: RecordView,
  step: EscalationStep,
  comments: readonly CommentView[],
  openedAt: Date,
  now: Date,
): Promise<SweepStep> {
  const id = stepId(record.number, step.key);
  const posted = await deps.records.commentOnce(
    record.number,
    id,
    renderEscalationComment(step, { id, now, openedAt }),
    comments,
    record.author,
  );
  // 'already-there' here is our own comment whose answer was lost (we hold the claim and the
  // timeline did not have it): it still gets its delivery.
  deps.log.info(`#${record.number}: escalation step ${step.key}, calling ${step.notify.join(', ') || 'nobody'}.`);
  const delivery = await notifyChannels(
    { event: 'escalation', record, updateId: id, notify: step.notify, anchor: posted.comment },
    config.channels,
    config['notify-on'],
    deps,
    [...comments, posted.comment],
  );
  return { record, step, delivery };
}

/**
 * Steps posted earlier whose delivery did not reach every channel (a failed channel, or a sweep that
 * died after posting): sent again to the channels without an `ok` (the caller holds the record's
 * claim, so no other sweep is delivering them now). This is what makes a re-run of a failed sweep deliver.
 */
async function redeliverSteps(
  config: IncidentConfig,
  deps: NotifyDeps,
  record: RecordView,
  comments: readonly CommentView[],
): Promise<SweepStep[]> {
  const channels = configuredChannels(config.channels);
  if (channels.length === 0 || !config['notify-on'].includes('escalation')) return [];
  const steps: SweepStep[] = [];
  for (const comment of comments) {
    const mark = comment.author === record.author ? readUpdateMark(comment.body) : undefined;
    if (mark?.kind !== 'escalation' || !mark.step) continue;
    const { delivered, marks } = deliveredChannels(record, comments, mark.id);
    if (channels.every((channel) => delivered.has(channel))) continue;
    // A channel that keeps failing is not sent every old step forever (each try adds a mark).
    if (marks >= REDELIVERY_ATTEMPTS) continue;
    deps.log.info(`#${record.number}: step ${mark.step} did not reach every channel; sending it again.`);
    let delivery: Delivery;
    try {
      delivery = await notifyChannels(
        { event: 'escalation', record, updateId: mark.id, notify: mark.notify ?? [], anchor: comment },
        config.channels,
        config['notify-on'],
        deps,
        comments,
      );
    } catch (error) {
      deps.log.warning(`#${record.number}: could not send step ${mark.step} again: ${(error as Error).message}`);
      continue;
    }
    const [, round = 'r0', tier = 't0'] = mark.step.split('/');
    steps.push({
      record,
      step: {
        key: mark.step,
        round: Number(round.slice(1)),
        tier: Number(tier.slice(1)),
        notify: mark.notify ?? [],
        dueAt: new Date(mark.at),
      },
      delivery,
    });
  }
  return steps;
}

/** Releasing is tidiness, not safety: a claim left behind is taken over once it is stale. */
async function releaseClaim(claim: string, deps: NotifyDeps): Promise<void> {
  try {
    await deps.records.release(claim);
  } catch (error) {
    deps.log.warning(
      `Could not remove the claim label ${claim} (${(error as Error).message}); the next sweep takes it over after ${CLAIM_STALE_MS / 60_000} min, delete it by hand if it stays.`,
    );
  }
}

/** One answer per channel for the whole sweep: `ok`, or each record's failure. */
export function mergeDeliveries(steps: readonly SweepStep[]): Delivery {
  const merged: Record<string, string[]> = {};
  for (const { record, delivery } of steps) {
    for (const [channel, answer] of Object.entries(delivery)) {
      merged[channel] ??= [];
      if (answer !== 'ok') merged[channel].push(`#${record.number}: ${answer}`);
    }
  }
  return Object.fromEntries(
    Object.entries(merged).map(([channel, errors]) => [channel, errors.length ? errors.join('; ') : 'ok']),
  );
}
