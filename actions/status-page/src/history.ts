// Reads the window's history files (`history/<YYYY-MM-DD>.jsonl`) from the history branch through the
// contents API: one GET a day, a missing day (or branch) is simply no data.
import type { GitHubClient } from '../../../src/kernel/github.ts';
import { readHistoryDay } from '../../../src/kernel/status-history.ts';

type RepoRef = { owner: string; repo: string };

/** Requests in flight at once: enough to read 90 days quickly, few enough for GitHub's secondary limits. */
const PARALLEL = 6;

/** The text of each day's file that exists, oldest first. */
export async function readHistoryFiles(
  github: GitHubClient,
  repo: RepoRef,
  branch: string,
  dates: readonly string[],
): Promise<Array<{ date: string; text: string }>> {
  const found: Array<{ date: string; text: string } | undefined> = new Array(dates.length);
  let next = 0;
  const worker = async () => {
    while (next < dates.length) {
      const index = next++;
      found[index] = await readDay(github, repo, branch, dates[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, dates.length) }, worker));
  return found.filter((entry): entry is { date: string; text: string } => entry !== undefined);
}

async function readDay(
  github: GitHubClient,
  repo: RepoRef,
  branch: string,
  date: string,
): Promise<{ date: string; text: string } | undefined> {
  const text = await readHistoryDay(github, repo, branch, date);
  return text === undefined ? undefined : { date, text };
}
