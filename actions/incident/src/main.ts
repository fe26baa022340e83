// Orchestration of the incident action: gather (list records), decide (pure functions in
// record.ts), then apply (create, comment, relabel, close). Bad input never reaches here.

import {
  INCIDENT_LABEL,
  POSTMORTEM_LABEL,
  relabel,
  sourceLabel,
  statusLabel,
} from '../../../src/kernel/incident-labels.ts';
import { SEVERITY_INFO, type Severity, severityFromLabels } from '../../../src/kernel/severity.ts';
import type { IncidentConfig } from './inputs.ts';
import {
  bareTitle,
  deriveFingerprint,
  describeSeconds,
  formatUtc,
  type IncidentFacts,
  matchingRecords,
  parseRecordFacts,
  planOpen,
  postmortemValues,
  type RecordView,
  recordTitle,
  renderDuplicateComment,
  renderRecordBody,
  renderResolutionComment,
  renderReviewBody,
  renderTimelineComment,
  resolveDuplicates,
  secondsToResolve,
} from './record.ts';
import type { IncidentRecords } from './records.ts';

export interface RunContext {
  repository: string;
  serverUrl: string;
  commit?: string;
  runUrl?: string;
}

export interface IncidentDeps {
  records: IncidentRecords;
  context: RunContext;
  now: () => Date;
  log: { info(message: string): void; warning(message: string): void };
}

export type IncidentOutcome =
  | {
      kind: 'created' | 'updated';
      record: RecordView;
      severity: Severity;
      escalatedFrom?: Severity;
      closedDuplicates: number[];
    }
  | { kind: 'resolved'; record: RecordView; severity: Severity; durationSeconds: number; review?: RecordView }
  | { kind: 'nothing-to-resolve'; fingerprint?: string; issueNumber?: number };

const RACE_MARGIN_MS = 10 * 60_000;

export async function runIncident(config: IncidentConfig, deps: IncidentDeps): Promise<IncidentOutcome> {
  return config.mode === 'open' ? open(config, deps) : resolveRecord(config, deps);
}

function factsFor(config: IncidentConfig, deps: IncidentDeps, title: string, severity: Severity): IncidentFacts {
  return {
    title,
    severity,
    fingerprint: config.fingerprint ?? deriveFingerprint(title),
    source: config.source,
    environment: config.environment,
    summary: config.summary,
    at: deps.now(),
    commit: deps.context.commit,
    runUrl: deps.context.runUrl,
    repository: deps.context.repository,
    serverUrl: deps.context.serverUrl,
  };
}

async function open(config: IncidentConfig, deps: IncidentDeps): Promise<IncidentOutcome> {
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
    INCIDENT_LABEL,
    facts.severity,
    statusLabel('investigating'),
    sourceLabel(facts.source),
    ...config.labels,
  ];
  await records.ensureLabels(labels, listing.knownLabels);
  const created = await records.create({
    title: recordTitle(title, facts.severity),
    body: renderRecordBody(facts, config.postmortemTemplate),
    labels: [...new Set(labels)],
  });
  deps.log.info(`Created incident record #${created.number}: ${created.htmlUrl}`);

  // Two runs may have listed at the same moment and both created a record. List what was created
  // since just before our first listing; the lowest number wins and the loser closes its own.
  const since = new Date((listing.serverTime ?? facts.at).getTime() - RACE_MARGIN_MS);
  const relisted = await records.listOpen({ since });
  const matches = matchingRecords(relisted.records, facts.fingerprint);
  const { kept, close } = resolveDuplicates(
    matches.map((record) => record.number),
    created.number,
  );
  if (close.length === 0) {
    await records.assign(created.number, config.assignees);
    return { kind: 'created', record: created, severity: facts.severity, closedDuplicates: [] };
  }
  for (const number of close) {
    await records.comment(number, renderDuplicateComment(kept));
    await records.update(number, { state: 'closed', state_reason: 'not_planned' });
    deps.log.warning(
      `Another run opened #${kept} for the same fingerprint at the same moment; closed #${number} as its duplicate.`,
    );
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
): Promise<IncidentOutcome> {
  const plan = planOpen(record, facts.severity);
  if (plan.kind !== 'update') throw new Error('planOpen must update an existing record');
  await deps.records.comment(record.number, renderTimelineComment(facts, plan));
  let updated = record;
  if (plan.escalatedFrom) {
    await deps.records.ensureLabels([plan.severity], knownLabels);
    updated = await deps.records.update(record.number, {
      title: recordTitle(record.title, plan.severity),
      labels: relabel(record.labels, { severity: plan.severity }),
    });
    deps.log.info(`Raised #${record.number} from ${plan.escalatedFrom} to ${plan.severity}.`);
  }
  await deps.records.assign(record.number, config.assignees);
  return {
    kind: 'updated',
    record: updated,
    severity: plan.severity,
    escalatedFrom: plan.escalatedFrom,
    closedDuplicates,
  };
}

async function resolveRecord(config: IncidentConfig, deps: IncidentDeps): Promise<IncidentOutcome> {
  const { records } = deps;
  let record: RecordView | undefined;
  let knownLabels = new Set<string>();
  const fingerprint = config.fingerprint ?? (config.title ? deriveFingerprint(config.title) : undefined);
  if (fingerprint) {
    const listing = await records.listOpen();
    record = matchingRecords(listing.records, fingerprint)[0];
    knownLabels = listing.knownLabels;
  } else if (config['issue-number'] !== undefined) {
    record = await records.get(config['issue-number']);
    if (record && !record.labels.some((label) => label.toLowerCase() === INCIDENT_LABEL)) {
      deps.log.warning(`#${record.number} is not labelled '${INCIDENT_LABEL}'; resolving it anyway as asked.`);
    }
    if (record?.state !== 'open') record = undefined;
  }
  if (!record) {
    const what = fingerprint ? `fingerprint ${fingerprint}` : `issue #${config['issue-number']}`;
    deps.log.warning(`No open incident record for ${what}: nothing to resolve.`);
    return { kind: 'nothing-to-resolve', fingerprint, issueNumber: config['issue-number'] };
  }
  for (const label of record.labels) knownLabels.add(label.toLowerCase());

  const severity = severityFromLabels(record.labels) ?? config.severity;
  const resolvedAt = deps.now();
  const createdAt = new Date(record.createdAt);
  const parsed = parseRecordFacts(record.body);
  const title = bareTitle(record.title);
  const facts: IncidentFacts = {
    ...factsFor(config, deps, title, severity),
    fingerprint: fingerprint ?? `#${record.number}`,
    environment: config.environment ?? (parsed.facts.Environment !== '—' ? parsed.facts.Environment : undefined),
    summary: parsed.summary,
    at: resolvedAt,
  };

  let review: RecordView | undefined;
  let reviewDue: Date | undefined;
  if (severity === 'sev1' || severity === 'sev2') {
    reviewDue = new Date(resolvedAt.getTime() + 3 * 86_400_000);
    const seconds = secondsToResolve({ resolvedAt, createdAt });
    const values = postmortemValues(
      { ...facts, at: createdAt },
      {
        source: parsed.facts.Source?.replace(/`/g, '') ?? facts.source,
        commit: parsed.facts.Commit ?? '—',
        run_url: facts.runUrl ?? '—',
        resolved_at: formatUtc(resolvedAt),
        time_to_resolve: describeSeconds(seconds),
        resolution: config.resolution ?? '_to fill in_',
        record_url: record.htmlUrl,
        record_number: String(record.number),
        due_date: reviewDue.toISOString().slice(0, 10),
        response_target: SEVERITY_INFO[severity].responseTarget,
      },
    );
    await records.ensureLabels([POSTMORTEM_LABEL], knownLabels);
    review = await records.create({
      title: `Post-incident review: ${recordTitle(title, severity)}`,
      body: renderReviewBody(
        config.postmortemTemplate,
        values,
        { number: record.number, url: record.htmlUrl },
        reviewDue,
      ),
      labels: [POSTMORTEM_LABEL],
    });
  }

  await records.ensureLabels([statusLabel('resolved')], knownLabels);
  await records.comment(
    record.number,
    renderResolutionComment(facts, {
      resolvedAt,
      createdAt,
      resolution: config.resolution,
      reviewNumber: review?.number,
      reviewDue,
    }),
  );
  const closed = await records.update(record.number, {
    state: 'closed',
    state_reason: 'completed',
    labels: relabel(record.labels, { status: 'resolved' }),
  });
  return {
    kind: 'resolved',
    record: closed,
    severity,
    durationSeconds: secondsToResolve({ resolvedAt, createdAt }),
    review,
  };
}
