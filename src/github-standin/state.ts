// In-memory GitHub data for the stand-in, and the builders that render it in GitHub's REST shapes.
import { documentedExample } from './openapi.ts';

export interface LabelRecord {
  id: number;
  name: string;
  color: string;
  description: string | null;
}

export interface CommentRecord {
  id: number;
  body: string;
  user: string;
  createdAt: string;
}

export interface IssueRecord {
  number: number;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  stateReason: 'completed' | 'not_planned' | 'reopened' | 'duplicate' | null;
  labels: string[];
  assignees: string[];
  user: string;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  isPullRequest: boolean;
  comments: CommentRecord[];
}

export interface WorkflowDispatch {
  workflowId: string;
  ref: string;
  inputs: Record<string, unknown>;
}

export interface WorkflowRunRecord {
  id: number;
  workflowId: string;
  event: string;
  headBranch: string;
  createdAt: string;
}

export class RepoState {
  readonly issues = new Map<number, IssueRecord>();
  readonly labels = new Map<string, LabelRecord>();
  readonly dispatches: WorkflowDispatch[] = [];
  /** Runs started by dispatches (GitHub starts one per accepted dispatch). */
  readonly workflowRuns: WorkflowRunRecord[] = [];
  /** Logins that can be assigned; others are ignored by GitHub's create and rejected by the assignees call. */
  readonly assignable = new Set<string>(['octocat', 'hubot']);
  /** Workflow files that exist (dispatching another one answers 404). */
  readonly workflows = new Set<string>(['rollback.yml']);
  defaultBranch = 'main';
  private nextNumber = 1;

  readonly owner: string;
  readonly name: string;
  private readonly ids: () => number;
  private readonly clock: () => Date;

  constructor(owner: string, name: string, ids: () => number, clock: () => Date) {
    this.owner = owner;
    this.name = name;
    this.ids = ids;
    this.clock = clock;
  }

  get fullName(): string {
    return `${this.owner}/${this.name}`;
  }

  now(): string {
    return this.clock()
      .toISOString()
      .replace(/\.\d{3}Z$/, 'Z');
  }

  addLabel(name: string, color = 'ededed', description: string | null = null): LabelRecord {
    const label = { id: this.ids(), name, color, description };
    this.labels.set(name.toLowerCase(), label);
    return label;
  }

  addIssue(fields: Partial<IssueRecord> & { title: string }): IssueRecord {
    const now = this.now();
    const issue: IssueRecord = {
      number: this.nextNumber++,
      body: null,
      state: 'open',
      stateReason: null,
      labels: [],
      assignees: [],
      user: 'github-actions[bot]',
      createdAt: now,
      updatedAt: now,
      closedAt: null,
      isPullRequest: false,
      comments: [],
      ...fields,
    };
    for (const label of issue.labels) if (!this.labels.has(label.toLowerCase())) this.addLabel(label);
    this.issues.set(issue.number, issue);
    return issue;
  }

  addComment(issue: IssueRecord, body: string, user = 'github-actions[bot]'): CommentRecord {
    const comment = { id: this.ids(), body, user, createdAt: this.now() };
    issue.comments.push(comment);
    issue.updatedAt = comment.createdAt;
    return comment;
  }

  openIssues(): IssueRecord[] {
    return [...this.issues.values()].filter((issue) => issue.state === 'open' && !issue.isPullRequest);
  }
}

export class GitHubState {
  readonly repos = new Map<string, RepoState>();
  /** The stand-in's clock; tests may move it. */
  clock: () => Date = () => new Date();
  private nextId = 1000;
  apiUrl = 'http://127.0.0.1';

  nextRunId(): number {
    return this.nextId++;
  }

  repo(owner: string, name: string): RepoState {
    const key = `${owner}/${name}`.toLowerCase();
    let repo = this.repos.get(key);
    if (!repo) {
      repo = new RepoState(
        owner,
        name,
        () => this.nextId++,
        () => this.clock(),
      );
      this.repos.set(key, repo);
    }
    return repo;
  }

  // ---------- GitHub's REST shapes ----------

  user(login: string) {
    const api = `${this.apiUrl}/users/${encodeURIComponent(login)}`;
    return {
      login,
      id: hashId(login),
      node_id: `U_${login}`,
      avatar_url: `https://avatars.githubusercontent.com/u/${hashId(login)}?v=4`,
      gravatar_id: '',
      url: api,
      html_url: `https://github.com/${encodeURIComponent(login)}`,
      followers_url: `${api}/followers`,
      following_url: `${api}/following{/other_user}`,
      gists_url: `${api}/gists{/gist_id}`,
      starred_url: `${api}/starred{/owner}{/repo}`,
      subscriptions_url: `${api}/subscriptions`,
      organizations_url: `${api}/orgs`,
      repos_url: `${api}/repos`,
      events_url: `${api}/events{/privacy}`,
      received_events_url: `${api}/received_events`,
      type: login.endsWith('[bot]') ? 'Bot' : 'User',
      site_admin: false,
    };
  }

  label(repo: RepoState, label: LabelRecord) {
    return {
      id: label.id,
      node_id: `LA_${label.id}`,
      url: `${this.apiUrl}/repos/${repo.fullName}/labels/${encodeURIComponent(label.name)}`,
      name: label.name,
      description: label.description,
      color: label.color,
      default: false,
    };
  }

  issue(repo: RepoState, issue: IssueRecord) {
    const api = `${this.apiUrl}/repos/${repo.fullName}/issues/${issue.number}`;
    const labels = issue.labels.map((name) => {
      const record = repo.labels.get(name.toLowerCase()) ?? repo.addLabel(name);
      return this.label(repo, record);
    });
    const assignees = issue.assignees.map((login) => this.user(login));
    return {
      id: 500_000 + issue.number,
      node_id: `I_${issue.number}`,
      url: api,
      repository_url: `${this.apiUrl}/repos/${repo.fullName}`,
      labels_url: `${api}/labels{/name}`,
      comments_url: `${api}/comments`,
      events_url: `${api}/events`,
      html_url: `https://github.com/${repo.fullName}/${issue.isPullRequest ? 'pull' : 'issues'}/${issue.number}`,
      number: issue.number,
      state: issue.state,
      state_reason: issue.stateReason,
      title: issue.title,
      body: issue.body,
      user: this.user(issue.user),
      labels,
      assignee: assignees[0] ?? null,
      assignees,
      milestone: null,
      locked: false,
      active_lock_reason: null,
      comments: issue.comments.length,
      ...(issue.isPullRequest
        ? {
            pull_request: {
              url: `${this.apiUrl}/repos/${repo.fullName}/pulls/${issue.number}`,
              html_url: `https://github.com/${repo.fullName}/pull/${issue.number}`,
              diff_url: `https://github.com/${repo.fullName}/pull/${issue.number}.diff`,
              patch_url: `https://github.com/${repo.fullName}/pull/${issue.number}.patch`,
              merged_at: null,
            },
          }
        : {}),
      closed_at: issue.closedAt,
      created_at: issue.createdAt,
      updated_at: issue.updatedAt,
      author_association: 'NONE',
    };
  }

  /** A run in GitHub's shape: GitHub's documented example with this run's facts. */
  workflowRun(repo: RepoState, run: WorkflowRunRecord) {
    const example = documentedExample('workflow-run');
    const api = `${this.apiUrl}/repos/${repo.fullName}/actions/runs/${run.id}`;
    return {
      ...example,
      id: run.id,
      event: run.event,
      head_branch: run.headBranch,
      path: `.github/workflows/${run.workflowId}`,
      status: 'queued',
      conclusion: null,
      url: api,
      html_url: `https://github.com/${repo.fullName}/actions/runs/${run.id}`,
      created_at: run.createdAt,
      updated_at: run.createdAt,
      run_started_at: run.createdAt,
    };
  }

  comment(repo: RepoState, issue: IssueRecord, comment: CommentRecord) {
    return {
      id: comment.id,
      node_id: `IC_${comment.id}`,
      url: `${this.apiUrl}/repos/${repo.fullName}/issues/comments/${comment.id}`,
      html_url: `https://github.com/${repo.fullName}/issues/${issue.number}#issuecomment-${comment.id}`,
      body: comment.body,
      user: this.user(comment.user),
      created_at: comment.createdAt,
      updated_at: comment.createdAt,
      issue_url: `${this.apiUrl}/repos/${repo.fullName}/issues/${issue.number}`,
      author_association: 'NONE',
    };
  }
}

function hashId(text: string): number {
  let hash = 7;
  for (const char of text) hash = (hash * 31 + char.charCodeAt(0)) % 1_000_000;
  return hash + 1;
}
