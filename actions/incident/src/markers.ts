// The hidden, machine-readable parts of what this action writes: the record's marker and facts
// block (the first two lines of its body), the update marker that starts each of its comments, and
// the review's marker. Only these, in these places, identify anything; user text is neutralised so
// it can never forge them.
import type { Severity } from '../../../src/kernel/severity.ts';

/** The facts `resolve` and the channels read back; the visible table is for people and may be edited. */
export interface StoredFacts {
  fingerprint: string;
  /** The severity the record was opened with (the label says the current one). */
  severity: Severity;
  source: string;
  environment?: string;
  commit?: string;
  runUrl?: string;
  /** ISO time the first signal was seen. */
  detectedAt: string;
  /** The update id of the run that created the record (a re-run of that run adds nothing). */
  update: string;
  /** Logins the action assigned at open (the on-call): they do not count as someone acknowledging. */
  assignees?: string[];
}

export type UpdateKind = 'seen' | 'resolved' | 'delivered' | 'acknowledged' | 'escalation';

/** What the first line of one of this action's comments says about it. */
export interface UpdateMark {
  id: string;
  kind: UpdateKind;
  /** ISO time of the signal. */
  at: string;
  severity?: Severity;
  /** `delivered`: the update whose event was sent, the event, and each channel's answer. */
  for?: string;
  event?: string;
  channels?: Record<string, string>;
  /** `escalation`: the ladder step (`sev1/r0/t1`). */
  step?: string;
  /** `acknowledged`: who. */
  by?: string;
  /** `escalation`: whom the step calls (its delivery is retried with them). */
  notify?: string[];
}

const RECORD_MARKER = /^<!-- shipshape:fingerprint=(\S+) -->$/;
const FACTS_MARKER = /^<!-- shipshape:facts (\{.*\}) -->$/;
const UPDATE_MARKER = /^<!-- shipshape:update (\{.*\}) -->$/;
const REVIEW_MARKER = /^<!-- shipshape:review-of=#(\d+) -->$/;

/** JSON that cannot end an HTML comment or open a tag: `<` and `>` become `\u003c`/`\u003e`. */
function hiddenJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e');
}

function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function lines(body: string | null | undefined, count: number): string[] {
  return (body ?? '').split('\n', count).map((line) => line.replace(/\r$/, ''));
}

export function fingerprintMarker(fingerprint: string): string {
  return `<!-- shipshape:fingerprint=${fingerprint} -->`;
}

export function factsMarker(facts: StoredFacts): string {
  return `<!-- shipshape:facts ${hiddenJson(facts)} -->`;
}

/** The fingerprint of a record body this action wrote: its first line, and nothing else. */
export function recordFingerprint(body: string | null | undefined): string | undefined {
  return RECORD_MARKER.exec(lines(body, 1)[0] ?? '')?.[1];
}

/** The hidden facts on the second line of a record body, when present and well-formed. */
export function storedFacts(body: string | null | undefined): StoredFacts | undefined {
  const [first, second] = lines(body, 2);
  if (!first || !RECORD_MARKER.test(first)) return undefined;
  const json = FACTS_MARKER.exec(second ?? '')?.[1];
  const value = json ? parseJsonObject(json) : undefined;
  if (!value || typeof value.fingerprint !== 'string' || typeof value.detectedAt !== 'string') return undefined;
  const text = (key: string) => (typeof value[key] === 'string' ? (value[key] as string) : undefined);
  return {
    fingerprint: value.fingerprint,
    severity: (text('severity') ?? 'sev3') as Severity,
    source: text('source') ?? 'manual',
    environment: text('environment'),
    commit: text('commit'),
    runUrl: text('runUrl'),
    detectedAt: value.detectedAt,
    update: text('update') ?? '',
    ...(Array.isArray(value.assignees)
      ? { assignees: value.assignees.filter((login): login is string => typeof login === 'string') }
      : {}),
  };
}

export function updateMarker(mark: UpdateMark): string {
  return `<!-- shipshape:update ${hiddenJson(mark)} -->`;
}

/**
 * Every update mark on a line of its own in text this action wrote (delivery marks are appended to
 * the signal's comment or the record's body). User text in that text is neutralised, so such lines
 * are the action's.
 */
export function allUpdateMarks(body: string | null | undefined): UpdateMark[] {
  return (body ?? '')
    .split('\n')
    .map((line) => readUpdateMark(line))
    .filter((mark): mark is UpdateMark => mark !== undefined);
}

/** The update mark on the first line of a comment, when the comment starts with one. */
export function readUpdateMark(body: string | null | undefined): UpdateMark | undefined {
  const json = UPDATE_MARKER.exec(lines(body, 1)[0] ?? '')?.[1];
  const value = json ? parseJsonObject(json) : undefined;
  if (!value || typeof value.id !== 'string' || typeof value.kind !== 'string' || typeof value.at !== 'string') {
    return undefined;
  }
  const text = (key: string) => (typeof value[key] === 'string' ? (value[key] as string) : undefined);
  const channels =
    value.channels && typeof value.channels === 'object' && !Array.isArray(value.channels)
      ? Object.fromEntries(
          Object.entries(value.channels as Record<string, unknown>).filter(
            (entry): entry is [string, string] => typeof entry[1] === 'string',
          ),
        )
      : undefined;
  const mark: UpdateMark = { id: value.id, kind: value.kind as UpdateKind, at: value.at };
  if (text('severity')) mark.severity = text('severity') as Severity;
  if (text('for')) mark.for = text('for');
  if (text('event')) mark.event = text('event');
  if (channels) mark.channels = channels;
  if (text('step')) mark.step = text('step');
  if (text('by')) mark.by = text('by');
  if (Array.isArray(value.notify))
    mark.notify = value.notify.filter((item): item is string => typeof item === 'string');
  return mark;
}

/** A comment body without its first (marker) line. */
export function withoutMarker(body: string): string {
  return body.replace(/^<!-- shipshape:[^\n]*-->\r?\n?/, '');
}

export function reviewMarker(recordNumber: number): string {
  return `<!-- shipshape:review-of=#${recordNumber} -->`;
}

/** The record number a review body belongs to (its first line). */
export function reviewOf(body: string | null | undefined): number | undefined {
  const match = REVIEW_MARKER.exec(lines(body, 1)[0] ?? '');
  return match ? Number(match[1]) : undefined;
}

/**
 * User text placed in a record: an HTML comment opener is shown, not parsed, so a summary can
 * neither hide text nor forge a marker (markers are also only read from the first lines).
 */
export function neutralize(text: string): string {
  return text.replace(/<!--/g, '&lt;!--').replace(/--!?>/g, (end) => end.replace('>', '&gt;'));
}
