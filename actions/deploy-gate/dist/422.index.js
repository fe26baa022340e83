export const id = 422;
export const ids = [422];
export const modules = {

/***/ 9422:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runGate: () => (/* binding */ runGate),
  short: () => (/* binding */ gate_short)
});

// EXTERNAL MODULE: ./node_modules/picomatch/index.js
var picomatch = __webpack_require__(4006);
var picomatch_default = /*#__PURE__*/__webpack_require__.n(picomatch);
// EXTERNAL MODULE: ./src/kernel/context.ts
var context = __webpack_require__(6950);
// EXTERNAL MODULE: ./src/kernel/durations.ts
var durations = __webpack_require__(268);
// EXTERNAL MODULE: ./src/kernel/text.ts
var kernel_text = __webpack_require__(5426);
// EXTERNAL MODULE: ./actions/deploy-gate/src/markdown.ts
var src_markdown = __webpack_require__(2076);
;// CONCATENATED MODULE: ./actions/deploy-gate/src/checks.ts
// The `checks` gate as a pure function of what GitHub says about a commit: the newest run per name
// wins, required checks that have not appeared are pending, and the gate's own job is never judged.


const PASSING_CONCLUSIONS = new Set(['success', 'neutral', 'skipped']);
const FAILING_CONCLUSIONS = new Set([
    'failure',
    'cancelled',
    'timed_out',
    'action_required',
    'stale',
    'startup_failure',
]);
function checkRunState(run) {
    if (run.status !== 'completed' || run.conclusion === null)
        return 'pending';
    if (PASSING_CONCLUSIONS.has(run.conclusion))
        return 'pass';
    if (FAILING_CONCLUSIONS.has(run.conclusion))
        return 'fail';
    // A conclusion GitHub adds later is not a pass we can vouch for.
    return 'fail';
}
function statusState(state) {
    if (state === 'success')
        return 'pass';
    if (state === 'failure' || state === 'error')
        return 'fail';
    return 'pending';
}
/** A glob over check names: `*` also crosses `/` (names like `ci / build`), and a literal name always matches itself. */
function nameMatcher(globs) {
    const matchers = globs.map((glob) => {
        const match = picomatch_default()(glob, { bash: true, dot: true, strictBrackets: true });
        return (name) => name === glob || match(name);
    });
    return (name) => matchers.some((match) => match(name));
}
/** True for the gate's own check run (or, without its id, this workflow run's check runs named like the job). */
function isSelf(run, self) {
    if (self.checkRunId !== undefined)
        return run.id === self.checkRunId;
    if (!self.job || !self.runId)
        return false;
    const named = run.name === self.job || run.name.startsWith(`${self.job} (`);
    const marker = `/actions/runs/${self.runId}/`;
    const ofThisRun = [run.detailsUrl, run.url].some((url) => typeof url === 'string' && url.includes(marker));
    return named && ofThisRun;
}
/** A run not started yet (a queued re-run) is newer than every started one: it must not lose to the failure it re-runs. */
function startTime(run) {
    return run.startedAt ? Date.parse(run.startedAt) || 0 : Number.POSITIVE_INFINITY;
}
function newer(a, b) {
    const at = startTime(a);
    const bt = startTime(b);
    return at !== bt ? at > bt : a.id > b.id;
}
/** Judges every check on the commit. `fail` is definite (a failure stops the waiting); `pending` may still change. */
function judgeChecks(facts, policy) {
    const ignored = nameMatcher(policy.ignore);
    const required = nameMatcher(policy.required);
    const considered = (name) => !ignored(name) && (policy.required.length === 0 || required(name));
    const newestRun = new Map();
    for (const run of facts.checkRuns) {
        if (isSelf(run, policy.self))
            continue;
        const seen = newestRun.get(run.name);
        if (!seen || newer(run, seen))
            newestRun.set(run.name, run);
    }
    const newestStatus = new Map();
    for (const status of facts.statuses) {
        const seen = newestStatus.get(status.context);
        if (!seen || (Date.parse(status.updatedAt ?? '') || 0) > (Date.parse(seen.updatedAt ?? '') || 0)) {
            newestStatus.set(status.context, status);
        }
    }
    const checks = [];
    for (const run of newestRun.values()) {
        if (!considered(run.name))
            continue;
        checks.push({
            name: run.name,
            kind: 'check run',
            state: checkRunState(run),
            outcome: run.status === 'completed' ? (run.conclusion ?? 'completed') : run.status,
            ...(run.url ? { url: run.url } : {}),
        });
    }
    for (const status of newestStatus.values()) {
        if (!considered(status.context))
            continue;
        checks.push({
            name: status.context,
            kind: 'status',
            state: statusState(status.state),
            outcome: status.state,
            ...(status.url ? { url: status.url } : {}),
        });
    }
    checks.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.kind < b.kind ? -1 : 1));
    const missing = policy.required.filter((glob) => {
        const matches = nameMatcher([glob]);
        return !checks.some((check) => matches(check.name));
    });
    const none = policy.required.length === 0 && checks.length === 0;
    const state = checks.some((check) => check.state === 'fail')
        ? 'fail'
        : missing.length > 0 || none || checks.some((check) => check.state === 'pending')
            ? 'pending'
            : 'pass';
    return { state, checks, missing, none };
}
/**
 * One line for the report: what passed, failed, or is still awaited. `polling` while the wait goes on,
 * `timed-out` when it ran out, `at-once` when `wait` is 0.
 */
function describeChecks(verdict, phase, links = false) {
    // In the summary a failed or awaited check links to its run, and names and outcomes are text, never Markdown.
    const text = links ? src_markdown/* mdText */.b : (value) => value;
    const named = (check) => (links ? (0,src_markdown/* mdLink */.Y)(check.name, check.url) : check.name);
    const failed = verdict.checks.filter((check) => check.state === 'fail');
    const pending = verdict.checks.filter((check) => check.state === 'pending');
    const passed = verdict.checks.filter((check) => check.state === 'pass');
    if (failed.length > 0) {
        return `failed: ${failed.map((check) => `${named(check)} (${text(check.outcome)})`).join(', ')}`;
    }
    if (verdict.none) {
        return phase === 'polling'
            ? 'no check runs or statuses yet'
            : 'no CI ran on this commit (no check runs or statuses appeared)';
    }
    if (verdict.missing.length > 0 || pending.length > 0) {
        const awaited = [
            ...pending.map((check) => `${named(check)} (${text(check.outcome)})`),
            ...verdict.missing.map((glob) => `${text(glob)} (not created)`),
        ];
        const lead = { polling: 'waiting for', 'timed-out': 'gave up waiting for', 'at-once': 'not finished' }[phase];
        return `${lead}: ${awaited.join(', ')}`;
    }
    return `${passed.length} passed: ${passed.map((check) => text(check.name)).join(', ')}`;
}

;// CONCATENATED MODULE: ./actions/deploy-gate/src/deployments.ts
// Which deployment is active and which one a rollback returns to: a deployment succeeded when any of its
// statuses is `success` (a later `inactive` only means a newer one replaced it).
function succeeded(deployment) {
    return deployment.states.includes('success');
}
/**
 * Walks deployments newest first and stops as soon as both are known (`wantPrevious: false` stops at
 * the active one), so a long history is not read to the end.
 */
async function readHistory(deployments, wantPrevious) {
    const history = {};
    for await (const deployment of deployments) {
        const next = step(history, deployment);
        history.active = next.active;
        history.previous = next.previous;
        if (history.active && (!wantPrevious || history.previous))
            break;
    }
    return history;
}
/** One step of the walk (deployments arrive newest first), as a pure function. */
function step(history, deployment) {
    if (!succeeded(deployment))
        return history;
    if (!history.active)
        return { active: deployment };
    if (!history.previous && deployment.sha !== history.active.sha)
        return { ...history, previous: deployment };
    return history;
}
/** Newest first by creation time, then id: GitHub's own order, restated so a pure test can rely on it. */
function newestFirst(deployments) {
    return [...deployments].sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt) || b.id - a.id);
}

// EXTERNAL MODULE: ./src/kernel/backup-manifest.ts
var backup_manifest = __webpack_require__(8125);
// EXTERNAL MODULE: ./src/kernel/http/json-path.ts
var json_path = __webpack_require__(8140);
// EXTERNAL MODULE: ./src/kernel/incident-labels.ts
var incident_labels = __webpack_require__(6891);
// EXTERNAL MODULE: ./src/kernel/secrets.ts
var kernel_secrets = __webpack_require__(880);
// EXTERNAL MODULE: ./src/kernel/severity.ts
var kernel_severity = __webpack_require__(5402);
// EXTERNAL MODULE: ./actions/deploy-gate/src/freeze.ts + 3 modules
var src_freeze = __webpack_require__(7091);
;// CONCATENATED MODULE: ./actions/deploy-gate/src/result.ts
// What the gate decided: one result per gate, the decision, and the facts the summary shows.
function gate(name, outcome, detail, detailMarkdown) {
    return {
        name,
        ok: outcome === 'pass' || outcome === 'warn',
        outcome,
        detail,
        ...(detailMarkdown && detailMarkdown !== detail ? { detailMarkdown } : {}),
    };
}

;// CONCATENATED MODULE: ./actions/deploy-gate/src/gates.ts
// The gates other than checks, each a pure function of gathered facts: approvals, integrity, backup
// freshness, open incidents and freeze windows.









/** The pull request that brought the commit: the merged one first, then the lowest number (the oldest). */
function choosePull(pulls) {
    return [...pulls].sort((a, b) => Number(b.merged) - Number(a.merged) || a.number - b.number)[0];
}
/** Each reviewer's latest approval or change request counts; a dismissed review withdraws it. */
function judgeApprovals(pull, reviews, required) {
    if (!pull)
        return gate('approvals', 'fail', `no pull request brought this commit; ${required} approval(s) required`);
    const latest = new Map();
    const ordered = [...reviews].sort((a, b) => (Date.parse(a.submittedAt ?? '') || 0) - (Date.parse(b.submittedAt ?? '') || 0) || a.id - b.id);
    for (const review of ordered) {
        if (review.state === 'APPROVED' || review.state === 'CHANGES_REQUESTED')
            latest.set(review.user, review);
        else if (review.state === 'DISMISSED')
            latest.delete(review.user);
    }
    const approvers = [...latest.values()].filter((review) => review.state === 'APPROVED').map((review) => review.user);
    const objectors = [...latest.values()]
        .filter((review) => review.state === 'CHANGES_REQUESTED')
        .map((review) => review.user);
    // Logins such as `dependabot[bot]` are text in the summary, not Markdown.
    const describe = (markdown) => {
        const names = (users) => (markdown ? users.map(src_markdown/* mdText */.b) : users).join(', ');
        const where = markdown ? (0,src_markdown/* mdLink */.Y)(`#${pull.number}`, pull.url) : `#${pull.number}`;
        const approved = `${approvers.length} of ${required} approval(s)${approvers.length > 0 ? ` (${names(approvers)})` : ''}`;
        return objectors.length > 0
            ? `${where}: changes requested by ${names(objectors)}; ${approved}`
            : `${where}: ${approved}`;
    };
    const outcome = objectors.length === 0 && approvers.length >= required ? 'pass' : 'fail';
    return gate('approvals', outcome, describe(false), describe(true));
}
/** Fails closed: a score below the minimum, missing, not a number, or an unreadable source blocks. */
function judgeIntegrity(facts, policy, secrets) {
    if (facts.kind === 'unreadable') {
        return gate('integrity', 'fail', (0,kernel_secrets/* redact */.E)(`${facts.source}: ${facts.problem}`, secrets));
    }
    // JSON.parse reads 1e999 as Infinity: a number, but no score (it would pass any minimum).
    const score = readScore(policy.path, facts.document);
    if (typeof score === 'number' && !Number.isFinite(score)) {
        return gate('integrity', 'fail', `${policy.path} was ${score}, expected a finite number >= ${policy.min}`);
    }
    const failure = expectation(policy.path, policy.min, facts.document, secrets);
    if (failure)
        return gate('integrity', 'fail', failure);
    if (policy.warn !== undefined) {
        const below = expectation(policy.path, policy.warn, facts.document, secrets);
        if (below)
            return gate('integrity', 'warn', `${below} (warning; the minimum is ${policy.min})`);
    }
    const expected = `expected >= ${policy.min}${policy.warn !== undefined ? `, warn below ${policy.warn}` : ''}`;
    return gate('integrity', 'pass', `${policy.path} was ${JSON.stringify(score)}, ${expected}`);
}
/** Smoke-test's own expectation `PATH >= MIN`, so the message reads the same: `$.scores.mii was 0.91, expected >= 0.95`. */
function expectation(path, min, document, secrets) {
    const parsed = (0,json_path/* parseJsonExpectation */.ay)(`${path} >= ${min}`);
    if (!parsed.ok)
        return parsed.error;
    return (0,json_path/* evaluateJsonExpectation */.Sn)(parsed.value, document, secrets);
}
function readScore(path, document) {
    const parsed = (0,json_path/* parseJsonPath */.Hf)(path);
    if (!parsed.ok)
        return undefined;
    const lookup = (0,json_path/* readJsonPath */.Ad)(document, parsed.value);
    return lookup.found ? lookup.value : undefined;
}
/** The shared freshness rule: the newest verified manifest must be younger than `maxAgeMs`. */
function judgeBackup(facts, name, now, maxAgeMs) {
    if (facts.kind === 'unreadable')
        return gate('backup', 'fail', `${facts.where}: ${facts.problem}`);
    const freshness = (0,backup_manifest/* judgeFreshness */.dT)(facts.manifests, now, maxAgeMs);
    const brokenNote = facts.broken.length > 0 ? `; ${facts.broken.length} unreadable manifest(s) ignored` : '';
    if (!freshness.latest || freshness.ageSeconds === undefined) {
        const seen = facts.manifests.length > 0 ? ` (${facts.manifests.length} unverified)` : '';
        return gate('backup', 'fail', `no verified backup of ${name} in ${facts.where}${seen}${brokenNote}`);
    }
    // The shared rule reads a little clock skew as age 0; further ahead, the time cannot be trusted.
    const aheadMs = freshness.aheadMs ?? 0;
    if (aheadMs > backup_manifest/* BACKUP_MAX_AHEAD_MS */.bV) {
        const ahead = (0,durations/* formatDuration */.a3)(Math.floor(aheadMs / 1000) * 1000);
        return gate('backup', 'fail', `newest verified backup ${freshness.latest.id} was created ${ahead} in the future (${freshness.latest.createdAt}): its time cannot be trusted${brokenNote}`);
    }
    const age = (0,durations/* formatDuration */.a3)(freshness.ageSeconds * 1000);
    const text = `newest verified backup ${freshness.latest.id} is ${age} old (created ${freshness.latest.createdAt}), limit ${(0,durations/* formatDuration */.a3)(maxAgeMs)}${brokenNote}`;
    return gate('backup', freshness.fresh ? 'pass' : 'fail', text);
}
/** Open issues labelled `incident` and a blocking severity (any spelling of it) block. */
function judgeIncidents(issues, block) {
    const blocking = issues.filter((issue) => issue.labels.some((label) => label.toLowerCase() === incident_labels/* INCIDENT_LABEL */.MY) &&
        issue.labels.some((label) => {
            const severity = (0,kernel_severity/* canonicalSeverity */.yv)(label);
            return severity !== undefined && block.includes(severity);
        }));
    const watched = block.join(', ');
    if (blocking.length === 0) {
        return gate('incidents', 'pass', `no open ${watched} incident (${issues.length} open incident(s) in all)`);
    }
    const sorted = [...blocking].sort((a, b) => a.number - b.number);
    const text = `open ${watched} incident(s): ${sorted.map((issue) => `#${issue.number} ${issue.title}`).join('; ')}`;
    const markdown = `open ${watched} incident(s): ${sorted.map((issue) => `${(0,src_markdown/* mdLink */.Y)(`#${issue.number}`, issue.url)} ${(0,src_markdown/* mdText */.b)(issue.title)}`).join('; ')}`;
    return gate('incidents', 'fail', text, markdown);
}
function judgeFreeze(policy, now) {
    const active = (0,src_freeze/* activeFreezes */.Dv)(policy.windows, now);
    if (active.length === 0)
        return gate('freeze', 'pass', `no freeze active at ${(0,src_freeze/* iso */.KH)(now)}`);
    const described = active
        .map((freeze) => {
        const until = freeze.until ? ` until ${(0,src_freeze/* iso */.KH)(freeze.until)}` : '';
        return `${(0,src_freeze/* describeWindow */.O2)(freeze.window)}${freeze.window.reason ? ` "${freeze.window.reason}"` : ''}${until}`;
    })
        .join('; ');
    if (policy.rollback)
        return gate('freeze', 'pass', `freeze active (${described}); rollbacks pass freezes`);
    if (policy.override) {
        return gate('freeze', 'warn', `freeze active (${described}); overridden by ${policy.actor ?? 'unknown'}: ${policy.reason ?? ''}`);
    }
    return gate('freeze', 'fail', `freeze active: ${described}`);
}

;// CONCATENATED MODULE: ./actions/deploy-gate/src/poll.ts
function startPolling() {
    return { pollsAtMs: [] };
}
function recordPoll(state, atMs, result) {
    return { pollsAtMs: [...state.pollsAtMs, atMs], last: result };
}
/**
 * What to do `elapsedMs` after the start. Polls start at least `intervalMs` apart (a slow answer
 * does not make the next poll earlier), and none starts after the wait has run out.
 */
function nextPollStep(state, policy, elapsedMs) {
    const previous = state.pollsAtMs.at(-1);
    if (previous === undefined)
        return { kind: 'poll', atMs: 0 };
    if (state.last !== 'pending')
        return { kind: 'decide', timedOut: false };
    const atMs = Math.max(previous + policy.intervalMs, elapsedMs);
    if (atMs > policy.waitMs)
        return { kind: 'decide', timedOut: true };
    return { kind: 'poll', atMs };
}

;// CONCATENATED MODULE: ./actions/deploy-gate/src/gate.ts
// The deploy gate's orchestration: gather facts (waiting for checks as the poll machine says), judge
// every gate, then decide. `runGate(config, deps)` is the testable core; main.ts gives it real
// dependencies once the inputs are good (so a bad input never loads this module).









const SHA = /^[0-9a-f]{40}$/i;
async function runGate(config, deps) {
    const github = await deps.github();
    const rollback = config.mode === 'rollback';
    const gates = [];
    // Which commit is judged, and which one is live.
    let sha = config.sha ?? '';
    let previousSha;
    let targetProblem;
    try {
        const history = await readHistory(github.deployments(config.environment), rollback && !config.target);
        previousSha = history.active?.sha;
        if (rollback) {
            if (config.target)
                sha = SHA.test(config.target) ? config.target.toLowerCase() : await github.resolveRef(config.target);
            else if (history.previous)
                sha = history.previous.sha;
            else {
                targetProblem = history.active
                    ? `no successful deployment to ${config.environment} older than the active one (${gate_short(history.active.sha)}) with another commit`
                    : `no successful deployment to ${config.environment} to roll back to`;
            }
        }
    }
    catch (error) {
        const message = apiProblem(error);
        if (rollback)
            targetProblem = `cannot resolve the rollback target: ${message}`;
        else
            deps.log.warning(`Could not read deployments to ${config.environment} (previous-sha stays empty): ${message}`);
    }
    let polls = 0;
    let waitedMs = 0;
    if (targetProblem)
        gates.push(gate('checks', 'fail', targetProblem));
    else {
        const waited = await waitForChecks(config, deps, github, sha);
        polls = waited.polls;
        waitedMs = waited.waitedMs;
        gates.push(waited.result);
    }
    if (!rollback) {
        if (config.requiredApprovals > 0)
            gates.push(await approvalsGate(config, github, sha));
        if (config.integrity)
            gates.push(judgeIntegrity(await deps.readIntegrity(config.integrity), config.integrity, config.secrets));
        if (config.backup) {
            gates.push(judgeBackup(await deps.readBackup(config.backup), config.backup.name, deps.clock.now(), config.backup.maxAgeMs));
        }
        if (config.blockSeverities.length > 0)
            gates.push(await incidentsGate(config, github));
    }
    if (config.freeze.length > 0) {
        gates.push(judgeFreeze({
            windows: config.freeze,
            override: config.overrideFreeze,
            ...(deps.run.actor ? { actor: deps.run.actor } : {}),
            ...(config.reason ? { reason: config.reason } : {}),
            rollback,
        }, deps.clock.now()));
    }
    let changed;
    if (config.paths.length > 0 && sha)
        changed = await pathsChanged(config, github, sha, previousSha ?? deps.run.pushBefore, deps);
    const blockedBy = gates.filter((result) => !result.ok).map((result) => result.name);
    const repoUrl = `${deps.run.serverUrl}/${deps.run.repository}`;
    return {
        mode: config.mode,
        sha,
        environment: config.environment,
        allowed: blockedBy.length === 0,
        blockedBy,
        gates,
        ...(previousSha ? { previousSha } : {}),
        ...(changed !== undefined ? { changed } : {}),
        ...(config.reason ? { reason: config.reason } : {}),
        ...(deps.run.actor ? { actor: deps.run.actor } : {}),
        dryRun: config.dryRun,
        links: {
            ...(sha ? { commit: `${repoUrl}/commit/${sha}` } : {}),
            ...(rollback && sha && previousSha ? { compare: `${repoUrl}/compare/${sha}...${previousSha}` } : {}),
            ...(deps.run.runUrl ? { run: deps.run.runUrl } : {}),
        },
        polls,
        waitedMs,
    };
}
/** Polls checks until they settle, a definite failure shows, or the wait runs out. */
async function waitForChecks(config, deps, github, sha) {
    const policy = {
        required: config.requiredChecks,
        ignore: config.ignoreChecks,
        self: {
            ...(config.checkRunId !== undefined ? { checkRunId: config.checkRunId } : {}),
            ...(deps.run.job ? { job: deps.run.job } : {}),
            ...(deps.run.runId ? { runId: deps.run.runId } : {}),
        },
    };
    const started = deps.clock.monotonicMs();
    let state = startPolling();
    let verdict;
    let problem;
    for (;;) {
        const elapsed = deps.clock.monotonicMs() - started;
        const step = nextPollStep(state, { waitMs: config.waitMs, intervalMs: config.pollIntervalMs }, elapsed);
        if (step.kind === 'decide') {
            const waitedMs = deps.clock.monotonicMs() - started;
            const polls = state.pollsAtMs.length;
            if (problem)
                return { result: gate('checks', 'fail', problem), polls, waitedMs };
            if (!verdict)
                return { result: gate('checks', 'fail', 'checks were never read'), polls, waitedMs };
            const phase = config.waitMs === 0 ? 'at-once' : step.timedOut ? 'timed-out' : 'polling';
            const waitedNote = phase === 'timed-out' ? ` (waited ${(0,durations/* formatDuration */.a3)(config.waitMs)})` : '';
            const note = verdict.state === 'pending' ? waitedNote : '';
            const detail = `${describeChecks(verdict, phase)}${note}`;
            const detailMarkdown = `${describeChecks(verdict, phase, true)}${note}`;
            return {
                result: gate('checks', verdict.state === 'pass' ? 'pass' : verdict.state === 'fail' ? 'fail' : 'pending', detail, detailMarkdown),
                polls,
                waitedMs,
            };
        }
        if (step.atMs > elapsed)
            await deps.clock.sleep(step.atMs - elapsed);
        const pollAt = deps.clock.monotonicMs() - started;
        let facts;
        try {
            facts = await github.listChecks(sha);
        }
        catch (error) {
            const status = error.status;
            problem = `cannot read the checks of ${gate_short(sha)}: ${apiProblem(error)}`;
            // A refused request (bad token, no permission, unknown commit) will not change; a 5xx might.
            state = recordPoll(state, pollAt, typeof status === 'number' && status < 500 ? 'fail' : 'pending');
            deps.log.warning(problem);
            continue;
        }
        problem = undefined;
        verdict = judgeChecks(facts, policy);
        state = recordPoll(state, pollAt, verdict.state);
        // Check names are anyone's text (any integration can post a status): one line, so none starts a workflow command.
        deps.log.info((0,kernel_text/* oneLine */.TN)(`Poll ${state.pollsAtMs.length}: checks ${verdict.state} — ${describeChecks(verdict, 'polling')}`));
    }
}
async function approvalsGate(config, github, sha) {
    try {
        const pull = choosePull(await github.listPulls(sha));
        const reviews = pull ? await github.listReviews(pull.number) : [];
        return judgeApprovals(pull, reviews, config.requiredApprovals);
    }
    catch (error) {
        return gate('approvals', 'fail', `cannot read pull requests and reviews: ${apiProblem(error)}`);
    }
}
async function incidentsGate(config, github) {
    try {
        return judgeIncidents(await github.listOpenIncidents(), config.blockSeverities);
    }
    catch (error) {
        return gate('incidents', 'fail', `cannot list open incidents: ${apiProblem(error)}`);
    }
}
/** Did the commit change any `paths` since `base`? Unknown (no base, a failed or cut-short compare) counts as changed. */
async function pathsChanged(config, github, sha, base, deps) {
    if (!base || /^0+$/.test(base))
        return true;
    if (base.toLowerCase() === sha.toLowerCase())
        return false;
    try {
        const comparison = await github.compare(base, sha);
        if (comparison.truncated)
            return true;
        return comparison.files.some(nameMatcherForPaths(config.paths));
    }
    catch (error) {
        deps.log.warning(`Could not compare ${gate_short(base)}...${gate_short(sha)}; changed is true: ${apiProblem(error)}`);
        return true;
    }
}
/** File globs keep path semantics (`*` stays within a folder), unlike check names. */
function nameMatcherForPaths(globs) {
    const matchers = globs.map((glob) => picomatch_default()(glob, { dot: true, strictBrackets: true }));
    return (file) => matchers.some((match) => match(file));
}
function apiProblem(error) {
    return (0,context/* describeRequestError */.tM)(error) ?? (error instanceof Error ? error.message : String(error));
}
function gate_short(sha) {
    return sha.slice(0, 7);
}


/***/ }),

/***/ 2076:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Y: () => (/* binding */ mdLink),
/* harmony export */   b: () => (/* binding */ mdText)
/* harmony export */ });
/* harmony import */ var _src_kernel_text_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(5426);
// Text for the job summary: user and service text (check names, titles, reasons, answers) is shown,
// never rendered — no HTML, no Markdown link, image, emphasis or code — and only https URLs are linked.

/**
 * Escapes HTML and every Markdown character that could start a link, image, emphasis or code span.
 * `|` and line breaks are left to the kernel's `cell`; a backslash is escaped first, so user text
 * ending in `\` cannot swallow the escape `cell` puts before a `|`.
 */
function mdText(text) {
    return (0,_src_kernel_text_js__WEBPACK_IMPORTED_MODULE_0__/* .escapeHtml */ .ZD)(text).replace(/[\\`*_[\]~]/g, (character) => `\\${character}`);
}
/** `[text](url)` for an https URL that cannot break out of the link; otherwise the text alone. */
function mdLink(text, url) {
    return typeof url === 'string' && /^https:\/\/[^\s()<>|\\"'`]+$/.test(url)
        ? `[${mdText(text)}](${url})`
        : mdText(text);
}


/***/ }),

/***/ 8125:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ng: () => (/* binding */ parseManifest),
/* harmony export */   OK: () => (/* binding */ MANIFEST_SUFFIX),
/* harmony export */   bV: () => (/* binding */ BACKUP_MAX_AHEAD_MS),
/* harmony export */   dT: () => (/* binding */ judgeFreshness)
/* harmony export */ });
/* unused harmony exports MANIFEST_VERSION, BACKUP_NAME_PATTERN, BACKUP_ID_PATTERN, manifestSchema */
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9691);
/* harmony import */ var _once_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8076);
// The backup manifest (`<destination>/<name>/<id>.manifest.json`, written last: its presence means the
// backup is complete and verified) and the one rule for "newest verified backup and its age", shared
// by actions/backup (writer, `status` mode) and actions/deploy-gate (the `backup` gate) so the two can
// never disagree.


const MANIFEST_SUFFIX = '.manifest.json';
const MANIFEST_VERSION = 1;
/** A backup series name: `[A-Za-z0-9._-]+`, never `.` or `..` (it is a folder name). */
const BACKUP_NAME_PATTERN = /^(?!\.{1,2}$)[A-Za-z0-9._-]+$/;
/** Backup ids: UTC start time `YYYYMMDDTHHMMSSZ`, a dash and a short random suffix, so they sort by time. */
const BACKUP_ID_PATTERN = /^\d{8}T\d{6}Z-[a-z0-9]{4,12}$/;
function buildManifestSchema() {
    const isoUtc = zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP()
        .refine((text) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(text) && !Number.isNaN(Date.parse(text)), {
        message: 'expected an ISO 8601 UTC time such as 2026-11-25T03:00:00.000Z',
    });
    return zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({
        version: zod__WEBPACK_IMPORTED_MODULE_0__/* .literal */ .euz(MANIFEST_VERSION),
        id: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().regex(BACKUP_ID_PATTERN),
        name: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().regex(BACKUP_NAME_PATTERN),
        createdAt: isoUtc,
        completedAt: isoUtc,
        source: zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({
            type: zod__WEBPACK_IMPORTED_MODULE_0__/* ["enum"] */ .k5n(['postgres', 'files', 'command']),
            format: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().optional(),
            serverVersion: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().optional(),
            database: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().optional(),
            rowCounts: zod__WEBPACK_IMPORTED_MODULE_0__/* .record */ .g1P(zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(), zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig().int().nonnegative()).optional(),
            files: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig().int().nonnegative().optional(),
        })
            .passthrough(),
        file: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().min(1),
        sizeBytes: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig().int().nonnegative(),
        sha256: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().regex(/^[0-9a-f]{64}$/),
        compression: zod__WEBPACK_IMPORTED_MODULE_0__/* ["enum"] */ .k5n(['gzip', 'zstd', 'none']),
        encryption: zod__WEBPACK_IMPORTED_MODULE_0__/* .union */ .KCZ([
            zod__WEBPACK_IMPORTED_MODULE_0__/* ["null"] */ .chJ(),
            zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ type: zod__WEBPACK_IMPORTED_MODULE_0__/* .literal */ .euz('age'), recipients: zod__WEBPACK_IMPORTED_MODULE_0__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP()) }).passthrough(),
        ]),
        verified: zod__WEBPACK_IMPORTED_MODULE_0__/* .boolean */ .zMY(),
        git: zod__WEBPACK_IMPORTED_MODULE_0__/* .object */ .Ikc({ sha: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().optional(), runUrl: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().optional() }).passthrough().optional(),
    });
}
/** The manifest's zod schema. */
const manifestSchema = (0,_once_js__WEBPACK_IMPORTED_MODULE_1__/* .once */ .O)(buildManifestSchema);
/** Parses one manifest file's text; a broken manifest is reported, never thrown. */
function parseManifest(file, text) {
    let json;
    try {
        json = JSON.parse(text);
    }
    catch (error) {
        return { ok: false, file, error: `not JSON (${error.message})` };
    }
    const result = manifestSchema().safeParse(json);
    if (!result.success) {
        const issue = result.error.issues[0];
        return { ok: false, file, error: `${issue.path.join('.') || 'manifest'}: ${issue.message}` };
    }
    if (`${result.data.id}${MANIFEST_SUFFIX}` !== file.split('/').pop()) {
        return { ok: false, file, error: `its id "${result.data.id}" does not match the file name` };
    }
    return { ok: true, manifest: result.data };
}
/**
 * A newest backup created further ahead of the clock than this is never fresh: its time cannot be
 * trusted (a manifest dated 2099 would otherwise look fresh forever). Less is ordinary clock skew.
 */
const BACKUP_MAX_AHEAD_MS = 5 * 60_000;
/** The newest verified backup and whether it is younger than `maxAgeMs` at `now`. */
function judgeFreshness(manifests, now, maxAgeMs) {
    const verified = manifests.filter((manifest) => manifest.verified);
    if (verified.length === 0)
        return { fresh: false };
    const latest = verified.reduce((newest, manifest) => Date.parse(manifest.createdAt) > Date.parse(newest.createdAt) ||
        (manifest.createdAt === newest.createdAt && manifest.id > newest.id)
        ? manifest
        : newest);
    const sinceMs = now.getTime() - Date.parse(latest.createdAt);
    const ageMs = Math.max(0, sinceMs);
    const aheadMs = sinceMs < 0 ? -sinceMs : undefined;
    return {
        latest,
        ageSeconds: Math.floor(ageMs / 1000),
        ...(aheadMs !== undefined ? { aheadMs } : {}),
        fresh: ageMs < maxAgeMs && (aheadMs ?? 0) <= BACKUP_MAX_AHEAD_MS,
    };
}


/***/ }),

/***/ 6891:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   MY: () => (/* binding */ INCIDENT_LABEL)
/* harmony export */ });
/* unused harmony exports POSTMORTEM_LABEL, STATUSES, statusLabel, sourceLabel, labelSpec, relabel */
/* harmony import */ var _severity_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(5402);
// The labels an incident record carries, with the colour and description they are created with: the
// vocabulary actions/incident writes and actions/deploy-gate reads.

const INCIDENT_LABEL = 'incident';
const POSTMORTEM_LABEL = 'postmortem';
const STATUSES = (/* unused pure expression or super */ null && (['investigating', 'acknowledged', 'mitigated', 'resolved']));
const STATUS_SPEC = {
    investigating: { color: 'd876e3', description: 'Incident: being investigated' },
    acknowledged: { color: 'f9d0c4', description: 'Incident: someone is on it (stops escalation)' },
    mitigated: { color: 'c5def5', description: 'Incident: impact mitigated, root cause pending' },
    resolved: { color: '0e8a16', description: 'Incident: resolved' },
};
function statusLabel(status) {
    return `status:${status}`;
}
function sourceLabel(source) {
    return `source:${source}`;
}
/** The specification of a label this action manages, or undefined for a user's extra label. */
function labelSpec(name) {
    if (name === INCIDENT_LABEL)
        return { name, color: 'b60205', description: 'Incident record (managed by shipshape)' };
    if (name === POSTMORTEM_LABEL)
        return { name, color: '5319e7', description: 'Post-incident review to complete' };
    if (SEVERITIES.includes(name)) {
        const info = SEVERITY_INFO[name];
        return { name, color: info.color, description: `${info.meaning}: respond within ${info.responseTarget}` };
    }
    const status = name.startsWith('status:') ? name.slice('status:'.length) : undefined;
    if (status && STATUSES.includes(status))
        return { name, ...STATUS_SPEC[status] };
    if (name.startsWith('source:')) {
        return { name, color: 'bfdadc', description: `Incident signal from ${name.slice('source:'.length)}` };
    }
    return undefined;
}
/** A record's labels with exactly one `status:*` and one `sevN`, keeping every other label. */
function relabel(current, changes) {
    const kept = current.filter((label) => {
        const lower = label.toLowerCase();
        if (changes.severity && SEVERITIES.includes(lower))
            return false;
        if (changes.status && lower.startsWith('status:'))
            return false;
        return true;
    });
    if (changes.severity)
        kept.push(changes.severity);
    if (changes.status)
        kept.push(statusLabel(changes.status));
    return [...new Set(kept)];
}


/***/ })

};
