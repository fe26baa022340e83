// The stand-in's endpoints. Each is a few lines over GitHubState; GitHub's behaviour is copied
// where our actions depend on it (label matching, state_reason, 404/422 answers).
import { documentedExample } from './openapi.ts';
import type { GitHubStandIn, Reply, RouteContext } from './server.ts';
import type { IssueRecord, RepoState } from './state.ts';

const notFound: Reply = {
  status: 404,
  body: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' },
};

function repoOf(context: RouteContext): RepoState {
  return context.state.repo(context.params.owner, context.params.repo);
}

function issueOf(context: RouteContext): IssueRecord | undefined {
  return repoOf(context).issues.get(Number(context.params.issue_number));
}

function labelNames(raw: unknown): string[] {
  if (!Array.isArray(raw)) return [];
  return raw.map((item) => (typeof item === 'string' ? item : String((item as { name?: string }).name ?? '')));
}

export function addStandardRoutes(standIn: GitHubStandIn): void {
  const { state } = standIn;
  const issueJson = (repo: RepoState, issue: IssueRecord) => state.issue(repo, issue);
  // The label endpoints of an issue all answer with the issue's labels, unknown ones created.
  const issueLabels = (repo: RepoState, issue: IssueRecord): Reply => ({
    status: 200,
    body: issue.labels.map((name) => state.label(repo, repo.labels.get(name.toLowerCase()) ?? repo.addLabel(name))),
  });

  standIn.route('GET', '/repos/{owner}/{repo}', (context) => {
    const repo = repoOf(context);
    const example = documentedExample('full-repository');
    return {
      status: 200,
      body: {
        ...example,
        name: repo.name,
        full_name: repo.fullName,
        default_branch: repo.defaultBranch,
        // Required by the schema, missing from GitHub's own example.
        has_discussions: false,
        owner: state.user(repo.owner),
        html_url: `https://github.com/${repo.fullName}`,
        url: `${state.apiUrl}/repos/${repo.fullName}`,
      },
    };
  });

  // ----- issues -----
  standIn.route('GET', '/repos/{owner}/{repo}/issues', (context) => {
    const repo = repoOf(context);
    const wantedState = context.query.get('state') ?? 'open';
    const wantedLabels = (context.query.get('labels') ?? '')
      .split(',')
      .map((label) => label.trim().toLowerCase())
      .filter(Boolean);
    const direction = context.query.get('direction') ?? 'desc';
    const sort = context.query.get('sort') ?? 'created';
    const since = context.query.get('since');
    const key = (issue: IssueRecord) =>
      sort === 'updated' ? Date.parse(issue.updatedAt) * 1e6 + issue.number : issue.number;
    const items = [...repo.issues.values()]
      .filter((issue) => wantedState === 'all' || issue.state === wantedState)
      .filter((issue) => wantedLabels.every((label) => issue.labels.some((name) => name.toLowerCase() === label)))
      // GitHub: "Only show results that were last updated after the given time."
      .filter((issue) => !since || Date.parse(issue.updatedAt) >= Date.parse(since))
      .sort((a, b) => (direction === 'asc' ? key(a) - key(b) : key(b) - key(a)))
      .map((issue) => issueJson(repo, issue));
    return context.paginate(items);
  });

  standIn.route('POST', '/repos/{owner}/{repo}/issues', (context) => {
    const repo = repoOf(context);
    const { title, body, labels, assignees } = context.body as {
      title: string;
      body?: string;
      labels?: unknown;
      assignees?: string[];
    };
    // Like GitHub for a token with push access: unknown labels are created; assignees who
    // cannot be assigned make the request fail.
    const unassignable = (assignees ?? []).filter((login) => !repo.assignable.has(login));
    if (unassignable.length > 0) {
      return {
        status: 422,
        body: {
          message: 'Validation Failed',
          errors: unassignable.map((value) => ({ value, resource: 'Issue', field: 'assignees', code: 'invalid' })),
          documentation_url: 'https://docs.github.com/rest/issues/issues#create-an-issue',
        },
      };
    }
    const issue = repo.addIssue({
      title: String(title),
      body: body ?? null,
      labels: labelNames(labels),
      assignees: assignees ?? [],
    });
    return {
      status: 201,
      body: issueJson(repo, issue),
      headers: { location: `${state.apiUrl}/repos/${repo.fullName}/issues/${issue.number}` },
    };
  });

  standIn.route('GET', '/repos/{owner}/{repo}/issues/{issue_number}', (context) => {
    const issue = issueOf(context);
    return issue ? { status: 200, body: issueJson(repoOf(context), issue) } : notFound;
  });

  standIn.route('PATCH', '/repos/{owner}/{repo}/issues/{issue_number}', (context) => {
    const repo = repoOf(context);
    const issue = issueOf(context);
    if (!issue) return notFound;
    const patch = context.body as {
      title?: string;
      body?: string | null;
      state?: 'open' | 'closed';
      state_reason?: IssueRecord['stateReason'];
      labels?: unknown;
    };
    if (patch.title !== undefined) issue.title = String(patch.title);
    if (patch.body !== undefined) issue.body = patch.body;
    if (patch.labels !== undefined) issue.labels = labelNames(patch.labels);
    if (patch.state === 'closed' && issue.state === 'open') {
      issue.state = 'closed';
      issue.closedAt = repo.now();
      issue.stateReason = patch.state_reason ?? 'completed';
    } else if (patch.state === 'open' && issue.state === 'closed') {
      issue.state = 'open';
      issue.closedAt = null;
      issue.stateReason = 'reopened';
    } else if (patch.state_reason !== undefined && issue.state === 'closed') {
      issue.stateReason = patch.state_reason;
    }
    issue.updatedAt = repo.now();
    return { status: 200, body: issueJson(repo, issue) };
  });

  // ----- comments -----
  standIn.route('GET', '/repos/{owner}/{repo}/issues/{issue_number}/comments', (context) => {
    const repo = repoOf(context);
    const issue = issueOf(context);
    if (!issue) return notFound;
    return context.paginate(issue.comments.map((comment) => state.comment(repo, issue, comment)));
  });

  standIn.route('POST', '/repos/{owner}/{repo}/issues/{issue_number}/comments', (context) => {
    const repo = repoOf(context);
    const issue = issueOf(context);
    if (!issue) return notFound;
    const comment = repo.addComment(issue, String((context.body as { body: string }).body));
    return { status: 201, body: state.comment(repo, issue, comment) };
  });

  standIn.route('PATCH', '/repos/{owner}/{repo}/issues/comments/{comment_id}', (context) => {
    const repo = repoOf(context);
    const id = Number(context.params.comment_id);
    for (const issue of repo.issues.values()) {
      const comment = issue.comments.find((candidate) => candidate.id === id);
      if (comment) {
        comment.body = String((context.body as { body: string }).body);
        return { status: 200, body: state.comment(repo, issue, comment) };
      }
    }
    return notFound;
  });

  standIn.route('DELETE', '/repos/{owner}/{repo}/issues/comments/{comment_id}', (context) => {
    const repo = repoOf(context);
    const id = Number(context.params.comment_id);
    for (const issue of repo.issues.values()) {
      const index = issue.comments.findIndex((comment) => comment.id === id);
      if (index >= 0) {
        issue.comments.splice(index, 1);
        return { status: 204 };
      }
    }
    return notFound;
  });

  // ----- labels on an issue -----
  standIn.route('POST', '/repos/{owner}/{repo}/issues/{issue_number}/labels', (context) => {
    const repo = repoOf(context);
    const issue = issueOf(context);
    if (!issue) return notFound;
    const body = context.body as { labels?: unknown } | unknown[];
    const added = labelNames(Array.isArray(body) ? body : body.labels);
    for (const name of added) {
      if (!issue.labels.some((existing) => existing.toLowerCase() === name.toLowerCase())) issue.labels.push(name);
    }
    return issueLabels(repo, issue);
  });

  standIn.route('PUT', '/repos/{owner}/{repo}/issues/{issue_number}/labels', (context) => {
    const repo = repoOf(context);
    const issue = issueOf(context);
    if (!issue) return notFound;
    const body = context.body as { labels?: unknown } | unknown[];
    issue.labels = labelNames(Array.isArray(body) ? body : body.labels);
    return issueLabels(repo, issue);
  });

  standIn.route('DELETE', '/repos/{owner}/{repo}/issues/{issue_number}/labels/{name}', (context) => {
    const repo = repoOf(context);
    const issue = issueOf(context);
    if (!issue) return notFound;
    const before = issue.labels.length;
    issue.labels = issue.labels.filter((name) => name.toLowerCase() !== context.params.name.toLowerCase());
    if (issue.labels.length === before) return { status: 404, body: { message: 'Label does not exist' } };
    return issueLabels(repo, issue);
  });

  standIn.route('POST', '/repos/{owner}/{repo}/issues/{issue_number}/assignees', (context) => {
    const repo = repoOf(context);
    const issue = issueOf(context);
    if (!issue) return notFound;
    // GitHub silently ignores logins that cannot be assigned here.
    for (const login of (context.body as { assignees?: string[] }).assignees ?? []) {
      if (repo.assignable.has(login) && !issue.assignees.includes(login)) issue.assignees.push(login);
    }
    return { status: 201, body: issueJson(repo, issue) };
  });

  // ----- repository labels -----
  standIn.route('GET', '/repos/{owner}/{repo}/labels', (context) => {
    const repo = repoOf(context);
    return context.paginate([...repo.labels.values()].map((label) => state.label(repo, label)));
  });

  standIn.route('GET', '/repos/{owner}/{repo}/labels/{name}', (context) => {
    const repo = repoOf(context);
    const label = repo.labels.get(context.params.name.toLowerCase());
    return label ? { status: 200, body: state.label(repo, label) } : notFound;
  });

  standIn.route('POST', '/repos/{owner}/{repo}/labels', (context) => {
    const repo = repoOf(context);
    const { name, color, description } = context.body as { name: string; color?: string; description?: string };
    if (repo.labels.has(name.toLowerCase())) {
      return {
        status: 422,
        body: {
          message: 'Validation Failed',
          errors: [{ resource: 'Label', code: 'already_exists', field: 'name' }],
          documentation_url: 'https://docs.github.com/rest/issues/labels#create-a-label',
        },
      };
    }
    const label = repo.addLabel(name, (color ?? 'ededed').replace(/^#/, ''), description ?? null);
    return { status: 201, body: state.label(repo, label) };
  });

  standIn.route('DELETE', '/repos/{owner}/{repo}/labels/{name}', (context) => {
    const repo = repoOf(context);
    const key = context.params.name.toLowerCase();
    if (!repo.labels.has(key)) return notFound;
    repo.labels.delete(key);
    // GitHub takes a deleted label off every issue that had it.
    for (const issue of repo.issues.values()) issue.labels = issue.labels.filter((name) => name.toLowerCase() !== key);
    return { status: 204 };
  });

  // ----- workflow dispatch -----
  standIn.route('POST', '/repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches', (context) => {
    const repo = repoOf(context);
    const workflowId = context.params.workflow_id;
    if (!repo.workflows.has(workflowId)) return notFound;
    const { ref, inputs, return_run_details } = context.body as {
      ref: string;
      inputs?: Record<string, unknown>;
      return_run_details?: boolean;
    };
    repo.dispatches.push({ workflowId, ref, inputs: inputs ?? {} });
    const run = {
      id: state.nextRunId(),
      workflowId,
      event: 'workflow_dispatch',
      headBranch: ref.replace(/^refs\/(heads|tags)\//, ''),
      createdAt: repo.now(),
    };
    repo.workflowRuns.push(run);
    if (!return_run_details) return { status: 204 };
    return {
      status: 200,
      body: {
        workflow_run_id: run.id,
        run_url: `${state.apiUrl}/repos/${repo.fullName}/actions/runs/${run.id}`,
        html_url: `https://github.com/${repo.fullName}/actions/runs/${run.id}`,
      },
    };
  });

  // GitHub's `created` filter: `>=DATE`, `>DATE`, `<=DATE`, `<DATE` or `DATE..DATE` (what our actions send).
  standIn.route('GET', '/repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs', (context) => {
    const repo = repoOf(context);
    const workflowId = context.params.workflow_id;
    if (!repo.workflows.has(workflowId)) return notFound;
    const event = context.query.get('event');
    const created = context.query.get('created');
    const inRange = (at: string): boolean => {
      if (!created) return true;
      const time = Date.parse(at);
      const range = /^(.+)\.\.(.+)$/.exec(created);
      if (range) return time >= Date.parse(range[1]) && time <= Date.parse(range[2]);
      const bound = /^(>=|>|<=|<)(.+)$/.exec(created);
      if (!bound) return at.startsWith(created);
      const limit = Date.parse(bound[2]);
      return { '>=': time >= limit, '>': time > limit, '<=': time <= limit, '<': time < limit }[bound[1]] ?? false;
    };
    const runs = repo.workflowRuns
      .filter((run) => run.workflowId === workflowId && (!event || run.event === event) && inRange(run.createdAt))
      .sort((a, b) => b.id - a.id)
      .map((run) => state.workflowRun(repo, run));
    const perPage = Math.min(Number(context.query.get('per_page') ?? 30) || 30, 100);
    const page = Math.max(Number(context.query.get('page') ?? 1) || 1, 1);
    return {
      status: 200,
      body: { total_count: runs.length, workflow_runs: runs.slice((page - 1) * perPage, page * perPage) },
    };
  });
}
