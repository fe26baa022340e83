// Smoke-test round results kept as one JSONL file a day (`history/<YYYY-MM-DD>.jsonl`) on a branch of
// their own, written through the contents API with optimistic concurrency on the file's sha; the
// status page reads the same files. Shared by smoke-test (writer) and status-page (reader).
import { UserError } from './errors.ts';
import type { GitHubClient } from './github.ts';

/** One check's result in one round: what smoke-test measured, nothing derived. */
export interface RoundSample {
  /** ISO time the round started (UTC). */
  time: string;
  check: string;
  verdict: 'passed' | 'failed';
  /** HTTP status of the check's last request; null when there was no answer (timeout, refused). */
  status: number | null;
  /** Milliseconds of the check's last request; null when there was no answer. */
  latency: number | null;
}

export const HISTORY_FOLDER = 'history';

/** `history/2026-12-01.jsonl` */
export function historyPath(day: string): string {
  return `${HISTORY_FOLDER}/${day}.jsonl`;
}

/** The UTC day of an ISO time, `YYYY-MM-DD`. */
export function dayOf(time: string | Date): string {
  return (typeof time === 'string' ? new Date(time) : time).toISOString().slice(0, 10);
}

/** One JSON object a line, fields in a fixed order, each line ending in `\n`. */
export function samplesToJsonl(samples: readonly RoundSample[]): string {
  let text = '';
  for (const sample of samples) {
    text += `${JSON.stringify({
      time: sample.time,
      check: sample.check,
      verdict: sample.verdict,
      status: sample.status,
      latency: sample.latency,
    })}\n`;
  }
  return text;
}

export interface ParsedHistory {
  samples: RoundSample[];
  /** Lines that are not a sample (hand edits, a cut write): counted, never guessed at. */
  skipped: number;
}

/** Reads a history file; a line that is not a valid sample is skipped and counted. */
export function parseHistory(text: string, into: RoundSample[] = []): ParsedHistory {
  let skipped = 0;
  for (const sample of historySamples(text, () => skipped++)) into.push(sample);
  return { samples: into, skipped };
}

/** The samples of a history file one at a time (nothing else is kept); `onSkipped` hears of each bad line. */
export function* historySamples(text: string, onSkipped: () => void = () => {}): Generator<RoundSample> {
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    if (end > start) {
      const sample = parseSample(text.slice(start, end));
      if (sample) yield sample;
      else onSkipped();
    }
    start = end + 1;
  }
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
// A round's samples share one time: checking it once per round keeps a 90-day read fast.
let lastValidTime = '';

function validTime(time: string): boolean {
  if (time === lastValidTime) return true;
  if (!ISO_TIME.test(time) || Number.isNaN(Date.parse(time))) return false;
  lastValidTime = time;
  return true;
}

function parseSample(line: string): RoundSample | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (!value || typeof value !== 'object') return undefined;
  const { time, check, verdict, status, latency } = value as Record<string, unknown>;
  if (typeof time !== 'string' || !validTime(time)) return undefined;
  if (typeof check !== 'string' || check === '') return undefined;
  if (verdict !== 'passed' && verdict !== 'failed') return undefined;
  const sample = value as RoundSample;
  // The parsed object itself, normalised in place: a 90-day read makes no second object per line.
  if (typeof status !== 'number') sample.status = null;
  if (typeof latency !== 'number') sample.latency = null;
  return sample;
}

// git check-ref-format, the parts a branch name can break: no `..`, no control or special
// characters, no leading `-` or `/`, no `.lock` or `/` at the end, no `@{`.
const BRANCH = /^(?!-|\/)(?!.*(?:\.\.|\/\/|@\{|\/\.|\.lock$|\/$|\.$))[A-Za-z0-9._/-]{1,200}$/;

/** Why `name` cannot be the history branch, or undefined when it can. */
export function historyBranchProblem(name: string): string | undefined {
  if (!BRANCH.test(name)) {
    return 'expected a branch name such as status-data (letters, digits, . _ - /; no "..", no leading "-").';
  }
  return undefined;
}

export interface AppendOptions {
  /** Attempts per file when other runs keep writing in between (409/422 on the sha). */
  maxAttempts?: number;
  sleep?: (ms: number) => Promise<void>;
  log?: { info(message: string): void };
  /** Jitter source in [0, 1), so concurrent runs do not retry in lockstep. */
  random?: () => number;
}

export interface AppendedFile {
  path: string;
  samples: number;
  /** Writes tried, including the one that landed (1 without contention). */
  attempts: number;
  /** True when a re-read found this run's lines already there (an answer lost after the write). */
  alreadyWritten: boolean;
}

type RepoRef = { owner: string; repo: string };

/**
 * Appends `samples` to their days' files on `branch`, creating the branch (an orphan holding a
 * README) and the files when missing. Each write names the sha it read; when another run wrote in
 * between, GitHub refuses it (409, or 422 for a file created meanwhile) and the file is read again,
 * so no run's lines are lost or doubled. Never writes to the repository's default branch.
 */
export async function appendHistory(
  github: GitHubClient,
  repo: RepoRef,
  branch: string,
  samples: readonly RoundSample[],
  options: AppendOptions = {},
): Promise<AppendedFile[]> {
  const problem = historyBranchProblem(branch);
  if (problem) throw new UserError(`Input 'history' was "${branch}": ${problem}`);
  if (samples.length === 0) return [];
  const { data: repository } = await github.rest.repos.get(repo);
  if (repository.default_branch === branch) {
    throw new UserError(
      `Input 'history' was "${branch}": that is the repository's default branch; history is kept on a branch of its own (e.g. status-data).`,
    );
  }
  const byDay = new Map<string, RoundSample[]>();
  for (const sample of samples) {
    const day = dayOf(sample.time);
    const list = byDay.get(day) ?? [];
    list.push(sample);
    byDay.set(day, list);
  }
  const written: AppendedFile[] = [];
  for (const [day, daySamples] of [...byDay].sort(([a], [b]) => a.localeCompare(b))) {
    written.push(await appendFile(github, repo, branch, historyPath(day), samplesToJsonl(daySamples), options));
  }
  return written;
}

async function appendFile(
  github: GitHubClient,
  repo: RepoRef,
  branch: string,
  path: string,
  lines: string,
  options: AppendOptions,
): Promise<AppendedFile> {
  const maxAttempts = options.maxAttempts ?? 8;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((done) => setTimeout(done, ms)));
  const random = options.random ?? Math.random;
  const samples = lines.split('\n').length - 1;
  for (let attempt = 1; ; attempt++) {
    const current = await readFile(github, repo, branch, path);
    if (!current && !(await branchExists(github, repo, branch))) {
      await createBranch(github, repo, branch);
      attempt--;
      continue;
    }
    // A write whose answer was lost (the client retried, or we did) may have landed: look first.
    if (current?.text.includes(lines)) {
      return { path, samples, attempts: attempt - 1, alreadyWritten: true };
    }
    const before = current
      ? current.text === '' || current.text.endsWith('\n')
        ? current.text
        : `${current.text}\n`
      : '';
    try {
      await github.rest.repos.createOrUpdateFileContents({
        ...repo,
        path,
        branch,
        message: `status history: ${samples} sample${samples === 1 ? '' : 's'} for ${path.slice(HISTORY_FOLDER.length + 1, -'.jsonl'.length)} [skip ci]`,
        content: Buffer.from(before + lines, 'utf8').toString('base64'),
        ...(current ? { sha: current.sha } : {}),
      });
      return { path, samples, attempts: attempt, alreadyWritten: false };
    } catch (error) {
      const status = (error as { status?: number }).status;
      // 409: the sha we read is no longer the file's; 422: the file appeared after we saw none.
      if ((status !== 409 && status !== 422) || attempt >= maxAttempts) throw error;
      options.log?.info(`${path} changed while writing (HTTP ${status}); reading it again (attempt ${attempt + 1}).`);
      await sleep(Math.round((50 + random() * 200) * attempt));
    }
  }
}

interface FileState {
  sha: string;
  text: string;
}

/** The text of one day's history file on `branch`; undefined when the day (or the branch) has none. */
export async function readHistoryDay(
  github: GitHubClient,
  repo: RepoRef,
  branch: string,
  day: string,
): Promise<string | undefined> {
  return (await readFile(github, repo, branch, historyPath(day)))?.text;
}

/** The file on the branch; undefined when there is no such file (or no such branch). */
async function readFile(
  github: GitHubClient,
  repo: RepoRef,
  branch: string,
  path: string,
): Promise<FileState | undefined> {
  try {
    const { data } = await github.rest.repos.getContent({ ...repo, path, ref: branch });
    if (Array.isArray(data) || data.type !== 'file') {
      throw new UserError(`${path} on branch ${branch} is not a file; the history branch holds only history files.`);
    }
    // The contents API leaves `content` empty for files over 1 MB; the blob API serves up to 100 MB.
    const base64 =
      data.content || data.size === 0
        ? data.content
        : (await github.rest.git.getBlob({ ...repo, file_sha: data.sha })).data.content;
    return { sha: data.sha, text: Buffer.from(base64 ?? '', 'base64').toString('utf8') };
  } catch (error) {
    if ((error as { status?: number }).status === 404) return undefined;
    throw error;
  }
}

async function branchExists(github: GitHubClient, repo: RepoRef, branch: string): Promise<boolean> {
  try {
    await github.rest.git.getRef({ ...repo, ref: `heads/${branch}` });
    return true;
  } catch (error) {
    if ((error as { status?: number }).status === 404) return false;
    throw error;
  }
}

const BRANCH_README = `# Status history

Smoke-test round results, one JSON object a line, one file a day (\`history/YYYY-MM-DD.jsonl\`, UTC),
written by shipshape's smoke-test and read by its status page. This branch shares no history with
the code: it is created as an orphan and only ever appended to.
`;

/** An orphan branch with a README, so it shares nothing with the code and triggers nothing. */
async function createBranch(github: GitHubClient, repo: RepoRef, branch: string): Promise<void> {
  const { data: tree } = await github.rest.git.createTree({
    ...repo,
    tree: [{ path: 'README.md', mode: '100644', type: 'blob', content: BRANCH_README }],
  });
  const { data: commit } = await github.rest.git.createCommit({
    ...repo,
    message: 'status history: start the branch [skip ci]',
    tree: tree.sha,
    parents: [],
  });
  try {
    await github.rest.git.createRef({ ...repo, ref: `refs/heads/${branch}`, sha: commit.sha });
  } catch (error) {
    // Another run created it first: theirs is as good as ours.
    if ((error as { status?: number }).status !== 422) throw error;
  }
}
