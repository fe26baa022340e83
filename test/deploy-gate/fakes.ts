// Test doubles for the gate's seams: a clock that moves only when slept on, and scripted GitHub facts.
import type { CheckFacts } from '../../actions/deploy-gate/src/checks.ts';
import type { DeploymentFact } from '../../actions/deploy-gate/src/deployments.ts';
import type { IncidentFact, PullFact, ReviewFact } from '../../actions/deploy-gate/src/gates.ts';
import type { Comparison, GateGitHub } from '../../actions/deploy-gate/src/github-facts.ts';
import type { Clock } from '../../src/kernel/clock.ts';

export class FakeClock implements Clock {
  ms = 0;
  readonly start: number;
  readonly sleeps: number[] = [];
  constructor(start = Date.parse('2026-12-01T12:00:00Z')) {
    this.start = start;
  }
  now(): Date {
    return new Date(this.start + this.ms);
  }
  monotonicMs(): number {
    return this.ms;
  }
  async sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    this.ms += ms;
  }
}

export class ScriptedGitHub implements GateGitHub {
  /** Checks as a function of the fake clock's time, so a test can flip a check mid-wait. */
  checksAt: (ms: number) => CheckFacts = () => ({ checkRuns: [], statuses: [] });
  checkReads: number[] = [];
  pulls: PullFact[] = [];
  reviews: ReviewFact[] = [];
  incidents: IncidentFact[] = [];
  deploymentList: DeploymentFact[] = [];
  refs: Record<string, string> = {};
  comparison: Comparison = { files: [], truncated: false, status: 'ahead' };
  compared: string[] = [];
  failChecks?: (ms: number) => Error | undefined;
  private readonly clock: FakeClock;

  constructor(clock: FakeClock) {
    this.clock = clock;
  }

  async listChecks(): Promise<CheckFacts> {
    this.checkReads.push(this.clock.ms);
    const failure = this.failChecks?.(this.clock.ms);
    if (failure) throw failure;
    // A slow answer: the poll's own time must not shorten the next interval.
    this.clock.ms += 250;
    return this.checksAt(this.clock.ms);
  }
  async listPulls() {
    return this.pulls;
  }
  async listReviews() {
    return this.reviews;
  }
  async listOpenIncidents() {
    return this.incidents;
  }
  async *deployments() {
    yield* this.deploymentList;
  }
  async resolveRef(ref: string) {
    const sha = this.refs[ref];
    if (!sha) throw Object.assign(new Error('No commit found'), { status: 422 });
    return sha;
  }
  async compare(base: string, head: string) {
    this.compared.push(`${base}...${head}`);
    return this.comparison;
  }
}
