// After the record is written: tell the configured channels, once per event. Each delivery leaves a
// hidden mark on the record's timeline (which channels answered ok), so a re-run sends only what has
// not been delivered. The record is the source of truth and is never rolled back for a failed delivery.
import type { Clock } from '../../../../src/kernel/clock.ts';
import { statusLabel } from '../../../../src/kernel/incident-labels.ts';
import { severityFromLabels } from '../../../../src/kernel/severity.ts';
import { allUpdateMarks, storedFacts, updateMarker } from '../markers.ts';
import { bareTitle, type RecordView } from '../plan.ts';
import type { CommentView, IncidentRecords } from '../records.ts';
import { type ChannelSettings, configuredChannels, type Delivery, deliver } from './deliver.ts';
import type { ChannelName, EventName, IncidentEvent, RecordSnapshot } from './events.ts';

export interface Signal {
  event: EventName;
  record: RecordView;
  /** The update id of the write this event reports (stable across re-runs of the step). */
  updateId: string;
  summary?: string;
  resolvedAt?: Date;
  timeToResolveSeconds?: number;
  acknowledgedBy?: string;
  notify?: string[];
  /** The comment this signal wrote (its delivery marks are appended to it); the record's body when absent. */
  anchor?: CommentView;
}

export interface NotifyDeps {
  records: IncidentRecords;
  context: { repository: string; runUrl?: string };
  clock: Pick<Clock, 'now' | 'sleep'>;
  log: { info(message: string): void; warning(message: string): void };
}

function statusOf(record: RecordView): RecordSnapshot['status'] {
  const labels = record.labels.map((label) => label.toLowerCase());
  for (const status of ['resolved', 'mitigated', 'acknowledged'] as const) {
    if (labels.includes(statusLabel(status as 'resolved'))) return status;
  }
  return record.state === 'closed' ? 'resolved' : 'investigating';
}

/** The event a channel receives, from the record as written and its hidden facts. */
export function eventFor(signal: Signal, context: NotifyDeps['context']): IncidentEvent {
  const { record } = signal;
  const stored = storedFacts(record.body);
  return {
    version: 1,
    event: signal.event,
    id: signal.updateId,
    record: {
      number: record.number,
      url: record.htmlUrl,
      title: bareTitle(record.title),
      severity: severityFromLabels(record.labels) ?? stored?.severity ?? 'sev3',
      status: statusOf(record),
      fingerprint: stored?.fingerprint ?? `#${record.number}`,
      environment: stored?.environment ?? null,
      source: stored?.source ?? 'manual',
      commit: stored?.commit ?? null,
      openedAt: stored?.detectedAt ?? record.createdAt,
      resolvedAt: signal.resolvedAt?.toISOString() ?? null,
      timeToResolveSeconds: signal.timeToResolveSeconds ?? null,
    },
    repository: context.repository,
    run: { url: context.runUrl ?? null },
    summary: signal.summary ?? null,
    ...(signal.acknowledgedBy ? { acknowledgedBy: signal.acknowledgedBy } : {}),
    ...(signal.notify ? { notify: signal.notify } : {}),
  };
}

/**
 * Channels that already answered `ok` for update `updateId`, and how many delivery marks it has, from
 * the record's body and the comments of the record's author.
 */
export function deliveredChannels(
  record: Pick<RecordView, 'body' | 'author'>,
  comments: readonly CommentView[],
  updateId: string,
): { delivered: Set<string>; marks: number } {
  const delivered = new Set<string>();
  let marks = 0;
  const texts = [record.body, ...comments.filter((comment) => comment.author === record.author).map((c) => c.body)];
  for (const mark of texts.flatMap((text) => allUpdateMarks(text))) {
    if (mark.kind !== 'delivered' || mark.for !== updateId) continue;
    marks++;
    for (const [channel, answer] of Object.entries(mark.channels ?? {})) if (answer === 'ok') delivered.add(channel);
  }
  return { delivered, marks };
}

/** The hidden mark and one visible line, appended to the signal's comment or the record's body. */
export function renderDeliveryMark(
  updateId: string,
  count: number,
  event: EventName,
  delivery: Delivery,
  at: Date,
): string {
  const answers = Object.entries(delivery).map(([channel, answer]) =>
    answer === 'ok' ? `${channel} delivered` : `${channel} **failed** (${answer})`,
  );
  return [
    updateMarker({
      id: `${updateId}.d${count}`,
      kind: 'delivered',
      at: at.toISOString(),
      for: updateId,
      event,
      channels: delivery,
    }),
    `_Notified of \`${event}\`: ${answers.join(' · ')}._`,
  ].join('\n');
}

/**
 * Sends the signal's event to every configured channel that `notify-on` lets through and that has
 * not answered `ok` for it before; marks the delivery on the record. Returns every channel's answer.
 */
export async function notifyChannels(
  signal: Signal,
  settings: ChannelSettings,
  notifyOn: readonly EventName[],
  deps: NotifyDeps,
  knownComments?: readonly CommentView[],
): Promise<Delivery> {
  const channels = configuredChannels(settings);
  if (channels.length === 0 || !notifyOn.includes(signal.event)) return {};
  const { record } = signal;
  const comments = knownComments ?? (await deps.records.comments(record.number));
  const { delivered, marks } = deliveredChannels(record, comments, signal.updateId);
  const earlier: Delivery = {};
  const toSend: ChannelName[] = [];
  for (const channel of channels) {
    if (delivered.has(channel)) earlier[channel] = 'ok';
    else toSend.push(channel);
  }
  if (toSend.length === 0) {
    deps.log.info(`Every channel already has the ${signal.event} event of #${record.number}; not sending it again.`);
    return earlier;
  }
  if (Object.keys(earlier).length > 0) {
    deps.log.info(
      `${Object.keys(earlier).join(', ')} already got this event (an earlier run); sending to ${toSend.join(', ')}.`,
    );
  }
  const result = await deliver(eventFor(signal, deps.context), toSend, settings, deps);
  for (const [channel, answer] of Object.entries(result)) {
    if (answer === 'ok') deps.log.info(`${channel}: delivered the ${signal.event} event of #${record.number}.`);
  }
  // Appended by editing (not a new comment): GitHub spaces content-creating requests a second apart.
  const mark = renderDeliveryMark(signal.updateId, marks + 1, signal.event, result, deps.clock.now());
  if (signal.anchor) {
    await deps.records.updateComment(signal.anchor.id, `${signal.anchor.body}\n\n${mark}`);
  } else {
    // Read the body just before writing it, so a person's edit since the listing is kept.
    const fresh = (await deps.records.get(record.number)) ?? record;
    await deps.records.update(record.number, { body: `${fresh.body}\n\n${mark}` });
  }
  return { ...earlier, ...result };
}

/** Failed channels with their answers, for the step's failure message. */
export function failures(delivery: Delivery): string[] {
  return Object.entries(delivery)
    .filter(([, answer]) => answer !== 'ok')
    .map(([channel, answer]) => `${channel}: ${answer}`);
}
