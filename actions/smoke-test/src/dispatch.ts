// Dispatches the rollback workflow exactly once through the kernel's GitHub client: GitHub names the
// run it started (`return_run_details`); after an ambiguous failure (5xx, timeout, reset) the run is
// looked for, several times over about 10 s, before the workflow is dispatched again; runs that
// existed before the first dispatch are never taken for ours. The ref defaults to the default branch.
import type { Clock } from '../../../src/kernel/clock.ts';
import type { GitHubClient } from '../../../src/kernel/github.ts';
import type { RollbackSpec } from './inputs.ts';

export interface DispatchedRun {
  ref: string;
  /** The run's page on GitHub. */
  runUrl?: string;
}

/** Dispatches in all, when every answer is lost and no run shows up. */
const DISPATCH_ATTEMPTS = 3;
/**
 * Waits before each look for the run after a lost answer (10 s in all): a run GitHub started can
 * take a few seconds to be listed, and dispatching again too soon would start a second rollback.
 */
const LOOK_DELAYS_MS = [1_000, 2_000, 3_000, 4_000];
/** Runs created this long before the first dispatch count as ours: the runner's and GitHub's clocks differ. */
const CLOCK_SKEW_MS = 60_000;

export async function dispatchRollback(
  github: GitHubClient,
  rollback: RollbackSpec,
  clock: Pick<Clock, 'now' | 'sleep'>,
): Promise<DispatchedRun> {
  const repository = { owner: rollback.owner, repo: rollback.repo };
  const ref = rollback.ref ?? (await github.rest.repos.get(repository)).data.default_branch;
  const since = new Date(clock.now().getTime() - CLOCK_SKEW_MS);
  // Runs already there (someone else's, a minute ago) are never taken for ours after a lost answer.
  // Not knowing them must not stop a rollback: then only the time filter applies.
  const earlier = await listDispatchedRuns(github, rollback, ref, since, 0).then(
    (runs) => new Set(runs.map((run) => run.id)),
    () => new Set<number>(),
  );
  let askForRun = true;
  for (let attempt = 1; ; attempt++) {
    try {
      const response = await github.request('POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches', {
        ...repository,
        workflow_id: rollback.workflow,
        ref,
        inputs: rollback.inputs,
        ...(askForRun ? { return_run_details: true } : {}),
        // Never retried by the client: a lost answer may hide a run that started.
        request: { retries: 0 },
      });
      const details = response.data as { html_url?: unknown } | undefined;
      return { ref, ...(typeof details?.html_url === 'string' ? { runUrl: details.html_url } : {}) };
    } catch (error) {
      // A GitHub Enterprise Server that predates `return_run_details` refuses the key (422): the
      // refusal started nothing, so the rollback is sent again without it rather than lost.
      if (askForRun && refusesRunDetails(error)) {
        askForRun = false;
        attempt--;
        continue;
      }
      if (!isAmbiguous(error)) throw error;
      for (const delay of LOOK_DELAYS_MS) {
        await clock.sleep(delay);
        let found: { id: number; html_url: string } | undefined;
        try {
          found = (await listDispatchedRuns(github, rollback, ref, since)).find((run) => !earlier.has(run.id));
        } catch (lookup) {
          // Without knowing whether a run started, dispatching again could roll back twice.
          throw new Error(
            `the dispatch got no answer (${describe(error)}) and looking for the run it may have started failed (${describe(lookup)}); check the workflow's runs before dispatching by hand`,
          );
        }
        if (found !== undefined) return { ref, runUrl: found.html_url };
      }
      if (attempt >= DISPATCH_ATTEMPTS) throw error;
    }
  }
}

function refusesRunDetails(error: unknown): boolean {
  const failure = error as { status?: unknown; message?: unknown };
  return (
    failure?.status === 422 && typeof failure.message === 'string' && failure.message.includes('return_run_details')
  );
}

/** 5xx, or no status at all (timeout, reset): GitHub may have started the run. A 4xx was refused. */
function isAmbiguous(error: unknown): boolean {
  const status = (error as { status?: unknown })?.status;
  return typeof status !== 'number' || status >= 500;
}

function describe(error: unknown): string {
  const status = (error as { status?: unknown })?.status;
  const message = error instanceof Error ? error.message : String(error);
  return typeof status === 'number' ? `${status}: ${message}` : message;
}

/** The workflow_dispatch runs of the workflow on `ref` created since `since`, newest first. */
async function listDispatchedRuns(
  github: GitHubClient,
  rollback: RollbackSpec,
  ref: string,
  since: Date,
  retries?: number,
): Promise<Array<{ id: number; html_url: string }>> {
  const { data } = await github.rest.actions.listWorkflowRuns({
    owner: rollback.owner,
    repo: rollback.repo,
    workflow_id: rollback.workflow,
    event: 'workflow_dispatch',
    created: `>=${since.toISOString().replace(/\.\d{3}Z$/, 'Z')}`,
    per_page: 20,
    ...(retries === undefined ? {} : { request: { retries } }),
  });
  const branch = ref.replace(/^refs\/(heads|tags)\//, '');
  return data.workflow_runs
    .filter((run) => run.head_branch === branch)
    .sort((a, b) => Date.parse(b.created_at) - Date.parse(a.created_at));
}
