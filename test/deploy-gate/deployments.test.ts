// Active deployment and rollback target resolution as pure steps over deployments, newest first.
import { describe, expect, it } from 'vitest';
import {
  type DeploymentFact,
  newestFirst,
  readHistory,
  step,
  succeeded,
} from '../../actions/deploy-gate/src/deployments.ts';

let id = 1;
const deployment = (sha: string, states: string[], minute = id): DeploymentFact => ({
  id: id++,
  sha: sha.repeat(40),
  ref: 'main',
  createdAt: `2026-11-30T10:${String(minute).padStart(2, '0')}:00Z`,
  states,
});

async function* from(items: DeploymentFact[], seen: DeploymentFact[] = []) {
  for (const item of items) {
    seen.push(item);
    yield item;
  }
}

describe('deployments', () => {
  it('counts a deployment that succeeded and was later replaced (inactive) as succeeded', () => {
    expect(succeeded(deployment('1', ['in_progress', 'success', 'inactive']))).toBe(true);
    expect(succeeded(deployment('1', ['in_progress', 'failure']))).toBe(false);
    expect(succeeded(deployment('1', ['queued']))).toBe(false);
  });

  it('finds the active one and the previous with another commit, skipping failures and redeploys', async () => {
    const newest = [
      deployment('5', ['error']),
      deployment('4', ['success']),
      deployment('4', ['success', 'inactive']),
      deployment('3', ['failure']),
      deployment('2', ['success', 'inactive']),
      deployment('1', ['success', 'inactive']),
    ];
    const seen: DeploymentFact[] = [];
    const history = await readHistory(from(newest, seen), true);
    expect(history.active?.sha).toBe('4'.repeat(40));
    expect(history.previous?.sha).toBe('2'.repeat(40));
    // It stops once both are known.
    expect(seen).toHaveLength(5);
  });

  it('stops at the active one when no previous is wanted', async () => {
    const seen: DeploymentFact[] = [];
    await readHistory(
      from([deployment('2', ['failure']), deployment('1', ['success']), deployment('0', ['success'])], seen),
      false,
    );
    expect(seen).toHaveLength(2);
  });

  it('has no previous when every success is the same commit, and nothing when none succeeded', async () => {
    expect(await readHistory(from([deployment('1', ['success']), deployment('1', ['success'])]), true)).toMatchObject({
      previous: undefined,
    });
    expect(await readHistory(from([deployment('1', ['failure'])]), true)).toEqual({});
  });

  it('steps without mutating and orders newest first', () => {
    const a = deployment('1', ['success'], 1);
    const b = deployment('2', ['success'], 2);
    const start = {};
    expect(step(start, b)).toEqual({ active: b });
    expect(start).toEqual({});
    expect(newestFirst([a, b]).map((item) => item.id)).toEqual([b.id, a.id]);
  });
});
