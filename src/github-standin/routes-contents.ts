// The stand-in's contents and git-data endpoints: files on branches with GitHub's optimistic
// concurrency (a PUT naming a stale sha answers 409, a create over an existing file 422), refs, and
// the trees and commits that start an orphan branch. Data tests seed and inspect lives here per repository.
import { createHash } from 'node:crypto';
import { documentedExample } from './openapi.ts';
import type { GitHubStandIn, Reply, RouteContext } from './server.ts';
import type { GitHubState, RepoState } from './state.ts';

export interface BranchRecord {
  /** The head commit's sha. */
  head: string;
  /** path -> file text */
  files: Map<string, string>;
  /** Every commit made on the branch, oldest first (message and the path it wrote). */
  commits: Array<{ sha: string; message: string; path?: string }>;
}

export interface ContentsData {
  branches: Map<string, BranchRecord>;
  /** Trees created through the git data API, by sha (path -> text). */
  trees: Map<string, Map<string, string>>;
  /** Commits created through the git data API, by sha. */
  commits: Map<string, { tree: string; message: string }>;
}

const data = new WeakMap<RepoState, ContentsData>();

/** The repository's branches and files in the stand-in (created on first use, with the default branch). */
export function contentsOf(repo: RepoState): ContentsData {
  let found = data.get(repo);
  if (!found) {
    found = { branches: new Map(), trees: new Map(), commits: new Map() };
    found.branches.set(repo.defaultBranch, { head: gitSha('commit', 'initial'), files: new Map(), commits: [] });
    data.set(repo, found);
  }
  return found;
}

/** Git's blob sha of a text, as GitHub reports it for a file. */
export function blobSha(text: string): string {
  return gitSha('blob', text);
}

function gitSha(kind: string, text: string): string {
  const bytes = Buffer.from(text, 'utf8');
  return createHash('sha1')
    .update(Buffer.concat([Buffer.from(`${kind} ${bytes.length}\0`), bytes]))
    .digest('hex');
}

const notFound = (message = 'Not Found'): Reply => ({
  status: 404,
  body: { message, documentation_url: 'https://docs.github.com/rest/repos/contents' },
});

function repoOf(context: RouteContext): RepoState {
  return context.state.repo(context.params.owner, context.params.repo);
}

/** GitHub's contents API sends no content for files over 1 MB (`encoding: none`); the blob API does. */
export const CONTENTS_LIMIT_BYTES = 1024 * 1024;

function fileJson(state: GitHubState, repo: RepoState, branch: string, path: string, text: string) {
  const sha = blobSha(text);
  const large = Buffer.byteLength(text) > CONTENTS_LIMIT_BYTES;
  const api = `${state.apiUrl}/repos/${repo.fullName}`;
  const name = path.split('/').pop() ?? path;
  return {
    type: 'file' as const,
    encoding: large ? 'none' : 'base64',
    size: Buffer.byteLength(text),
    name,
    path,
    content: large ? '' : Buffer.from(text, 'utf8').toString('base64'),
    sha,
    url: `${api}/contents/${path}?ref=${branch}`,
    git_url: `${api}/git/blobs/${sha}`,
    html_url: `https://github.com/${repo.fullName}/blob/${branch}/${path}`,
    download_url: `https://raw.githubusercontent.com/${repo.fullName}/${branch}/${path}`,
    _links: {
      self: `${api}/contents/${path}?ref=${branch}`,
      git: `${api}/git/blobs/${sha}`,
      html: `https://github.com/${repo.fullName}/blob/${branch}/${path}`,
    },
  };
}

function refJson(state: GitHubState, repo: RepoState, branch: string, sha: string) {
  const api = `${state.apiUrl}/repos/${repo.fullName}`;
  return {
    ...documentedExample('git-ref'),
    ref: `refs/heads/${branch}`,
    url: `${api}/git/refs/heads/${branch}`,
    object: { type: 'commit', sha, url: `${api}/git/commits/${sha}` },
  };
}

export function addContentsRoutes(standIn: GitHubStandIn): void {
  const { state } = standIn;

  standIn.route('GET', '/repos/{owner}/{repo}/contents/{path}', (context) => {
    const repo = repoOf(context);
    const branchName = context.query.get('ref') ?? repo.defaultBranch;
    const branch = contentsOf(repo).branches.get(branchName);
    if (!branch) return notFound(`No commit found for the ref ${branchName}`);
    const path = context.params.path;
    const text = branch.files.get(path);
    if (text !== undefined) return { status: 200, body: fileJson(state, repo, branchName, path, text) };
    const prefix = `${path}/`;
    const entries = [...branch.files.entries()].filter(([name]) => name.startsWith(prefix));
    if (entries.length === 0) return notFound();
    const listed = new Map<string, ReturnType<typeof fileJson>>();
    for (const [name, content] of entries) {
      const child = name.slice(prefix.length);
      if (child.includes('/')) continue;
      const { content: _content, encoding: _encoding, ...entry } = fileJson(state, repo, branchName, name, content);
      listed.set(name, entry as ReturnType<typeof fileJson>);
    }
    return { status: 200, body: [...listed.values()].sort((a, b) => a.name.localeCompare(b.name)) };
  });

  standIn.route('PUT', '/repos/{owner}/{repo}/contents/{path}', (context) => {
    const repo = repoOf(context);
    const contents = contentsOf(repo);
    const branchName = typeof context.body.branch === 'string' ? context.body.branch : repo.defaultBranch;
    const branch = contents.branches.get(branchName);
    if (!branch) return notFound(`Branch ${branchName} not found`);
    const path = context.params.path;
    const existing = branch.files.get(path);
    const givenSha = typeof context.body.sha === 'string' ? context.body.sha : undefined;
    if (existing !== undefined && givenSha === undefined) {
      return {
        status: 422,
        body: {
          message: 'Invalid request.\n\n"sha" wasn\'t supplied.',
          documentation_url: 'https://docs.github.com/rest/repos/contents#create-or-update-file-contents',
        },
      };
    }
    if (givenSha !== undefined && givenSha !== (existing === undefined ? undefined : blobSha(existing))) {
      return {
        status: 409,
        body: {
          message: `${path} does not match ${givenSha}`,
          documentation_url: 'https://docs.github.com/rest/repos/contents#create-or-update-file-contents',
          status: '409',
        },
      };
    }
    const text = Buffer.from(String(context.body.content ?? ''), 'base64').toString('utf8');
    const message = String(context.body.message ?? '');
    branch.files.set(path, text);
    const commitSha = gitSha('commit', `${branch.head}\n${path}\n${blobSha(text)}\n${message}`);
    branch.head = commitSha;
    branch.commits.push({ sha: commitSha, message, path });
    const example = documentedExample(
      existing === undefined ? 'file-commit-example-for-creating-a-file' : 'file-commit-example-for-updating-a-file',
    ) as { commit: Record<string, unknown> };
    const { content: _content, encoding: _encoding, ...file } = fileJson(state, repo, branchName, path, text);
    return {
      status: existing === undefined ? 201 : 200,
      body: { content: file, commit: { ...example.commit, sha: commitSha, message } },
    };
  });

  standIn.route('GET', '/repos/{owner}/{repo}/git/blobs/{file_sha}', (context) => {
    const repo = repoOf(context);
    for (const branch of contentsOf(repo).branches.values()) {
      for (const text of branch.files.values()) {
        if (blobSha(text) !== context.params.file_sha) continue;
        return {
          status: 200,
          body: {
            sha: context.params.file_sha,
            node_id: `B_${context.params.file_sha}`,
            url: `${state.apiUrl}/repos/${repo.fullName}/git/blobs/${context.params.file_sha}`,
            size: Buffer.byteLength(text),
            content: Buffer.from(text, 'utf8').toString('base64'),
            encoding: 'base64',
          },
        };
      }
    }
    return notFound();
  });

  standIn.route('GET', '/repos/{owner}/{repo}/git/ref/{ref}', (context) => {
    const repo = repoOf(context);
    const ref = context.params.ref;
    const branchName = ref.startsWith('heads/') ? ref.slice('heads/'.length) : undefined;
    const branch = branchName === undefined ? undefined : contentsOf(repo).branches.get(branchName);
    if (!branch || branchName === undefined) return notFound();
    return { status: 200, body: refJson(state, repo, branchName, branch.head) };
  });

  standIn.route('POST', '/repos/{owner}/{repo}/git/trees', (context) => {
    const repo = repoOf(context);
    const entries = Array.isArray(context.body.tree) ? (context.body.tree as Array<Record<string, unknown>>) : [];
    const files = new Map<string, string>();
    for (const entry of entries) files.set(String(entry.path), String(entry.content ?? ''));
    const sha = gitSha('tree', JSON.stringify([...files]));
    contentsOf(repo).trees.set(sha, files);
    const api = `${state.apiUrl}/repos/${repo.fullName}`;
    return {
      status: 201,
      body: {
        sha,
        url: `${api}/git/trees/${sha}`,
        truncated: false,
        tree: [...files].map(([path, text]) => ({
          path,
          mode: '100644',
          type: 'blob',
          size: Buffer.byteLength(text),
          sha: blobSha(text),
          url: `${api}/git/blobs/${blobSha(text)}`,
        })),
      },
    };
  });

  standIn.route('POST', '/repos/{owner}/{repo}/git/commits', (context) => {
    const repo = repoOf(context);
    const tree = String(context.body.tree ?? '');
    if (!contentsOf(repo).trees.has(tree)) return { status: 422, body: { message: 'Tree SHA does not exist' } };
    const message = String(context.body.message ?? '');
    const sha = gitSha('commit', `${tree}\n${message}\n${repo.now()}\n${state.nextRunId()}`);
    contentsOf(repo).commits.set(sha, { tree, message });
    const example = documentedExample('git-commit');
    const api = `${state.apiUrl}/repos/${repo.fullName}`;
    return {
      status: 201,
      body: {
        ...example,
        sha,
        message,
        url: `${api}/git/commits/${sha}`,
        html_url: `https://github.com/${repo.fullName}/commit/${sha}`,
        tree: { sha: tree, url: `${api}/git/trees/${tree}` },
        parents: [],
      },
    };
  });

  standIn.route('POST', '/repos/{owner}/{repo}/git/refs', (context) => {
    const repo = repoOf(context);
    const contents = contentsOf(repo);
    const ref = String(context.body.ref ?? '');
    const sha = String(context.body.sha ?? '');
    if (!ref.startsWith('refs/heads/'))
      return { status: 422, body: { message: 'Reference name must start with refs/heads/' } };
    const branchName = ref.slice('refs/heads/'.length);
    if (contents.branches.has(branchName)) {
      return {
        status: 422,
        body: { message: 'Reference already exists', documentation_url: 'https://docs.github.com/rest/git/refs' },
      };
    }
    const commit = contents.commits.get(sha);
    if (!commit) return { status: 422, body: { message: 'Object does not exist' } };
    const files = new Map(contents.trees.get(commit.tree) ?? []);
    contents.branches.set(branchName, { head: sha, files, commits: [{ sha, message: commit.message }] });
    return { status: 201, body: refJson(state, repo, branchName, sha) };
  });
}
