// GitHub I/O for incident records: list open records, make sure labels exist, create, comment,
// relabel and close issues, find reviews. The only file of this action that talks to GitHub.
// Writes that must happen once (timeline comments, the review) are sent without the client's
// automatic retries; after an ambiguous failure (5xx, timeout, reset) they look before writing again.
import type { GitHubClient } from '../../../src/kernel/github.ts';
import { INCIDENT_LABEL, labelSpec, POSTMORTEM_LABEL } from '../../../src/kernel/incident-labels.ts';
import { readUpdateMark, reviewOf } from './markers.ts';
import type { RecordView } from './plan.ts';

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

export interface CommentView {
  id: number;
  body: string;
  author: string;
  createdAt: string;
}

/** A comment this run wrote, or found already written by an earlier attempt. */
export interface WrittenComment {
  outcome: 'posted' | 'already-there';
  comment: CommentView;
}

type IssueData = Awaited<ReturnType<GitHubClient['rest']['issues']['get']>>['data'];

/** Attempts of a write that must happen once; between them the action looks for the first one's work. */
const WRITE_ATTEMPTS = 3;
const NO_AUTOMATIC_RETRY = { request: { retries: 0 } } as const;

/** A claim label's description starts with this, then the claiming run's nonce and time. */
const CLAIM_DESCRIPTION = 'shipshape escalation claim';

function toRecord(issue: IssueData): RecordView {
  return {
    number: issue.number,
    title: issue.title,
    body: issue.body ?? '',
    labels: issue.labels.map((label) => (typeof label === 'string' ? label : (label.name ?? ''))).filter(Boolean),
    assignees: (issue.assignees ?? []).map((user) => user.login),
    author: issue.user?.login ?? '',
    createdAt: issue.created_at,
    htmlUrl: issue.html_url,
    state: issue.state === 'closed' ? 'closed' : 'open',
  };
}

/** A failure after which GitHub may or may not have done the work: 5xx, timeout, reset. */
export function isAmbiguous(error: unknown): boolean {
  const status = (error as { status?: unknown })?.status;
  return typeof status !== 'number' || status >= 500;
}

function status(error: unknown): number | undefined {
  const value = (error as { status?: unknown })?.status;
  return typeof value === 'number' ? value : undefined;
}

export function incidentRecords(
  github: GitHubClient,
  repo: RepoRef,
  log: { info(message: string): void; warning(message: string): void },
  pause: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
) {
  let repoLabels: Set<string> | undefined;

  /** Sends `write` once; after an ambiguous failure looks with `find` and sends again only if nothing is there. */
  async function writeOnce<T>(what: string, write: () => Promise<T>, find: () => Promise<T | undefined>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await write();
      } catch (error) {
        if (!isAmbiguous(error) || attempt >= WRITE_ATTEMPTS) throw error;
        log.warning(`${what}: GitHub answered ${status(error) ?? 'nothing'}; looking whether it was written.`);
        await pause(500 * attempt);
        const found = await find();
        if (found !== undefined) {
          log.info(`${what}: it was written; not sending it again.`);
          return found;
        }
      }
    }
  }

  const records = {
    /** Every open issue labelled `incident` (all pages, pull requests skipped); no search API. */
    async listOpen(options: { since?: Date } = {}): Promise<OpenListing> {
      const found: RecordView[] = [];
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
          found.push(record);
        }
      }
      return { records: found, knownLabels, serverTime };
    },

    /** Incident issues closed recently (one page, most recently updated first). */
    async listRecentlyClosed(since: Date): Promise<RecordView[]> {
      const { data } = await github.rest.issues.listForRepo({
        ...repo,
        state: 'closed',
        labels: INCIDENT_LABEL,
        sort: 'updated',
        direction: 'desc',
        per_page: 100,
        since: since.toISOString(),
      });
      return data.filter((issue) => !issue.pull_request).map((issue) => toRecord(issue as IssueData));
    },

    async get(number: number): Promise<RecordView | undefined> {
      try {
        const { data } = await github.rest.issues.get({ ...repo, issue_number: number });
        return data.pull_request ? undefined : toRecord(data);
      } catch (error) {
        if (status(error) === 404 || status(error) === 410) return undefined;
        throw error;
      }
    },

    /**
     * Creates the managed labels that do not exist, with colour and description. Labels seen on
     * listed records are known; for any other, the repository's labels are read once (a read, not a
     * write). A label that exists is left exactly as the team styled it.
     */
    async ensureLabels(names: readonly string[], known: Set<string>): Promise<string[]> {
      const created: string[] = [];
      const unknown = names.filter((name) => !known.has(name.toLowerCase()) && labelSpec(name));
      if (unknown.length === 0) return created;
      if (!repoLabels) {
        repoLabels = new Set<string>();
        for await (const page of github.paginate.iterator(github.rest.issues.listLabelsForRepo, {
          ...repo,
          per_page: 100,
        })) {
          for (const label of page.data) repoLabels.add(label.name.toLowerCase());
        }
      }
      for (const name of unknown) {
        const spec = labelSpec(name);
        if (!spec || repoLabels.has(name.toLowerCase())) {
          known.add(name.toLowerCase());
          continue;
        }
        try {
          await github.rest.issues.createLabel({ ...repo, ...spec });
          created.push(name);
        } catch (error) {
          // 422 already_exists: another run created it a moment ago.
          if (status(error) !== 422) throw error;
        }
        known.add(name.toLowerCase());
        repoLabels.add(name.toLowerCase());
      }
      return created;
    },

    /** Creates a record; a lost answer may make a second one, which the race re-list closes. */
    async create(fields: { title: string; body: string; labels: string[] }): Promise<RecordView> {
      const { data } = await github.rest.issues.create({ ...repo, ...fields });
      return toRecord(data);
    },

    /** Every comment on an issue, oldest first. */
    async comments(number: number): Promise<CommentView[]> {
      const all: CommentView[] = [];
      for await (const page of github.paginate.iterator(github.rest.issues.listComments, {
        ...repo,
        issue_number: number,
        per_page: 100,
      })) {
        for (const comment of page.data) {
          all.push({
            id: comment.id,
            body: comment.body ?? '',
            author: comment.user?.login ?? '',
            createdAt: comment.created_at,
          });
        }
      }
      return all;
    },

    /**
     * Posts a comment that starts with the update mark `updateId` once: not when `existing` (or, after
     * an ambiguous failure, the issue's comments) already holds a comment by `author` with that mark.
     */
    async commentOnce(
      number: number,
      updateId: string,
      body: string,
      existing: readonly CommentView[],
      author: string,
    ): Promise<WrittenComment> {
      const ours = (comment: CommentView) => comment.author === author && readUpdateMark(comment.body)?.id === updateId;
      const found = existing.find(ours);
      if (found) return { outcome: 'already-there', comment: found };
      return writeOnce<WrittenComment>(
        `Comment on #${number}`,
        async () => {
          const { data } = await github.rest.issues.createComment({
            ...repo,
            issue_number: number,
            body,
            ...NO_AUTOMATIC_RETRY,
          });
          const comment = {
            id: data.id,
            body: data.body ?? body,
            author: data.user?.login ?? author,
            createdAt: data.created_at,
          };
          return { outcome: 'posted' as const, comment };
        },
        async () => {
          const comment = (await records.comments(number)).find(ours);
          return comment ? { outcome: 'already-there' as const, comment } : undefined;
        },
      );
    },

    /** Replaces a comment's text (appending a delivery mark); not a content-creating request, so not spaced out. */
    async updateComment(id: number, body: string): Promise<void> {
      await github.rest.issues.updateComment({ ...repo, comment_id: id, body });
    },

    /** The review of record `recordNumber`, by `author`, created since `since` (open or closed). */
    async findReview(recordNumber: number, author: string, since: Date): Promise<RecordView | undefined> {
      for await (const page of github.paginate.iterator(github.rest.issues.listForRepo, {
        ...repo,
        state: 'all',
        labels: POSTMORTEM_LABEL,
        per_page: 100,
        since: since.toISOString(),
      })) {
        for (const issue of page.data) {
          if (issue.pull_request) continue;
          const review = toRecord(issue as IssueData);
          if (review.author === author && reviewOf(review.body) === recordNumber) return review;
        }
      }
      return undefined;
    },

    /** Creates the review once: found (not re-created) after an ambiguous failure. */
    async createReviewOnce(
      recordNumber: number,
      author: string,
      since: Date,
      fields: { title: string; body: string; labels: string[] },
    ): Promise<RecordView> {
      return writeOnce(
        `Post-incident review of #${recordNumber}`,
        async () => toRecord((await github.rest.issues.create({ ...repo, ...fields, ...NO_AUTOMATIC_RETRY })).data),
        () => records.findReview(recordNumber, author, since),
      );
    },

    /**
     * Takes the claim `name` (a repository label: creating one is atomic, GitHub answers 422 to the
     * second creator, and a label notifies nobody). True when this run holds it: created now, created
     * by this run before a lost answer (its description carries `nonce`), or taken over from a run
     * that left it behind more than `staleAfterMs` ago (it died between claim and release).
     */
    async claim(name: string, nonce: string, now: Date, staleAfterMs: number): Promise<boolean> {
      const description = `${CLAIM_DESCRIPTION} ${nonce} ${now.toISOString()}`;
      const create = async () => {
        try {
          await github.rest.issues.createLabel({ ...repo, name, color: 'ededed', description });
          return true;
        } catch (error) {
          if (status(error) === 422) return false;
          throw error;
        }
      };
      if (await create()) return true;
      let holder: { nonce?: string; at: number };
      try {
        const { data } = await github.rest.issues.getLabel({ ...repo, name });
        const [claimNonce, at] = (data.description ?? '').slice(CLAIM_DESCRIPTION.length).trim().split(' ');
        holder = { nonce: claimNonce, at: Date.parse(at ?? '') };
      } catch (error) {
        // Released between our create and this read: try once more.
        if (status(error) === 404) return create();
        throw error;
      }
      if (holder.nonce === nonce) return true;
      if (Number.isNaN(holder.at) || now.getTime() - holder.at > staleAfterMs) {
        await records.release(name);
        return create();
      }
      return false;
    },

    /** Gives a claim up (a claim already gone is fine). */
    async release(name: string): Promise<void> {
      try {
        await github.rest.issues.deleteLabel({ ...repo, name });
      } catch (error) {
        if (status(error) !== 404) throw error;
      }
    },

    async comment(number: number, body: string): Promise<void> {
      await github.rest.issues.createComment({ ...repo, issue_number: number, body });
    },

    /** Sets fields; idempotent (closing a closed issue changes nothing), so the client's retries are safe. */
    async update(
      number: number,
      fields: {
        title?: string;
        labels?: string[];
        state?: 'open' | 'closed';
        state_reason?: 'completed' | 'not_planned';
        body?: string;
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
  return records;
}

export type IncidentRecords = ReturnType<typeof incidentRecords>;
