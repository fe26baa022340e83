// Dispatches the rollback workflow through the kernel's GitHub client; the ref defaults to the
// repository's default branch, looked up only now that a dispatch is needed.
import type { GitHubClient } from '../../../src/kernel/github.ts';
import type { RollbackSpec } from './inputs.ts';

export async function dispatchRollback(github: GitHubClient, rollback: RollbackSpec): Promise<{ ref: string }> {
  const repository = { owner: rollback.owner, repo: rollback.repo };
  const ref = rollback.ref ?? (await github.rest.repos.get(repository)).data.default_branch;
  await github.rest.actions.createWorkflowDispatch({
    ...repository,
    workflow_id: rollback.workflow,
    ref,
    inputs: rollback.inputs,
  });
  return { ref };
}
