// The `shipshape` command line's dispatcher: the actions' bundles run through the runner protocol, with flags,
// SHIPSHAPE_<INPUT> variables and shipshape.yml instead of a workflow's `with:`; plus the demo and
// the GitHub stand-in.
import { type Io, runActionCommand, USAGE_ERROR } from './action-command.ts';
import { ACTION_COMMANDS, findCommand } from './commands.ts';
import { runDemo } from './demo.ts';
import { runStandIn } from './standin.ts';

export function usage(): string {
  return [
    'usage: shipshape <command> [--INPUT VALUE ...] [--config shipshape.yml] [--json]',
    '',
    'commands:',
    ...ACTION_COMMANDS.map((command) => `  ${command.name.padEnd(12)} ${command.summary}`),
    `  ${'demo'.padEnd(12)} the deploy pipeline end to end, offline (npm start)`,
    `  ${'standin'.padEnd(12)} the local GitHub stand-in alone, to try an action by hand (npm run standin)`,
    '',
    'shipshape <command> --help lists its inputs, defaults and outputs.',
    '',
  ].join('\n');
}

export async function main(argv: readonly string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
  if (name === 'demo') return runDemo(io);
  if (name === 'standin') return runStandIn(io);
  if (name === undefined) {
    // A usage error: the usage goes where errors go.
    io.stderr.write(usage());
    return USAGE_ERROR;
  }
  if (name === 'help' || name === '--help' || name === '-h') {
    io.stdout.write(usage());
    return 0;
  }
  const command = findCommand(name);
  if (!command) {
    io.stderr.write(`shipshape: unknown command "${name}"\n\n${usage()}`);
    return USAGE_ERROR;
  }
  return runActionCommand(command, rest, io);
}
