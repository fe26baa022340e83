// Orchestration of the incident action: gather (list records, read timelines), decide (pure
// functions in plan.ts), then apply (create, comment, relabel, close). Bad input never reaches here.
// `run()` is the entry (no arguments, as @github/local-action calls it); `runIncident` is the core.
import { createHash, randomUUID } from 'node:crypto';
import * as core from '@actions/core';
import { type Clock, systemClock } from '../../../src/kernel/clock.ts';
import { repositoryFromEnv, runContextFromEnv } from '../../../src/kernel/context.ts';
import { UserError } from '../../../src/kernel/errors.ts';
import {
  INCIDENT_LABEL,
  POSTMORTEM_LABEL,
  relabel,
  sourceLabel,
  statusLabel,
} from '../../../src/kernel/incident-labels.ts';
import { loadYamlFor, readInputsFromEnv } from '../../../src/kernel/inputs.ts';
import { setOutputs, writeSummary } from '../../../src/kernel/report.ts';
import { runAction } from '../../../src/kernel/run.ts';
import { SEVERITY_INFO, type Severity, severityFromLabels } from '../../../src/kernel/severity.ts';
import { mergeDeliveries, sweepEscalations } from './escalate.ts';
import { deriveFingerprint } from './fingerprint.ts';
import { INCIDENT_INPUT_NAMES, type IncidentConfig, incidentInputSchema, readConfig, SECRET_INPUTS } from './inputs.ts';
import {
  factsMarker,
  recordFingerprint as fingerprintOfBody,
  neutralize,
  readUpdateMark,
  storedFacts,
  updateMarker,
  withoutMarker,
} from './markers.ts';
import { failures, notifyChannels, type Signal } from './paging/notify.ts';
import {
  bareTitle,
  matchingRecords,
  planSighting,
  type RecordView,
  recordTitle,
  resolveDuplicates,
  secondsBetween,
} from './plan.ts';
import {
  postmortemValues,
  renderReviewBody,
  renderSummaries,
  renderTimeline,
  type TimelineEntry,
} from './postmortem.ts';
import type { CommentView, IncidentRecords } from './records.ts';
import {
  commitLink,
  describeSeconds,
  formatUtc,
  type IncidentFacts,
  recordSummary,
  renderDuplicateComment,
  renderRecordBody,
  renderResolutionComment,
  renderTimelineComment,
} from './render.ts';
import type { IncidentOutcome, RecordOutcome } from './result.ts';
import { outputsFor, summaryFor } from './summary.ts';

export interface RunContext {
  repository: string;
  serverUrl: string;
  commit?: string;
  runUrl?: string;
  /**
   * Names this step of this workflow run (run id and step), the same on a re-run: the writes of a
   * run carry ids derived from it, so a re-run finds them instead of writing them again.
   */
  runKey: string;
  /** The issue of an `issue_comment` or `issues` event (a `/ack` comment names its record). */
  eventIssueNumber?: number;
  /** A re-run (`GITHUB_RUN_ATTEMPT` > 1): a resolve then also looks for the record it closed itself. */
  rerun?: boolean;
}

export interface IncidentDeps {
  records: IncidentRecords;
  context: RunContext;
  clock: Pick<Clock, 'now' | 'sleep'>;
  log: { info(message: string): void; warning(message: string): void };
}

const RACE_MARGIN_MS = 10 * 60_000;
const REVIEW_DAYS = 3;

/** The entry: inputs from the runner's environment, real GitHub, outputs and summary. */
export async function run(): Promise<void> {
  await runAction(async () => {
    const raw = readInputsFromEnv(INCIDENT_INPUT_NAMES);
    // Masked before anything can print them, also when they turn out to be bad input.
    for (const name of SECRET_INPUTS) if (raw[name]) core.setSecret(raw[name]);
    await loadYamlFor(incidentInputSchema, raw);
    const config = readConfig(raw);
    const repo = repositoryFromEnv();
    const runContext = runContextFromEnv();
    const { createGitHubClient } = await import('../../../src/kernel/github.ts');
    const { incidentRecords } = await import('./records.ts');
    const github = createGitHubClient(config.token);
    const runId = process.env.GITHUB_RUN_ID;
    const outcome = await runIncident(config, {
      records: incidentRecords(github, repo, core),
      context: {
        repository: `${repo.owner}/${repo.repo}`,
        serverUrl: runContext.serverUrl,
        commit: runContext.sha,
        runUrl: runContext.runUrl,
        runKey: runId ? `${runId}/${process.env.GITHUB_JOB ?? ''}/${process.env.GITHUB_ACTION ?? ''}` : randomUUID(),
        eventIssueNumber: eventIssue(runContext.payload),
        rerun: Number(process.env.GITHUB_RUN_ATTEMPT ?? '1') > 1,
      },
      clock: systemClock,
      log: core,
    });
    setOutputs(outputsFor(outcome));
    writeSummary(summaryFor(outcome));
    const failed = failures(outcome.notified);
    if (failed.length > 0) {
      throw new UserError(
        `The record is written, but ${failed.length === 1 ? 'a channel' : 'channels'} failed: ${failed.join('; ')}.`,
      );
    }
  });
}

/** What a mode did to the record, and the signal the channels are told about. */
interface Step {
  outcome: RecordOutcome;
  signal?: Signal;
  /** The record's comments as read before this run's writes (delivery marks are looked for in them). */
  comments?: CommentView[];
}

export async function runIncident(config: IncidentConfig, deps: IncidentDeps): Promise<IncidentOutcome> {
  if (config.mode === 'escalate') {
    const sweep = await sweepEscalations(config, deps);
    return {
      kind: 'swept',
      sweep: {
        open: sweep.open,
        read: sweep.read,
        steps: sweep.steps.map(({ record, step }) => ({
          number: record.number,
          url: record.htmlUrl,
          title: record.title,
          step: step.key,
          notify: step.notify,
        })),
      },
      notified: mergeDeliveries(sweep.steps),
    };
  }
  const step =
    config.mode === 'open'
      ? await open(config, deps)
      : config.mode === 'acknowledge'
        ? await acknowledge(config, deps)
        : await resolveRecord(config, deps);
  const notified = step.signal
    ? await notifyChannels(step.signal, config.channels, config['notify-on'], deps, step.comments)
    : {};
  return { ...step.outcome, notified };
}

function eventIssue(payload: Record<string, unknown>): number | undefined {
  const number = (payload.issue as { number?: unknown } | undefined)?.number;
  return typeof number === 'number' && Number.isSafeInteger(number) ? number : undefined;
}

/** The id of this run's write of `kind` for `fingerprint`: the same on a re-run of the same step. */
export function updateId(runKey: string, kind: string, fingerprint: string): string {
  return createHash('sha256').update(`${runKey}\n${kind}\n${fingerprint}`).digest('hex').slice(0, 16);
}

function factsFor(config: IncidentConfig, deps: IncidentDeps, title: string, severity: Severity): IncidentFacts {
  const fingerprint = config.fingerprint ?? deriveFingerprint(title);
  return {
    title,
    severity,
    fingerprint,
    source: config.source,
    environment: config.environment,
    summary: config.summary,
    at: deps.clock.now(),
    commit: deps.context.commit,
    runUrl: deps.context.runUrl,
    repository: deps.context.repository,
    serverUrl: deps.context.serverUrl,
    updateId: updateId(deps.context.runKey, config.mode, fingerprint),
    assignees: config.assignees,
  };
}

async function open(config: IncidentConfig, deps: IncidentDeps): Promise<Step> {
  const { records } = deps;
  const title = config.title ?? '';
  const facts = factsFor(config, deps, title, config.severity);
  const listing = await records.listOpen();
  const existing = matchingRecords(listing.records, facts.fingerprint);
  if (existing.length > 1) {
    deps.log.warning(
      `Several open records carry fingerprint ${facts.fingerprint} (#${existing.map((r) => r.number).join(', #')}); adding to #${existing[0].number}.`,
    );
  }
  if (existing[0]) return addToRecord(existing[0], facts, config, deps, listing.knownLabels, []);

  const labels = [
    ...new Set([
      INCIDENT_LABEL,
      facts.severity,
      statusLabel('investigating'),
      sourceLabel(facts.source),
      ...config.labels,
    ]),
  ];
  await records.ensureLabels(labels, listing.knownLabels);
  const created = await records.create({
    title: recordTitle(title, facts.severity),
    body: renderRecordBody(facts, config.postmortemTemplate),
    labels,
  });
  deps.log.info(
    `Created incident record #${created.number} (${facts.severity}, fingerprint ${facts.fingerprint}): ${created.htmlUrl}`,
  );

  // Two runs may have listed at the same moment and both created a record (or GitHub created one
  // whose answer was lost, and the client's retry made another). List what was created since just
  // before our first listing; the lowest number wins and the loser closes its own.
  const since = new Date((listing.serverTime ?? facts.at).getTime() - RACE_MARGIN_MS);
  const relisted = await records.listOpen({ since });
  const matches = matchingRecords(relisted.records, facts.fingerprint);
  const { kept, close } = resolveDuplicates(
    matches.map((record) => record.number),
    created.number,
  );
  if (close.length === 0) {
    await records.assign(created.number, config.assignees);
    return {
      outcome: { kind: 'created', record: created, severity: facts.severity, closedDuplicates: [] },
      signal: { event: 'opened', record: created, updateId: facts.updateId, summary: facts.summary },
      comments: [],
    };
  }
  for (const number of close) {
    await records.comment(number, renderDuplicateComment(kept));
    await records.update(number, { state: 'closed', state_reason: 'not_planned' });
    deps.log.warning(`Another record for the same fingerprint exists (#${kept}); closed #${number} as its duplicate.`);
  }
  const keptRecord = matches.find((record) => record.number === kept);
  if (!keptRecord) throw new Error(`record #${kept} vanished between two listings`);
  for (const label of relisted.knownLabels) listing.knownLabels.add(label);
  return addToRecord(keptRecord, facts, config, deps, listing.knownLabels, close);
}

async function addToRecord(
  record: RecordView,
  facts: IncidentFacts,
  config: IncidentConfig,
  deps: IncidentDeps,
  knownLabels: Set<string>,
  closedDuplicates: number[],
): Promise<Step> {
  const comments = await deps.records.comments(record.number);
  // This very step created the record (a re-run, or a lost create answer): nothing to add.
  if (storedFacts(record.body)?.update === facts.updateId) {
    deps.log.info(`#${record.number} was created by this step of this run; nothing to add.`);
    await deps.records.assign(record.number, config.assignees);
    const severity = severityFromLabels(record.labels) ?? facts.severity;
    return {
      outcome: { kind: 'created', record, severity, closedDuplicates },
      signal: { event: 'opened', record, updateId: facts.updateId, summary: facts.summary },
      comments,
    };
  }
  const plan = planSighting(record, facts.severity);
  const posted = await deps.records.commentOnce(
    record.number,
    facts.updateId,
    renderTimelineComment(facts, plan),
    comments,
    record.author,
  );
  deps.log.info(
    posted.outcome === 'posted'
      ? `Added a timeline entry to #${record.number}: ${record.htmlUrl}`
      : `#${record.number} already has this run's timeline entry; not adding it again.`,
  );
  let updated = record;
  if (plan.escalatedFrom) {
    await deps.records.ensureLabels([plan.severity], knownLabels);
    updated = await deps.records.update(record.number, {
      title: recordTitle(record.title, plan.severity),
      labels: relabel(record.labels, { severity: plan.severity }),
    });
    deps.log.info(`Raised #${record.number} from ${plan.escalatedFrom} to ${plan.severity}.`);
  }
  // On-call first: if assigning went through but this did not, the new assignee would read as an acknowledgement.
  updated = await rememberOnCall(updated, config.assignees, deps);
  await deps.records.assign(record.number, config.assignees);
  return {
    outcome: {
      kind: 'updated',
      record: updated,
      severity: plan.severity,
      escalatedFrom: plan.escalatedFrom,
      closedDuplicates,
    },
    signal: {
      event: plan.escalatedFrom ? 'escalated' : 'updated',
      record: updated,
      updateId: facts.updateId,
      summary: facts.summary,
      anchor: posted.comment,
    },
    comments,
  };
}

/**
 * People a later `open` assigns are paged, not acknowledging: they join the on-call list in the
 * record's hidden facts (otherwise the escalation would read them as someone who took it on).
 */
async function rememberOnCall(
  record: RecordView,
  assignees: readonly string[],
  deps: IncidentDeps,
): Promise<RecordView> {
  const stored = storedFacts(record.body);
  const known = new Set((stored?.assignees ?? []).map((login) => login.toLowerCase()));
  const added = assignees.filter((login) => !known.has(login.toLowerCase()));
  if (!stored || added.length === 0) return record;
  // Read just before writing, so a person's edit of the body since the listing is kept.
  const fresh = (await deps.records.get(record.number)) ?? record;
  const freshFacts = storedFacts(fresh.body);
  // Someone removed the hidden facts line since the listing: leave the body to them.
  if (!freshFacts) return record;
  const onCall = [...new Set([...(freshFacts.assignees ?? []), ...added])];
  const [first, , ...rest] = fresh.body.split('\n');
  const body = [first, factsMarker({ ...freshFacts, assignees: onCall }), ...rest].join('\n');
  return deps.records.update(record.number, { body });
}

/** The record's life from its body and the marked comments this action wrote on it. */
function timelineOf(record: RecordView, comments: readonly CommentView[], opened: Date): TimelineEntry[] {
  const stored = storedFacts(record.body);
  const entries: TimelineEntry[] = [
    {
      at: opened,
      what: `Opened by ${stored?.source ?? 'hand'} (${stored?.severity ?? severityFromLabels(record.labels) ?? '—'})`,
      text: recordSummary(record.body),
    },
  ];
  for (const comment of comments) {
    if (comment.author !== record.author) continue;
    const mark = readUpdateMark(comment.body);
    if (mark?.kind !== 'seen') continue;
    // After the marker: the timeline line, an optional note on the severity, then the summary.
    const [, ...rest] = withoutMarker(comment.body).split('\n');
    const raised = /^\*\*Severity raised from (sev[1-4]) to (sev[1-4])\.\*\*$/.exec(rest[1] ?? '');
    const note = raised || /^Reported as sev[1-4]; the record stays/.test(rest[1] ?? '');
    entries.push({
      at: new Date(mark.at),
      what: `Seen again${mark.severity ? ` (${mark.severity})` : ''}${raised ? `, raised from ${raised[1]}` : ''}`,
      text: (note ? rest.slice(2) : rest).join('\n').trim() || undefined,
    });
  }
  return entries;
}

interface Located {
  record?: RecordView;
  fingerprint?: string;
  issueNumber?: number;
  knownLabels: Set<string>;
}

/** The open record a `resolve` or `acknowledge` names: by fingerprint, title, issue number or the event's issue. */
async function findRecord(config: IncidentConfig, deps: IncidentDeps, verb: string): Promise<Located> {
  const { records } = deps;
  const fingerprint = config.fingerprint ?? (config.title ? deriveFingerprint(config.title) : undefined);
  const issueNumber = config['issue-number'] ?? (fingerprint ? undefined : deps.context.eventIssueNumber);
  if (fingerprint) {
    const listing = await records.listOpen();
    return { record: matchingRecords(listing.records, fingerprint)[0], fingerprint, knownLabels: listing.knownLabels };
  }
  if (issueNumber === undefined) {
    throw new UserError(
      `mode '${config.mode}' needs the record: give fingerprint, title or issue-number (or run it on an issue or issue comment event).`,
    );
  }
  let record = await records.get(issueNumber);
  if (record && !record.labels.some((label) => label.toLowerCase() === INCIDENT_LABEL)) {
    deps.log.warning(`#${record.number} is not labelled '${INCIDENT_LABEL}'; going on to ${verb} it as asked.`);
  }
  if (record?.state !== 'open') record = undefined;
  return { record, issueNumber, knownLabels: new Set() };
}

function nothingOpen(mode: 'resolve' | 'acknowledge', located: Located, deps: IncidentDeps): Step {
  const what = located.fingerprint ? `fingerprint ${located.fingerprint}` : `issue #${located.issueNumber}`;
  deps.log.warning(`No open incident record for ${what}: nothing to ${mode}.`);
  return {
    outcome: { kind: 'no-open-record', mode, fingerprint: located.fingerprint, issueNumber: located.issueNumber },
  };
}

async function acknowledge(config: IncidentConfig, deps: IncidentDeps): Promise<Step> {
  const located = await findRecord(config, deps, 'acknowledge');
  const { record } = located;
  if (!record) return nothingOpen('acknowledge', located, deps);
  const by = config['acknowledged-by'] ?? 'someone';
  const now = deps.clock.now();
  const fingerprint = storedFacts(record.body)?.fingerprint ?? `#${record.number}`;
  const id = updateId(deps.context.runKey, 'acknowledge', fingerprint);
  const comments = await deps.records.comments(record.number);
  const mention = /^[A-Za-z0-9][A-Za-z0-9-]{0,38}$/.test(by) ? `@${by}` : neutralize(by);
  const posted = await deps.records.commentOnce(
    record.number,
    id,
    [
      updateMarker({ id, kind: 'acknowledged', at: now.toISOString(), by }),
      `**Acknowledged** by ${mention} at ${formatUtc(now)}: escalation stops for this record.`,
    ].join('\n'),
    comments,
    record.author,
  );
  let updated = record;
  if (!record.labels.some((label) => label.toLowerCase() === statusLabel('acknowledged'))) {
    for (const label of record.labels) located.knownLabels.add(label.toLowerCase());
    await deps.records.ensureLabels([statusLabel('acknowledged')], located.knownLabels);
    updated = await deps.records.update(record.number, { labels: relabel(record.labels, { status: 'acknowledged' }) });
  }
  deps.log.info(
    posted.outcome === 'posted'
      ? `Acknowledged #${record.number} for ${by}: ${record.htmlUrl}`
      : `#${record.number} already has this run's acknowledgement.`,
  );
  const severity = severityFromLabels(updated.labels) ?? config.severity;
  return {
    outcome: { kind: 'acknowledged', record: updated, severity, by },
    signal: { event: 'acknowledged', record: updated, updateId: id, acknowledgedBy: by, anchor: posted.comment },
    comments,
  };
}

/**
 * On a re-run, the record this step already closed (its resolution comment carries this step's update
 * id): the run converges on the same outcome, and channels that missed the `resolved` event get it.
 */
async function resolvedByThisRun(located: Located, deps: IncidentDeps): Promise<Step | undefined> {
  const { fingerprint } = located;
  if (!fingerprint || !deps.context.rerun) return undefined;
  const id = updateId(deps.context.runKey, 'resolve', fingerprint);
  const since = new Date(deps.clock.now().getTime() - 7 * 86_400_000);
  const candidates = (await deps.records.listRecentlyClosed(since)).filter(
    (record) => fingerprintOfBody(record.body) === fingerprint,
  );
  for (const record of candidates) {
    const comments = await deps.records.comments(record.number);
    const resolution = comments.find(
      (comment) => comment.author === record.author && readUpdateMark(comment.body)?.id === id,
    );
    if (!resolution) continue;
    const mark = readUpdateMark(resolution.body);
    const resolvedAt = new Date(mark?.at ?? resolution.createdAt);
    const seconds = secondsBetween(new Date(record.createdAt), resolvedAt);
    const severity = severityFromLabels(record.labels) ?? 'sev3';
    // The review this step opened is part of its outcome (postmortem-issue-number) on a re-run too.
    const review =
      severity === 'sev1' || severity === 'sev2'
        ? await deps.records.findReview(record.number, record.author, new Date(record.createdAt))
        : undefined;
    deps.log.info(
      `This step already resolved #${record.number}${review ? ` and opened review #${review.number}` : ''}: nothing to change.`,
    );
    return {
      outcome: { kind: 'resolved', record, severity, durationSeconds: seconds, ...(review ? { review } : {}) },
      signal: {
        event: 'resolved',
        record,
        updateId: id,
        resolvedAt,
        timeToResolveSeconds: seconds,
        anchor: resolution,
      },
      comments,
    };
  }
  return undefined;
}

async function resolveRecord(config: IncidentConfig, deps: IncidentDeps): Promise<Step> {
  const { records } = deps;
  const located = await findRecord(config, deps, 'resolve');
  const { record, fingerprint, knownLabels } = located;
  if (!record) return (await resolvedByThisRun(located, deps)) ?? nothingOpen('resolve', located, deps);
  for (const label of record.labels) knownLabels.add(label.toLowerCase());

  const severity = severityFromLabels(record.labels) ?? config.severity;
  const resolvedAt = deps.clock.now();
  const createdAt = new Date(record.createdAt);
  const stored = storedFacts(record.body);
  const recordFingerprint = stored?.fingerprint ?? fingerprint ?? `#${record.number}`;
  const facts: IncidentFacts = {
    ...factsFor(config, deps, bareTitle(record.title), severity),
    fingerprint: recordFingerprint,
    environment: config.environment ?? stored?.environment,
    updateId: updateId(deps.context.runKey, 'resolve', recordFingerprint),
    at: resolvedAt,
  };
  const seconds = secondsBetween(createdAt, resolvedAt);
  const comments = await records.comments(record.number);
  deps.log.info(
    `Resolving #${record.number} (${severity}, fingerprint ${recordFingerprint}) after ${describeSeconds(seconds)}.`,
  );

  let review: RecordView | undefined;
  let reviewDue: Date | undefined;
  if (severity === 'sev1' || severity === 'sev2') {
    reviewDue = new Date(resolvedAt.getTime() + REVIEW_DAYS * 86_400_000);
    review = await records.findReview(record.number, record.author, createdAt);
    if (review) {
      deps.log.info(`Post-incident review #${review.number} exists already (an earlier run): not opening another.`);
    } else {
      const entries = [
        ...timelineOf(record, comments, stored ? new Date(stored.detectedAt) : createdAt),
        { at: resolvedAt, what: 'Resolved', text: config.resolution },
      ];
      const values = postmortemValues(
        {
          ...facts,
          at: stored ? new Date(stored.detectedAt) : createdAt,
          commit: stored?.commit,
          summary: renderSummaries(entries.slice(0, -1)),
        },
        {
          source: stored?.source ?? facts.source,
          commit: stored?.commit ? commitLink({ ...facts, commit: stored.commit }) : '—',
          run_url: stored?.runUrl ?? facts.runUrl ?? '—',
          resolved_at: formatUtc(resolvedAt),
          time_to_resolve: describeSeconds(seconds),
          resolution: config.resolution ?? '_to fill in_',
          record_url: record.htmlUrl,
          record_number: String(record.number),
          due_date: reviewDue.toISOString().slice(0, 10),
          response_target: SEVERITY_INFO[severity].responseTarget,
          timeline: renderTimeline(entries),
        },
      );
      await records.ensureLabels([POSTMORTEM_LABEL], knownLabels);
      review = await records.createReviewOnce(record.number, record.author, createdAt, {
        title: `Post-incident review: ${recordTitle(facts.title, severity)}`,
        body: renderReviewBody(
          config.postmortemTemplate,
          values,
          { number: record.number, url: record.htmlUrl },
          reviewDue,
        ),
        labels: [POSTMORTEM_LABEL],
      });
      deps.log.info(`Opened post-incident review #${review.number}: ${review.htmlUrl}`);
    }
  }

  await records.ensureLabels([statusLabel('resolved')], knownLabels);
  const posted = await records.commentOnce(
    record.number,
    facts.updateId,
    renderResolutionComment(facts, {
      resolvedAt,
      createdAt,
      seconds,
      resolution: config.resolution,
      reviewNumber: review?.number,
      reviewDue,
    }),
    comments,
    record.author,
  );
  if (posted.outcome === 'already-there') {
    deps.log.info(`#${record.number} already has this run's resolution comment.`);
  }
  const closed = await records.update(record.number, {
    state: 'closed',
    state_reason: 'completed',
    labels: relabel(record.labels, { status: 'resolved' }),
  });
  deps.log.info(`Closed #${record.number} as resolved: ${record.htmlUrl}`);
  return {
    outcome: { kind: 'resolved', record: closed, severity, durationSeconds: seconds, review },
    signal: {
      event: 'resolved',
      record: closed,
      updateId: facts.updateId,
      summary: config.resolution,
      resolvedAt,
      timeToResolveSeconds: seconds,
      anchor: posted.comment,
    },
    comments,
  };
}
