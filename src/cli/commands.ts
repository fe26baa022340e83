// The action commands of the command line: which action each runs, which of its inputs hold YAML,
// how an input is spelled as a flag, and when the command needs GitHub (a token and a repository).
import { join } from 'node:path';
import { type ActionManifest, REPO_ROOT, readActionManifest } from '../local-runner/index.ts';

export interface ActionCommand {
  name: 'gate' | 'smoke' | 'backup' | 'incident' | 'status-page';
  /** Folder under actions/. */
  action: string;
  summary: string;
  /** Inputs whose value is a YAML document: in shipshape.yml they may be written as YAML. */
  yamlInputs: readonly string[];
  /** Why this run needs GitHub, or undefined when it does not (given the inputs as they will be). */
  needsGitHub(inputs: Readonly<Record<string, string>>): string | undefined;
}

export const ACTION_COMMANDS: readonly ActionCommand[] = [
  {
    name: 'gate',
    action: 'deploy-gate',
    summary: 'judge whether a commit may be deployed (or resolve a rollback target)',
    yamlInputs: ['freeze', 'integrity-headers'],
    needsGitHub: () => 'the deploy gate reads check runs, statuses, reviews, deployments and incidents from GitHub',
  },
  {
    name: 'smoke',
    action: 'smoke-test',
    summary: 'run HTTP smoke checks, optionally watch and dispatch a rollback',
    yamlInputs: ['checks', 'rollback-inputs'],
    needsGitHub: (inputs) =>
      inputs['rollback-workflow']
        ? 'rollback-workflow dispatches a workflow on GitHub'
        : inputs.history
          ? 'history writes the results to a branch on GitHub'
          : undefined,
  },
  {
    name: 'backup',
    action: 'backup',
    summary: 'back up, verify, prune, check freshness or restore-drill',
    yamlInputs: [],
    needsGitHub: () => undefined,
  },
  {
    name: 'incident',
    action: 'incident',
    summary: 'open or resolve an incident record (a GitHub issue)',
    yamlInputs: ['escalation'],
    needsGitHub: () => 'incident records are GitHub issues',
  },
  {
    name: 'status-page',
    action: 'status-page',
    summary: 'build the static status page from the smoke history and the incident records',
    yamlInputs: ['checks', 'maintenance'],
    needsGitHub: () => 'the history branch and the incident records are read from GitHub',
  },
];

export function findCommand(name: string): ActionCommand | undefined {
  return ACTION_COMMANDS.find((command) => command.name === name);
}

export function actionDir(command: ActionCommand): string {
  return join(REPO_ROOT, 'actions', command.action);
}

export function manifestOf(command: ActionCommand): ActionManifest {
  return readActionManifest(actionDir(command));
}

/** Options of the command line itself; an input with the same name gets another flag (see flagFor). */
export const GLOBAL_OPTIONS: ReadonlyArray<{ flag: string; value?: string; description: string }> = [
  {
    flag: 'config',
    value: 'FILE',
    description: 'read inputs from FILE, one section per command (default: ./shipshape.yml when present)',
  },
  {
    flag: 'workspace',
    value: 'DIR',
    description:
      "the workspace (GITHUB_WORKSPACE, the action's working folder): files named by inputs must be inside it, as in a runner (default: the current folder)",
  },
  { flag: 'json', description: 'print the outputs as one JSON object (nothing else on stdout)' },
  {
    flag: 'github-url',
    value: 'URL',
    description:
      'GitHub API URL, e.g. https://ghe.example.com/api/v3 (default: $GITHUB_API_URL or https://api.github.com)',
  },
  {
    flag: 'repository',
    value: 'OWNER/NAME',
    description: "the repository (default: $GITHUB_REPOSITORY, else the git remote 'origin')",
  },
  { flag: 'help', description: 'show this help' },
];

/** smoke-test's `config` input (its checks file) is `--checks-config`: `--config` names shipshape.yml. */
export function flagFor(input: string): string {
  return GLOBAL_OPTIONS.some((option) => option.flag === input) ? `checks-${input}` : input;
}

/** `SHIPSHAPE_BASE_URL` for `base-url`; named after the flag, so `config` is `SHIPSHAPE_CHECKS_CONFIG`. */
export function envNameFor(input: string): string {
  return `SHIPSHAPE_${flagFor(input)
    .replace(/[^A-Za-z0-9]/g, '_')
    .toUpperCase()}`;
}
