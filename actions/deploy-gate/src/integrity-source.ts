// Reads the integrity document: over HTTP(S) through the kernel's probe and retry rule (as smoke-test
// does), or from a workspace file. Every way it cannot be read becomes a fact the gate blocks on.
import { readFile } from 'node:fs/promises';
import { DEFAULT_STATUS, describeStatus, statusMatches } from '../../../src/kernel/http/exchange.ts';
import type { Probe } from '../../../src/kernel/http/probe.ts';
import { probeWithRetries } from '../../../src/kernel/http/probe-with-retries.ts';
import { clip } from '../../../src/kernel/text.ts';
import type { IntegrityFacts } from './gates.ts';
import type { IntegrityConfig } from './inputs.ts';

export interface IntegrityReaderDeps {
  probe: Probe;
  nowMs: () => number;
  sleep: (ms: number) => Promise<void>;
}

const TIMEOUT_MS = 10_000;
const RETRIES = { retries: 2, firstDelayMs: 1_000 };

export async function readIntegrity(config: IntegrityConfig, deps: IntegrityReaderDeps): Promise<IntegrityFacts> {
  const source = config.source.kind === 'url' ? config.source.url : config.source.given;
  let text: string;
  if (config.source.kind === 'file') {
    try {
      text = await readFile(config.source.path, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      return { kind: 'unreadable', source, problem: code === 'ENOENT' ? 'no such file' : `cannot read it (${code})` };
    }
  } else {
    const { exchange, attempts } = await probeWithRetries(
      {
        url: config.source.url,
        method: 'GET',
        headers: { accept: 'application/json', ...config.headers },
        secretHeaders: Object.keys(config.headers).map((name) => name.toLowerCase()),
        timeoutMs: TIMEOUT_MS,
        followRedirects: true,
      },
      RETRIES,
      DEFAULT_STATUS,
      deps,
    );
    const tries = attempts > 1 ? ` after ${attempts} attempts` : '';
    if (exchange.kind === 'failure') {
      return { kind: 'unreadable', source, problem: `${exchange.reason}: ${exchange.message}${tries}` };
    }
    const { response } = exchange;
    if (!statusMatches(DEFAULT_STATUS, response.status)) {
      return {
        kind: 'unreadable',
        source,
        problem: `answered ${response.status}, expected ${describeStatus(DEFAULT_STATUS)}${tries}`,
      };
    }
    if (response.truncated) return { kind: 'unreadable', source, problem: 'the document is larger than 1 MiB' };
    text = response.body.toString('utf8');
  }
  try {
    return { kind: 'document', document: JSON.parse(text), source };
  } catch (error) {
    return { kind: 'unreadable', source, problem: `not JSON (${clip((error as Error).message, 120)})` };
  }
}
