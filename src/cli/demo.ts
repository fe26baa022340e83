// `shipshape demo` (`npm start`): the deploy pipeline end to end on this machine, with no token and no
// network. A demo service reports an integrity score on /healthz; the GitHub stand-in holds a green
// commit; the bundled actions run through the runner protocol in deploy.yml's order: gate → backup →
// smoke → the service degrades and the watch trips and dispatches the rollback → an incident record
// opens → the service recovers → the record is resolved with its duration.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { type LocalRunResult, readActionManifest, runLocalAction } from '../local-runner/index.ts';
import { type PostgresCluster, startPostgres } from '../local-runner/postgres.ts';
import type { Io } from './action-command.ts';
import { outputsTable } from './action-command.ts';
import { type ActionCommand, actionDir, findCommand } from './commands.ts';
import {
  DEMO_OWNER,
  DEMO_PREVIOUS_SHA,
  DEMO_REPO,
  DEMO_REPOSITORY,
  DEMO_SHA,
  DEMO_TOKEN,
  startSeededStandIn,
} from './seed.ts';
import { LogTranslator, redact, renderMarkdown, styleFor } from './terminal.ts';

const CHECKS = `
- name: healthz
  url: /healthz
  expect:
    status: 200
    latency: 500ms
    json:
      - "$.status == ok"
      - "$.integrity.score >= 0.95"
- name: home
  url: /
  expect:
    status: 2xx
    body-contains: shop
`;

const INCIDENT_TITLE = 'Checkout smoke checks failing';

/** A tiny service whose integrity score the demo turns down and up again. */
async function startDemoService() {
  const service = { score: 0.99 };
  const server = createServer((request, response) => {
    if (request.url === '/healthz') {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ status: 'ok', version: 'v42', integrity: { score: service.score } }));
    } else {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end('<h1>shop</h1>');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const stop = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return { service, url, stop };
}

/** Files the pre-deploy backup takes: the shop's uploads and its config. */
function writeDemoData(workspace: string): void {
  mkdirSync(join(workspace, 'data/uploads'), { recursive: true });
  writeFileSync(
    join(workspace, 'data/config.json'),
    `${JSON.stringify({ currency: 'EUR', version: 'v42' }, null, 2)}\n`,
  );
  for (let index = 1; index <= 3; index++) {
    writeFileSync(join(workspace, `data/uploads/invoice-${index}.txt`), `invoice ${index}\n`.repeat(200));
  }
}

/** A throwaway PostgreSQL with the shop's orders, or why there is none (the binaries are optional). */
async function startDemoDatabase(): Promise<{ cluster?: PostgresCluster; note?: string }> {
  let cluster: PostgresCluster | undefined;
  try {
    cluster = await startPostgres();
    cluster.psql('postgres', 'CREATE DATABASE shop;');
    cluster.psql(
      'shop',
      'CREATE TABLE orders (id serial PRIMARY KEY, total numeric NOT NULL); INSERT INTO orders (total) SELECT n * 1.5 FROM generate_series(1, 500) AS n;',
    );
    return { cluster };
  } catch (error) {
    cluster?.stop();
    return { note: (error as Error).message.split('\n')[0] };
  }
}

export async function runDemo(io: Io): Promise<number> {
  const out = styleFor(io.stdout, io.env);
  const started = Date.now();
  const workspace = mkdtempSync(join(tmpdir(), 'shipshape-demo-'));
  writeDemoData(workspace);
  const database = await startDemoDatabase();
  const standIn = await startSeededStandIn();
  const demo = await startDemoService();
  const repo = standIn.state.repo(DEMO_OWNER, DEMO_REPO);
  let failures = 0;
  let skipped = 0;
  let number = 0;

  const step = async (
    title: string,
    commandName: ActionCommand['name'],
    inputs: Record<string, string>,
    expect: { exitCode: number; outputs?: Record<string, string> },
  ): Promise<LocalRunResult | undefined> => {
    if (io.signal?.aborted) throw new Error('interrupted');
    const command = findCommand(commandName) as ActionCommand;
    const dir = actionDir(command);
    number++;
    const header = `\n${out.bold(`${number}. ${title}`)} ${out.dim(`(shipshape ${command.name} → actions/${command.action})`)}`;
    if (!existsSync(join(dir, readActionManifest(dir).runs.main))) {
      skipped++;
      io.stdout.write(`${header}\n${out.yellow(`skipped: actions/${command.action} has no bundle yet`)}\n`);
      return undefined;
    }
    const translator = new LogTranslator(out);
    const result = await runLocalAction(dir, {
      inputs,
      workspace,
      signal: io.signal,
      baseEnv: { PATH: io.env.PATH, HOME: io.env.HOME, LANG: 'C.UTF-8' },
      eventName: 'push',
      payload: {
        ref: 'refs/heads/main',
        before: DEMO_PREVIOUS_SHA,
        after: DEMO_SHA,
        repository: { full_name: DEMO_REPOSITORY, name: DEMO_REPO, owner: { login: DEMO_OWNER } },
      },
      expressionContext: {
        'github.token': DEMO_TOKEN,
        'github.repository': DEMO_REPOSITORY,
        'github.sha': DEMO_SHA,
        'github.server_url': 'https://github.com',
        'github.api_url': standIn.url,
        'github.run_id': '4242',
      },
      runnerEnv: {
        GITHUB_API_URL: standIn.url,
        GITHUB_SERVER_URL: 'https://github.com',
        GITHUB_REPOSITORY: DEMO_REPOSITORY,
        GITHUB_REPOSITORY_OWNER: DEMO_OWNER,
        GITHUB_SHA: DEMO_SHA,
        GITHUB_REF: 'refs/heads/main',
        GITHUB_RUN_ID: '4242',
        GITHUB_WORKFLOW: 'deploy',
        GITHUB_ACTOR: 'octocat',
      },
      onLine: (line) => translator.translate(line),
    });
    if (io.signal?.aborted) throw new Error('interrupted');
    const masks = [...translator.masks, ...result.masks];
    io.stdout.write(`${header} ${out.dim(`exit code ${result.exitCode}`)}\n\n`);
    if (result.summary.trim()) io.stdout.write(`${redact(renderMarkdown(result.summary, out), masks)}\n\n`);
    io.stdout.write(`${redact(outputsTable(result.outputs, out), masks)}\n`);
    const wrongOutputs = Object.entries(expect.outputs ?? {}).filter(([name, value]) => result.outputs[name] !== value);
    if (result.exitCode !== expect.exitCode || wrongOutputs.length > 0) {
      failures++;
      io.stdout.write(
        out.red(
          `\nunexpected: exit code ${result.exitCode} (expected ${expect.exitCode})${wrongOutputs.map(([name, value]) => `, ${name}=${result.outputs[name]} (expected ${value})`).join('')}\n`,
        ),
      );
      io.stdout.write(`${redact(result.log, masks)}\n`);
    }
    return result;
  };

  try {
    io.stdout.write(
      `${out.bold('shipshape demo')}: deploying ${DEMO_REPOSITORY}@${DEMO_SHA.slice(0, 7)} to production, offline.\n` +
        `demo service ${demo.url} (integrity ${demo.service.score}), GitHub stand-in ${standIn.url}, workspace ${workspace}\n` +
        (database.cluster
          ? `throwaway PostgreSQL ${database.cluster.major} on 127.0.0.1:${database.cluster.port} (database shop, 500 orders)\n`
          : `no throwaway PostgreSQL (${database.note}): the database backup step is left out\n`),
    );
    await step(
      'Deploy gate: CI green, approved, integrity above its floor, no sev1 open',
      'gate',
      {
        'required-checks': 'build, test, ci/lint',
        wait: '0',
        'required-approvals': '1',
        'integrity-url': `${demo.url}/healthz`,
        'integrity-path': '$.integrity.score',
        'integrity-min': '0.95',
        'block-severities': 'sev1',
      },
      { exitCode: 0, outputs: { allowed: 'true' } },
    );
    await step(
      'Pre-deploy backup of the shop data',
      'backup',
      { source: 'files', paths: 'data/**', name: 'shop-predeploy', destination: 'backups', 'keep-last': '5' },
      { exitCode: 0, outputs: { verified: 'true' } },
    );
    if (database.cluster) {
      await step(
        'Pre-deploy backup of the shop database (pg_dump, password never on a command line)',
        'backup',
        {
          source: 'postgres',
          'database-url': database.cluster.url('shop'),
          name: 'shop-db-predeploy',
          destination: 'backups',
        },
        { exitCode: 0, outputs: { verified: 'true' } },
      );
    }
    await step(
      'Post-deploy smoke test',
      'smoke',
      { 'base-url': demo.url, checks: CHECKS, junit: 'reports/smoke-junit.xml', history: 'status-data' },
      { exitCode: 0, outputs: { passed: 'true' } },
    );

    demo.service.score = 0.91;
    io.stdout.write(`\n${out.yellow('The service degrades: integrity 0.99 → 0.91.')}\n`);
    const tripped = await step(
      'Watch window: three rounds, two failures in a row trip it and dispatch rollback.yml',
      'smoke',
      {
        'base-url': demo.url,
        checks: CHECKS,
        watch: '3s',
        interval: '1s',
        'failure-threshold': '2',
        junit: 'reports/smoke-junit.xml',
        history: 'status-data',
        'rollback-workflow': 'rollback.yml',
        'rollback-inputs': 'environment: production\nreason: post-deploy smoke checks tripped',
      },
      { exitCode: 1, outputs: { tripped: 'true', 'rollback-dispatched': 'true' } },
    );
    if (tripped) {
      io.stdout.write(
        `\nrollback dispatches the GitHub stand-in received: ${repo.dispatches.map((dispatch) => `${dispatch.workflowId} on ${dispatch.ref} ${JSON.stringify(dispatch.inputs)}`).join('; ') || 'none'}\n`,
      );
    }

    await step(
      'Open an incident record',
      'incident',
      {
        title: INCIDENT_TITLE,
        severity: 'sev2',
        source: 'smoke-test',
        environment: 'production',
        summary: `Failed checks: ${tripped?.outputs['failed-checks'] ?? 'healthz'}; rollback dispatched: ${tripped?.outputs['rollback-dispatched'] ?? 'false'}`,
      },
      { exitCode: 0, outputs: { created: 'true' } },
    );

    demo.service.score = 0.99;
    io.stdout.write(`\n${out.yellow('The rollback restored the service: integrity 0.91 → 0.99.')}\n`);
    await step(
      'Smoke test after the rollback',
      'smoke',
      { 'base-url': demo.url, checks: CHECKS, junit: 'reports/smoke-junit.xml', history: 'status-data' },
      { exitCode: 0, outputs: { passed: 'true' } },
    );
    const resolved = await step(
      'Resolve the record: time to resolve and a post-incident review',
      'incident',
      { mode: 'resolve', title: INCIDENT_TITLE, resolution: 'Rolled back to the last good version.' },
      { exitCode: 0 },
    );

    const statusPage = await step(
      "Status page from the demo's own smoke rounds and incident record (healthz recovering: a failure among its last three rounds)",
      'status-page',
      { 'history-branch': 'status-data', 'output-dir': 'status-site', title: 'Shop status', interval: '1m' },
      { exitCode: 0, outputs: { status: 'degraded_performance', 'open-incidents': '0' } },
    );

    if (standIn.violations.length > 0) {
      failures++;
      io.stdout.write(
        out.red(
          `\nGitHub stand-in: requests or answers GitHub's description refuses:\n${standIn.violations.join('\n')}\n`,
        ),
      );
    }

    const records: string[] = [];
    for (const issue of repo.issues.values()) {
      const file = join(workspace, `incident-${issue.number}.md`);
      const comments = issue.comments.map(
        (comment) => `### ${comment.user} at ${comment.createdAt}\n\n${comment.body}`,
      );
      writeFileSync(
        file,
        `# #${issue.number} ${issue.title}\n\nState: ${issue.state}; labels: ${issue.labels.join(', ')}; opened ${issue.createdAt}${issue.closedAt ? `, closed ${issue.closedAt}` : ''}\n\n${issue.body ?? ''}\n\n${comments.join('\n\n')}\n`,
      );
      records.push(file);
    }
    const backups = existsSync(join(workspace, 'backups'))
      ? readdirSync(join(workspace, 'backups'), { recursive: true, withFileTypes: true })
          .filter((entry) => entry.isFile())
          .map((entry) => relative(workspace, join(entry.parentPath, entry.name)))
      : [];
    io.stdout.write(
      [
        '',
        out.bold('Where to look'),
        `  workspace:        ${workspace}`,
        `  backup files:     ${backups.length > 0 ? backups.join(', ') : '(none)'}`,
        `  JUnit report:     ${existsSync(join(workspace, 'reports/smoke-junit.xml')) ? join(workspace, 'reports/smoke-junit.xml') : '(none)'}`,
        `  incident records: ${records.length > 0 ? records.join(', ') : '(none)'}`,
        `  status page:      ${statusPage?.outputs['page-path'] ? `file://${statusPage.outputs['page-path']}` : '(none)'}`,
        ...(resolved?.outputs['duration-seconds']
          ? [`  time to resolve:  ${resolved.outputs['duration-seconds']} s`]
          : []),
        `  GitHub requests:  ${standIn.requests.length}, every one checked against GitHub's OpenAPI description`,
        '',
      ].join('\n'),
    );
  } catch (error) {
    if (!io.signal?.aborted) throw error;
  } finally {
    await demo.stop();
    await standIn.stop();
    try {
      database.cluster?.stop();
    } catch {
      // Ctrl-C in a terminal reaches PostgreSQL too, which then shuts itself down.
    }
  }
  if (io.signal?.aborted) {
    // Nothing to look at after an interruption: the demo's files go too.
    rmSync(workspace, { recursive: true, force: true });
    io.stdout.write(
      '\nDemo interrupted; the demo service, the GitHub stand-in and PostgreSQL are stopped and the demo folder removed.\n',
    );
    return 130;
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const skippedNote = skipped > 0 ? ` (${skipped} step(s) skipped: their bundles are missing)` : '';
  io.stdout.write(
    failures === 0
      ? `${out.bold(`Demo finished in ${seconds} s: every step behaved as expected${skippedNote}.`)}\n`
      : `${out.red(`Demo: ${failures} step(s) misbehaved${skippedNote}.`)}\n`,
  );
  return failures === 0 ? 0 : 1;
}
