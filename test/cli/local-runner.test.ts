// How the local runner evaluates the `${{ github.* }}` expressions that action.yml defaults use.
import { describe, expect, it } from 'vitest';
import { evaluateDefault } from '../../src/local-runner/index.ts';

describe('evaluateDefault', () => {
  const payload = { repository: { name: 'shop', owner: { login: 'octo-org' } }, before: 'a'.repeat(40) };

  it('reads the context first, then the event payload, then the runner variable of the same name', () => {
    expect(evaluateDefault('${{ github.token }}', { 'github.token': 'ghs_x' })).toBe('ghs_x');
    expect(evaluateDefault('${{ github.event.repository.name }}-db', {}, {}, payload)).toBe('shop-db');
    expect(evaluateDefault('${{github.actor}}', {}, { GITHUB_ACTOR: 'octocat' })).toBe('octocat');
  });

  it('renders a missing event property as empty, as the runner does, and never walks the prototype', () => {
    expect(evaluateDefault('${{ github.event.pull_request.number }}', {}, {}, payload)).toBe('');
    expect(evaluateDefault('${{ github.event.constructor }}', {}, {}, payload)).toBe('');
  });

  it('refuses an expression it cannot know outside a runner', () => {
    expect(() => evaluateDefault('${{ job.check_run_id }}', {})).toThrow(
      'cannot evaluate ${{ job.check_run_id }} outside a runner',
    );
    expect(() => evaluateDefault('${{ github.run_attempt }}', {})).toThrow();
  });
});
