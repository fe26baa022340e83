// Reads the facts the gate judges from GitHub's REST API: check runs and statuses (every page, with
// ETags so an unchanged poll costs no rate limit), pull requests and reviews, open incidents,
// deployments with their statuses, refs and comparisons.
import type { Repository } from '../../../src/kernel/context.ts';
import type { GitHubClient } from '../../../src/kernel/github.ts';
import { INCIDENT_LABEL } from '../../../src/kernel/incident-labels.ts';
import type { CheckFacts, CheckRunFact, StatusFact } from './checks.ts';
import type { DeploymentFact } from './deployments.ts';
import type { IncidentFact, PullFact, ReviewFact } from './gates.ts';

export interface Comparison {
  files: string[];
  /** GitHub lists at most 300 files; more means the list is cut short. */
  truncated: boolean;
  status: string;
}

export interface GateGitHub {
  listChecks(sha: string): Promise<CheckFacts>;
  listPulls(sha: string): Promise<PullFact[]>;
  listReviews(pull: number): Promise<ReviewFact[]>;
  listOpenIncidents(): Promise<IncidentFact[]>;
  /** Deployments to an environment, newest first, each with its status states; read page by page as consumed. */
  deployments(environment: string): AsyncIterable<DeploymentFact>;
  /** The commit a ref (branch, tag or sha) points at. */
  resolveRef(ref: string): Promise<string>;
  compare(base: string, head: string): Promise<Comparison>;
}

const PER_PAGE = 100;
const COMPARE_FILE_LIMIT = 300;

interface CachedPage {
  etag?: string;
  data: unknown;
  link?: string;
}

function hasNext(link: string | undefined): boolean {
  return typeof link === 'string' && /rel="next"/.test(link);
}

export function gateGitHub(octokit: GitHubClient, repository: Repository): GateGitHub {
  const { owner, repo } = repository;
  // One cache per page URL: polls send If-None-Match and a 304 reuses the page (no rate limit spent).
  const cache = new Map<string, CachedPage>();

  async function conditionalPage(route: string, parameters: Record<string, unknown>): Promise<CachedPage> {
    const key = `${route} ${JSON.stringify(parameters)}`;
    const cached = cache.get(key);
    try {
      const response = await octokit.request(route, {
        owner,
        repo,
        ...parameters,
        ...(cached?.etag ? { headers: { 'if-none-match': cached.etag } } : {}),
      });
      const page: CachedPage = { etag: response.headers.etag, data: response.data, link: response.headers.link };
      cache.set(key, page);
      return page;
    } catch (error) {
      if ((error as { status?: number }).status === 304 && cached) return cached;
      throw error;
    }
  }

  async function allPages<Item>(
    route: string,
    parameters: Record<string, unknown>,
    items: (data: unknown) => Item[],
  ): Promise<Item[]> {
    const all: Item[] = [];
    for (let page = 1; ; page++) {
      const answer = await conditionalPage(route, { ...parameters, per_page: PER_PAGE, page });
      const found = items(answer.data);
      all.push(...found);
      if (!hasNext(answer.link) || found.length === 0) return all;
    }
  }

  return {
    async listChecks(sha) {
      const checkRuns = await allPages('GET /repos/{owner}/{repo}/commits/{ref}/check-runs', { ref: sha }, (data) =>
        (data as { check_runs: RawCheckRun[] }).check_runs.map(
          (run): CheckRunFact => ({
            id: run.id,
            name: run.name,
            status: run.status,
            conclusion: run.conclusion,
            startedAt: run.started_at,
            url: run.html_url,
            detailsUrl: run.details_url,
          }),
        ),
      );
      const statuses = await allPages('GET /repos/{owner}/{repo}/commits/{ref}/status', { ref: sha }, (data) =>
        (data as { statuses: RawStatus[] }).statuses.map(
          (status): StatusFact => ({
            context: status.context,
            state: status.state,
            url: status.target_url,
            updatedAt: status.updated_at,
          }),
        ),
      );
      return { checkRuns, statuses };
    },

    async listPulls(sha) {
      const pulls = await octokit.paginate('GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls', {
        owner,
        repo,
        commit_sha: sha,
        per_page: PER_PAGE,
      });
      return pulls.map((pull) => ({
        number: pull.number,
        url: pull.html_url,
        merged: Boolean(pull.merged_at),
        state: pull.state,
      }));
    },

    async listReviews(pull) {
      const reviews = await octokit.paginate('GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews', {
        owner,
        repo,
        pull_number: pull,
        per_page: PER_PAGE,
      });
      return reviews.map((review) => ({
        id: review.id,
        user: review.user?.login ?? `(deleted user ${review.id})`,
        state: review.state,
        submittedAt: review.submitted_at ?? null,
      }));
    },

    async listOpenIncidents() {
      const issues = await octokit.paginate('GET /repos/{owner}/{repo}/issues', {
        owner,
        repo,
        state: 'open',
        labels: INCIDENT_LABEL,
        per_page: PER_PAGE,
      });
      return issues
        .filter((issue) => !issue.pull_request)
        .map((issue) => ({
          number: issue.number,
          title: issue.title,
          url: issue.html_url,
          labels: issue.labels.map((label) => (typeof label === 'string' ? label : (label.name ?? ''))),
        }));
    },

    async *deployments(environment) {
      for await (const page of octokit.paginate.iterator('GET /repos/{owner}/{repo}/deployments', {
        owner,
        repo,
        environment,
        per_page: PER_PAGE,
      })) {
        for (const deployment of page.data) {
          const statuses = await octokit.paginate('GET /repos/{owner}/{repo}/deployments/{deployment_id}/statuses', {
            owner,
            repo,
            deployment_id: deployment.id,
            per_page: PER_PAGE,
          });
          yield {
            id: deployment.id,
            sha: deployment.sha,
            ref: deployment.ref,
            createdAt: deployment.created_at,
            states: statuses.map((status) => status.state),
          };
        }
      }
    },

    async resolveRef(ref) {
      const { data } = await octokit.request('GET /repos/{owner}/{repo}/commits/{ref}', {
        owner,
        repo,
        ref,
        per_page: 1,
      });
      return data.sha;
    },

    async compare(base, head) {
      const { data } = await octokit.request('GET /repos/{owner}/{repo}/compare/{basehead}', {
        owner,
        repo,
        basehead: `${base}...${head}`,
      });
      const files = (data.files ?? []).map((file) => file.filename);
      return { files, truncated: files.length >= COMPARE_FILE_LIMIT, status: data.status };
    },
  };
}

interface RawCheckRun {
  id: number;
  name: string;
  status: string;
  conclusion: string | null;
  started_at: string | null;
  html_url: string | null;
  details_url: string | null;
}

interface RawStatus {
  context: string;
  state: string;
  target_url: string | null;
  updated_at: string;
}
