// The stand-in's deploy endpoints (check runs and commit statuses with pagination, pull requests of a
// commit and their reviews, deployments and their statuses, commits and comparisons), with the data
// tests seed kept per repository here. Bodies start from GitHub's documented examples.
import { documentedExample } from './openapi.ts';
import type { GitHubStandIn, Reply, RouteContext } from './server.ts';
import type { GitHubState, RepoState } from './state.ts';

export interface CheckRunRecord {
  id: number;
  name: string;
  headSha: string;
  status: 'queued' | 'in_progress' | 'completed' | 'waiting' | 'requested' | 'pending';
  conclusion: string | null;
  /** `null` for a run GitHub has not started (a queued re-run). */
  startedAt: string | null;
  /** The workflow run and job it belongs to (for the gate's own check run). */
  runId?: number;
  jobId?: number;
}

export interface StatusRecord {
  id: number;
  sha: string;
  context: string;
  state: 'success' | 'pending' | 'failure' | 'error';
  createdAt: string;
  /** Any text the integration that posted the status chose (default: a CI link). */
  targetUrl?: string | null;
}

export interface PullRecord {
  number: number;
  title: string;
  state: 'open' | 'closed';
  mergedAt: string | null;
  headSha: string;
  /** Commits whose `commits/{sha}/pulls` lists this pull request. */
  commits: string[];
}

export interface ReviewRecord {
  id: number;
  pull: number;
  user: string;
  state: 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED' | 'DISMISSED' | 'PENDING';
  submittedAt: string;
  commitId: string;
}

export interface DeploymentRecord {
  id: number;
  sha: string;
  ref: string;
  environment: string;
  createdAt: string;
  statuses: Array<{ id: number; state: string; createdAt: string }>;
}

export interface CommitRecord {
  sha: string;
  /** Files changed by this commit relative to its parent (for compare). */
  files: string[];
  parent?: string;
}

export class DeployData {
  readonly checkRuns: CheckRunRecord[] = [];
  readonly statuses: StatusRecord[] = [];
  readonly pulls: PullRecord[] = [];
  readonly reviews: ReviewRecord[] = [];
  readonly deployments: DeploymentRecord[] = [];
  /** Branch and tag names to commits. */
  readonly refs = new Map<string, string>();
  readonly commits = new Map<string, CommitRecord>();
  private nextId = 90_000;
  private readonly repo: RepoState;

  constructor(repo: RepoState) {
    this.repo = repo;
  }

  id(): number {
    return this.nextId++;
  }

  addCheckRun(fields: Partial<CheckRunRecord> & { name: string; headSha: string }): CheckRunRecord {
    const run: CheckRunRecord = {
      id: this.id(),
      status: 'completed',
      conclusion: 'success',
      startedAt: this.repo.now(),
      ...fields,
    };
    this.checkRuns.push(run);
    return run;
  }

  addStatus(fields: Partial<StatusRecord> & { sha: string; context: string }): StatusRecord {
    const status: StatusRecord = { id: this.id(), state: 'success', createdAt: this.repo.now(), ...fields };
    this.statuses.push(status);
    return status;
  }

  addPull(fields: Partial<PullRecord> & { number: number; commits: string[] }): PullRecord {
    const pull: PullRecord = {
      title: `Pull request ${fields.number}`,
      state: 'closed',
      mergedAt: this.repo.now(),
      headSha: fields.commits[0],
      ...fields,
    };
    this.pulls.push(pull);
    return pull;
  }

  addReview(
    fields: Partial<ReviewRecord> & { pull: number; user: string; state: ReviewRecord['state'] },
  ): ReviewRecord {
    const review: ReviewRecord = {
      id: this.id(),
      submittedAt: this.repo.now(),
      commitId: this.pulls.find((pull) => pull.number === fields.pull)?.headSha ?? '0'.repeat(40),
      ...fields,
    };
    this.reviews.push(review);
    return review;
  }

  /** A deployment with its statuses in order (`['in_progress', 'success', 'inactive']`). */
  addDeployment(fields: { sha: string; environment?: string; ref?: string; createdAt?: string; states: string[] }) {
    const createdAt = fields.createdAt ?? this.repo.now();
    const deployment: DeploymentRecord = {
      id: this.id(),
      sha: fields.sha,
      ref: fields.ref ?? 'main',
      environment: fields.environment ?? 'production',
      createdAt,
      statuses: fields.states.map((state) => ({ id: this.id(), state, createdAt })),
    };
    this.deployments.push(deployment);
    return deployment;
  }
}

const data = new WeakMap<RepoState, DeployData>();

/** The deploy data of a repository (created empty on first use). */
export function deploysOf(state: GitHubState, owner = 'octo-org', name = 'shop'): DeployData {
  const repo = state.repo(owner, name);
  let found = data.get(repo);
  if (!found) {
    found = new DeployData(repo);
    data.set(repo, found);
  }
  return found;
}

const notFound: Reply = {
  status: 404,
  body: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' },
};

function user(state: GitHubState, login: string) {
  return state.user(login);
}

export function addDeployRoutes(standIn: GitHubStandIn): void {
  const { state } = standIn;
  const of = (context: RouteContext) => deploysOf(state, context.params.owner, context.params.repo);
  const repoApi = (context: RouteContext) => `${state.apiUrl}/repos/${context.params.owner}/${context.params.repo}`;
  const repoHtml = (context: RouteContext) => `https://github.com/${context.params.owner}/${context.params.repo}`;
  const resolve = (context: RouteContext, ref: string) => {
    const deploys = of(context);
    if (/^[0-9a-f]{40}$/.test(ref)) return ref;
    return deploys.refs.get(ref.replace(/^refs\/(heads|tags)\//, ''));
  };
  const example = documentedExample('check-run-paginated') as { check_runs: Array<Record<string, unknown>> };
  const checkRunTemplate = example.check_runs[0];

  standIn.route('GET', '/repos/{owner}/{repo}/commits/{ref}/check-runs', (context) => {
    const sha = resolve(context, context.params.ref);
    if (!sha) return { status: 422, body: { message: `No commit found for SHA: ${context.params.ref}` } };
    let runs = of(context).checkRuns.filter((run) => run.headSha === sha);
    // GitHub's default `filter=latest` keeps the most recent run per name.
    if ((context.query.get('filter') ?? 'latest') === 'latest') {
      const newest = new Map<string, CheckRunRecord>();
      for (const run of runs) {
        const seen = newest.get(run.name);
        if (!seen || run.id > seen.id) newest.set(run.name, run);
      }
      runs = runs.filter((run) => newest.get(run.name) === run);
    }
    const api = repoApi(context);
    const items = runs.map((run) => {
      const detailsUrl = run.runId
        ? `${repoHtml(context)}/actions/runs/${run.runId}/job/${run.jobId ?? run.id}`
        : `https://ci.example.com/builds/${run.id}`;
      return {
        ...checkRunTemplate,
        id: run.id,
        node_id: `CR_${run.id}`,
        head_sha: run.headSha,
        external_id: String(run.id),
        url: `${api}/check-runs/${run.id}`,
        html_url: run.runId ? detailsUrl : `${repoHtml(context)}/runs/${run.id}`,
        details_url: detailsUrl,
        status: run.status,
        conclusion: run.status === 'completed' ? run.conclusion : null,
        started_at: run.startedAt,
        completed_at:
          run.status === 'completed'
            ? (run.startedAt ?? state.repo(context.params.owner, context.params.repo).now())
            : null,
        name: run.name,
        pull_requests: [],
      };
    });
    const page = context.paginate(items);
    return { ...page, body: { total_count: items.length, check_runs: page.body } };
  });

  standIn.route('GET', '/repos/{owner}/{repo}/commits/{ref}/status', (context) => {
    const sha = resolve(context, context.params.ref);
    if (!sha) return notFound;
    const template = documentedExample('combined-commit-status') as {
      statuses: Array<Record<string, unknown>>;
      repository: unknown;
    };
    // The combined status holds the latest status per context.
    const latest = new Map<string, StatusRecord>();
    for (const status of of(context).statuses.filter((item) => item.sha === sha)) {
      const seen = latest.get(status.context);
      if (!seen || status.id > seen.id) latest.set(status.context, status);
    }
    const items = [...latest.values()].map((status) => ({
      ...template.statuses[0],
      url: `${repoApi(context)}/statuses/${sha}`,
      id: status.id,
      node_id: `SC_${status.id}`,
      state: status.state,
      description: `${status.context} ${status.state}`,
      target_url: status.targetUrl === undefined ? `https://ci.example.com/status/${status.id}` : status.targetUrl,
      context: status.context,
      created_at: status.createdAt,
      updated_at: status.createdAt,
    }));
    const states = items.map((item) => item.state);
    const combined = states.some((s) => s === 'failure' || s === 'error')
      ? 'failure'
      : states.length === 0 || states.some((s) => s === 'pending')
        ? 'pending'
        : 'success';
    const page = context.paginate(items);
    return {
      ...page,
      body: {
        ...template,
        state: combined,
        statuses: page.body,
        sha,
        total_count: items.length,
        commit_url: `${repoApi(context)}/commits/${sha}`,
        url: `${repoApi(context)}/commits/${sha}/status`,
      },
    };
  });

  standIn.route('GET', '/repos/{owner}/{repo}/commits/{commit_sha}/pulls', (context) => {
    const template = (documentedExample('pull-request-simple-items') as unknown as Array<Record<string, unknown>>)[0];
    const pulls = of(context).pulls.filter((pull) => pull.commits.includes(context.params.commit_sha));
    return context.paginate(
      pulls.map((pull) => ({
        ...template,
        id: 700_000 + pull.number,
        node_id: `PR_${pull.number}`,
        number: pull.number,
        title: pull.title,
        state: pull.state,
        merged_at: pull.mergedAt,
        closed_at:
          pull.state === 'closed'
            ? (pull.mergedAt ?? state.repo(context.params.owner, context.params.repo).now())
            : null,
        url: `${repoApi(context)}/pulls/${pull.number}`,
        html_url: `${repoHtml(context)}/pull/${pull.number}`,
        user: user(state, 'octocat'),
        // GitHub's own example lacks a required field in these; no test needs reviewers asked for.
        requested_reviewers: [],
        requested_teams: [],
      })),
    );
  });

  standIn.route('GET', '/repos/{owner}/{repo}/pulls/{pull_number}/reviews', (context) => {
    const number = Number(context.params.pull_number);
    if (!of(context).pulls.some((pull) => pull.number === number)) return notFound;
    const template = (documentedExample('pull-request-review-items') as unknown as Array<Record<string, unknown>>)[0];
    return context.paginate(
      of(context)
        .reviews.filter((review) => review.pull === number)
        .map((review) => ({
          ...template,
          id: review.id,
          node_id: `PRR_${review.id}`,
          user: user(state, review.user),
          state: review.state,
          submitted_at: review.submittedAt,
          commit_id: review.commitId,
          html_url: `${repoHtml(context)}/pull/${number}#pullrequestreview-${review.id}`,
          pull_request_url: `${repoApi(context)}/pulls/${number}`,
        })),
    );
  });

  const deploymentJson = (context: RouteContext, deployment: DeploymentRecord) => {
    const template = (documentedExample('deployment-items') as unknown as Array<Record<string, unknown>>)[0];
    const url = `${repoApi(context)}/deployments/${deployment.id}`;
    return {
      ...template,
      url,
      id: deployment.id,
      node_id: `DE_${deployment.id}`,
      sha: deployment.sha,
      ref: deployment.ref,
      environment: deployment.environment,
      original_environment: deployment.environment,
      created_at: deployment.createdAt,
      updated_at: deployment.createdAt,
      statuses_url: `${url}/statuses`,
      repository_url: repoApi(context),
      creator: user(state, 'octocat'),
    };
  };

  standIn.route('GET', '/repos/{owner}/{repo}/deployments', (context) => {
    const environment = context.query.get('environment');
    const sha = context.query.get('sha');
    const items = of(context)
      .deployments.filter((deployment) => !environment || deployment.environment === environment)
      .filter((deployment) => !sha || deployment.sha === sha)
      // GitHub lists the newest first.
      .sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt) || b.id - a.id)
      .map((deployment) => deploymentJson(context, deployment));
    return context.paginate(items);
  });

  standIn.route('GET', '/repos/{owner}/{repo}/deployments/{deployment_id}/statuses', (context) => {
    const deployment = of(context).deployments.find((item) => item.id === Number(context.params.deployment_id));
    if (!deployment) return notFound;
    const template = (documentedExample('deployment-status-items') as unknown as Array<Record<string, unknown>>)[0];
    const url = `${repoApi(context)}/deployments/${deployment.id}`;
    return context.paginate(
      // Newest first, as GitHub lists them.
      [...deployment.statuses].reverse().map((status) => ({
        ...template,
        url: `${url}/statuses/${status.id}`,
        id: status.id,
        node_id: `DES_${status.id}`,
        state: status.state,
        environment: deployment.environment,
        created_at: status.createdAt,
        updated_at: status.createdAt,
        deployment_url: url,
        repository_url: repoApi(context),
        creator: user(state, 'octocat'),
      })),
    );
  });

  const commitJson = (context: RouteContext, sha: string) => {
    const template = documentedExample('commit');
    return {
      ...template,
      sha,
      node_id: `C_${sha}`,
      url: `${repoApi(context)}/commits/${sha}`,
      html_url: `${repoHtml(context)}/commit/${sha}`,
      comments_url: `${repoApi(context)}/commits/${sha}/comments`,
    };
  };

  standIn.route('GET', '/repos/{owner}/{repo}/commits/{ref}', (context) => {
    const sha = resolve(context, context.params.ref);
    if (!sha) return { status: 422, body: { message: `No commit found for SHA: ${context.params.ref}` } };
    return { status: 200, body: commitJson(context, sha) };
  });

  standIn.route('GET', '/repos/{owner}/{repo}/compare/{basehead}', (context) => {
    const [baseRef, headRef] = context.params.basehead.split('...');
    const base = resolve(context, baseRef ?? '');
    const head = resolve(context, headRef ?? '');
    if (!base || !head) return notFound;
    const deploys = of(context);
    // Files changed along head's parent chain back to base; an unrelated history counts every file seen.
    const files = new Set<string>();
    let commits = 0;
    for (let at: string | undefined = head; at && at !== base; at = deploys.commits.get(at)?.parent) {
      for (const file of deploys.commits.get(at)?.files ?? []) files.add(file);
      commits++;
      if (commits > 10_000) break;
    }
    const template = documentedExample('commit-comparison') as { files: Array<Record<string, unknown>> };
    const listed = [...files].slice(0, 300);
    return {
      status: 200,
      body: {
        ...template,
        url: `${repoApi(context)}/compare/${context.params.basehead}`,
        html_url: `${repoHtml(context)}/compare/${context.params.basehead}`,
        status: base === head ? 'identical' : 'ahead',
        ahead_by: commits,
        behind_by: 0,
        total_commits: commits,
        commits: [],
        files: listed.map((filename) => ({ ...template.files[0], filename, status: 'modified' })),
      },
    };
  });
}
