// GitHub I/O for incident records: list open records, make sure labels exist, create, comment,
// relabel and close issues. The only file of this action that talks to GitHub.
import type { GitHubClient } from '../../../src/kernel/github.ts';
import { INCIDENT_LABEL, labelSpec } from '../../../src/kernel/incident-labels.ts';
import type { RecordView } from './record.ts';

export interface RepoRef {
  owner: string;
  repo: string;
}

export interface OpenListing {
  records: RecordView[];
  /** Label names (lower-cased) seen on the listed records: known to exist, so never created. */
  knownLabels: Set<string>;
  /** GitHub's clock at the first page (the `date` header), for the race re-list. */
  serverTime?: Date;
}

type IssueData = Awaited<ReturnType<GitHubClient['rest']['issues']['get']>>['data'];

function toRecord(issue: IssueData): RecordView {
  return {
    number: issue.number,
    title: issue.title,
    body: issue.body ?? '',
    labels: issue.labels.map((label) => (typeof label === 'string' ? label : (label.name ?? ''))).filter(Boolean),
    createdAt: issue.created_at,
    htmlUrl: issue.html_url,
    state: issue.state === 'closed' ? 'closed' : 'open',
  };
}

export function incidentRecords(github: GitHubClient, repo: RepoRef, log: { warning(message: string): void }) {
  return {
    /** Every open issue labelled `incident` (all pages, pull requests skipped); no search API. */
    async listOpen(options: { since?: Date } = {}): Promise<OpenListing> {
      const records: RecordView[] = [];
      const knownLabels = new Set<string>();
      let serverTime: Date | undefined;
      for await (const page of github.paginate.iterator(github.rest.issues.listForRepo, {
        ...repo,
        state: 'open',
        labels: INCIDENT_LABEL,
        per_page: 100,
        sort: 'created',
        direction: 'asc',
        ...(options.since ? { since: options.since.toISOString() } : {}),
      })) {
        if (!serverTime && page.headers.date) serverTime = new Date(page.headers.date);
        for (const issue of page.data) {
          if (issue.pull_request) continue;
          const record = toRecord(issue as IssueData);
          for (const label of record.labels) knownLabels.add(label.toLowerCase());
          records.push(record);
        }
      }
      return { records, knownLabels, serverTime };
    },

    async get(number: number): Promise<RecordView | undefined> {
      try {
        const { data } = await github.rest.issues.get({ ...repo, issue_number: number });
        return data.pull_request ? undefined : toRecord(data);
      } catch (error) {
        if ((error as { status?: number }).status === 404 || (error as { status?: number }).status === 410)
          return undefined;
        throw error;
      }
    },

    /**
     * Creates the managed labels that are not known to exist, with colour and description. A label
     * that exists already (422 already_exists) is left exactly as the team styled it.
     */
    async ensureLabels(names: readonly string[], known: Set<string>): Promise<string[]> {
      const created: string[] = [];
      for (const name of names) {
        if (known.has(name.toLowerCase())) continue;
        const spec = labelSpec(name);
        if (!spec) continue;
        try {
          await github.rest.issues.createLabel({ ...repo, ...spec });
          created.push(name);
        } catch (error) {
          if ((error as { status?: number }).status !== 422) throw error;
        }
        known.add(name.toLowerCase());
      }
      return created;
    },

    async create(fields: { title: string; body: string; labels: string[] }): Promise<RecordView> {
      const { data } = await github.rest.issues.create({ ...repo, ...fields });
      return toRecord(data);
    },

    async comment(number: number, body: string): Promise<void> {
      await github.rest.issues.createComment({ ...repo, issue_number: number, body });
    },

    async update(
      number: number,
      fields: {
        title?: string;
        labels?: string[];
        state?: 'open' | 'closed';
        state_reason?: 'completed' | 'not_planned';
      },
    ): Promise<RecordView> {
      const { data } = await github.rest.issues.update({ ...repo, issue_number: number, ...fields });
      return toRecord(data);
    },

    /** Assigns after the record exists, so a login that cannot be assigned only warns. */
    async assign(number: number, logins: readonly string[]): Promise<void> {
      if (logins.length === 0) return;
      try {
        const { data } = await github.rest.issues.addAssignees({
          ...repo,
          issue_number: number,
          assignees: [...logins],
        });
        const assigned = new Set((data.assignees ?? []).map((user) => user.login.toLowerCase()));
        const missing = logins.filter((login) => !assigned.has(login.toLowerCase()));
        if (missing.length > 0) {
          log.warning(
            `Could not assign ${missing.join(', ')} to #${number}: not a collaborator with access to the repository.`,
          );
        }
      } catch (error) {
        log.warning(`Could not assign ${logins.join(', ')} to #${number}: ${(error as Error).message}`);
      }
    },
  };
}

export type IncidentRecords = ReturnType<typeof incidentRecords>;
