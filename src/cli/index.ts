// The `shipshape` command line: runs the same code as the actions, with flags instead of INPUT_*.
import { runDemo } from './demo.ts';

const usage = 'usage: shipshape demo';

async function main(argv: string[]): Promise<number> {
  const [command] = argv;
  if (command === 'demo' || command === undefined) return runDemo();
  console.error(`unknown command ${JSON.stringify(command)}\n${usage}`);
  return 2;
}

process.exitCode = await main(process.argv.slice(2));
