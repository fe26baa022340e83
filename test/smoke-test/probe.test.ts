// The probe and the check runner against real local HTTP and HTTPS servers: refused connections,
// hangs past the timeout, 503 then 200, 429 with Retry-After, invalid JSON, large streamed bodies,
// redirects and certificate expiry.
import { createServer, get } from 'node:http';
import type { AddressInfo, LookupFunction } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SmokeConfig } from '../../actions/smoke-test/src/inputs.ts';
import { type Dependencies, runCheck } from '../../actions/smoke-test/src/main.ts';
import type { CheckResult } from '../../actions/smoke-test/src/result.ts';
import type { CheckSpec } from '../../actions/smoke-test/src/spec.ts';
import { DEFAULT_STATUS, type Exchange, type ResponseFacts } from '../../src/kernel/http/exchange.ts';
import { parseJsonExpectation } from '../../src/kernel/http/json-path.ts';
import { createProbe, ipv4First, ipv4FirstWith, type ProbeRequest } from '../../src/kernel/http/probe.ts';
import { generateCertificates, refusedUrl, startTestService, type TestService } from './test-service.ts';

let service: TestService;
let other: TestService;
const probe = createProbe();

beforeAll(async () => {
  service = await startTestService();
  other = await startTestService();
});
afterAll(async () => {
  await service.stop();
  await other.stop();
});
afterEach(() => {
  service.hooks.beforeBodyEnd = undefined;
});

const request = (path: string, overrides: Partial<ProbeRequest> = {}): ProbeRequest => ({
  url: path.startsWith('http') ? path : `${service.url}${path}`,
  method: 'GET',
  headers: {},
  timeoutMs: 5_000,
  followRedirects: true,
  ...overrides,
});

function responseOf(exchange: Exchange): ResponseFacts {
  if (exchange.kind !== 'response') throw new Error(`expected a response, got ${exchange.reason}: ${exchange.message}`);
  return exchange.response;
}

const json = (...lines: string[]) =>
  lines.map((line) => {
    const parsed = parseJsonExpectation(line);
    if (!parsed.ok) throw new Error(parsed.error);
    return parsed.value;
  });

function check(path: string, overrides: Partial<CheckSpec> = {}): CheckSpec {
  return {
    name: 'api',
    url: path.startsWith('http') ? path : `${service.url}${path}`,
    method: 'GET',
    headers: {},
    secretHeaders: [],
    timeoutMs: 5_000,
    samples: 1,
    followRedirects: true,
    expect: { status: DEFAULT_STATUS, json: [], bodyContains: [], headers: {} },
    usedVariables: [],
    ...overrides,
  };
}

const settings: SmokeConfig = {
  checks: [],
  retries: 2,
  retryDelayMs: 20,
  concurrency: 1,
  watch: { windowMs: 0, intervalMs: 60_000, failureThreshold: 3 },
  secrets: [],
  unmaskedVariables: [],
};

/** Runs one check with the real probe; sleeps are recorded (and shortened) so waits can be asserted without timing. */
async function runWithRealProbe(
  spec: CheckSpec,
  config: Partial<SmokeConfig> = {},
  probeToUse = probe,
): Promise<{ result: CheckResult; sleeps: number[] }> {
  const sleeps: number[] = [];
  const deps: Dependencies = {
    probe: probeToUse,
    clock: {
      now: () => new Date(),
      monotonicMs: () => performance.now(),
      sleep: async (ms) => {
        sleeps.push(ms);
        await sleep(Math.min(ms, 20));
      },
    },
    dispatchRollback: () => Promise.reject(new Error('not in this test')),
    appendHistory: () => Promise.reject(new Error('no history here')),
    log: () => {},
  };
  return { result: await runCheck(spec, { ...settings, ...config }, deps), sleeps };
}

describe('the probe', () => {
  it('reads status, headers and body of a healthy answer', async () => {
    const response = responseOf(await probe(request('/healthz')));
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/json');
    expect(JSON.parse(response.body.toString())).toEqual({
      status: 'ok',
      integrity: { score: 0.99 },
      version: '1.4.2',
    });
    expect(response).toMatchObject({ truncated: false, certificates: [] });
    expect(response.bodyBytes).toBe(response.body.length);
  });

  it('measures latency from the start of the request to the last byte of the body', async () => {
    // The clock moves only between the first and the last part of the body: latency to the
    // headers would be 0, latency to the last byte is exactly what the clock moved.
    let clock = 1_000;
    service.hooks.beforeBodyEnd = () => {
      clock += 250;
    };
    const response = responseOf(await createProbe({ now: () => clock })(request('/trickle')));
    expect(response.body.toString()).toBe('first part, last part');
    expect(response.latencyMs).toBe(250);
  });

  it('sends the method, headers and body it is given', async () => {
    const before = service.requests.length;
    const echo = responseOf(
      await probe(
        request('/echo', {
          method: 'PUT',
          headers: { 'x-check': 'yes', 'content-type': 'application/json' },
          body: '{"ping":true}',
        }),
      ),
    );
    expect(JSON.parse(echo.body.toString())).toMatchObject({
      method: 'PUT',
      headers: { 'x-check': 'yes', 'content-type': 'application/json' },
      body: '{"ping":true}',
    });
    expect(service.requests.length).toBe(before + 1);
  });

  it('reports a refused connection', async () => {
    expect(await probe(request(await refusedUrl()))).toEqual({
      kind: 'failure',
      reason: 'refused',
      message: 'connection refused',
    });
  });

  it('gives up on a server that hangs past the timeout', async () => {
    expect(await probe(request('/hang', { timeoutMs: 300 }))).toEqual({
      kind: 'failure',
      reason: 'timeout',
      message: 'no complete response within 300ms',
    });
  });

  it('counts the body in the timeout: headers alone are not an answer', async () => {
    expect(await probe(request('/slow-body', { timeoutMs: 300 }))).toMatchObject({
      kind: 'failure',
      reason: 'timeout',
    });
  });

  it('reports a response cut off mid-body as a reset', async () => {
    expect(await probe(request('/cut'))).toMatchObject({ kind: 'failure', reason: 'reset' });
  });

  it('reports a name that does not resolve', async () => {
    expect(await probe(request('http://no-such-host.invalid/'))).toEqual({
      kind: 'failure',
      reason: 'dns',
      message: 'cannot resolve no-such-host.invalid',
    });
  });

  it('keeps the first 1 MiB of a large streamed body and drains the rest', async () => {
    const size = 20 * 1024 * 1024;
    const response = responseOf(await probe(request(`/large/${size}`, { timeoutMs: 20_000 })));
    expect(response.body.length).toBe(1024 * 1024);
    expect(response.bodyBytes).toBe(size);
    expect(response.truncated).toBe(true);
  });

  it('honours a smaller body limit', async () => {
    const small = createProbe({ bodyLimitBytes: 10 });
    const response = responseOf(await small(request('/large/100')));
    expect(response).toMatchObject({ bodyBytes: 100, truncated: true });
    expect(response.body.toString()).toBe('x'.repeat(10));
  });
});

describe('IPv4 first', () => {
  const dualStack: LookupFunction = (_hostname, options, callback) => {
    const addresses = [
      { address: '::1', family: 6 },
      { address: '127.0.0.1', family: 4 },
    ];
    if ((options as { all?: boolean }).all) (callback as (e: null, a: typeof addresses) => void)(null, addresses);
    else callback(null, addresses[0].address, addresses[0].family);
  };

  it('orders a resolver’s answers IPv4 first, for one address or all', async () => {
    const resolveWith = (all: boolean) =>
      new Promise<unknown>((resolve, reject) =>
        ipv4FirstWith(dualStack)('dual.test', { all }, (error, address, family) =>
          error ? reject(error) : resolve(all ? address : { address, family }),
        ),
      );
    expect(await resolveWith(false)).toEqual({ address: '127.0.0.1', family: 4 });
    expect(await resolveWith(true)).toEqual([
      { address: '127.0.0.1', family: 4 },
      { address: '::1', family: 6 },
    ]);
    const local = await new Promise<Array<{ family: number }>>((resolve, reject) =>
      ipv4First('localhost', { all: true }, (error, found) => (error ? reject(error) : resolve(found as never))),
    );
    expect(local[0]?.family).toBe(4);
  });

  it('reaches the IPv4 server when a name resolves to ::1 and 127.0.0.1 on the same port', async (context) => {
    const answering = (text: string) => createServer((_request, response) => response.end(text));
    const ipv4 = answering('ipv4');
    await new Promise<void>((resolve) => ipv4.listen(0, '127.0.0.1', resolve));
    const { port } = ipv4.address() as AddressInfo;
    const ipv6 = answering('ipv6');
    const bound = await new Promise<boolean>((resolve) => {
      ipv6.once('error', () => resolve(false));
      ipv6.listen(port, '::1', () => resolve(true));
    });
    try {
      if (!bound) {
        context.skip(`::1 port ${port} cannot be bound on this machine: no IPv6 loopback to tell the two apart`);
        return;
      }
      // Node on its own connects in the resolver's order, so this setup tells the two apart:
      const plain = await new Promise<string>((resolve, reject) =>
        get({ host: 'dual.test', port, lookup: dualStack, agent: false }, (response) => {
          let text = '';
          response.on('data', (chunk: Buffer) => {
            text += chunk.toString();
          });
          response.on('end', () => resolve(text));
        }).on('error', reject),
      );
      expect(plain).toBe('ipv6');
      const response = responseOf(await createProbe({ resolve: dualStack })(request(`http://dual.test:${port}/`)));
      expect(response.body.toString()).toBe('ipv4');
    } finally {
      ipv4.close();
      if (bound) ipv6.close();
    }
  });
});

describe('connections', () => {
  it('reuses a kept-alive connection for the next request to the same origin', async () => {
    const reusing = createProbe();
    responseOf(await reusing(request('/healthz')));
    responseOf(await reusing(request('/healthz')));
    const [first, second] = service.requests.slice(-2);
    expect(second.remotePort).toBe(first.remotePort);
  });

  it('sends the request again on a new connection, as the same attempt, when a kept-alive one was closed', async () => {
    const before = service.requests.length;
    const { result, sleeps } = await runWithRealProbe(check('/drop-reused', { samples: 2 }), {}, createProbe());
    expect(result).toMatchObject({ ok: true, attempts: 2, failures: [] });
    expect(sleeps).toEqual([]);
    const seen = service.requests.slice(before);
    // First sample on a new connection; the second on the kept one, which the server hangs up on; then anew.
    expect(seen.map((entry) => entry.path)).toEqual(['/drop-reused', '/drop-reused', '/drop-reused']);
    expect(seen[1].remotePort).toBe(seen[0].remotePort);
    expect(seen[2].remotePort).not.toBe(seen[0].remotePort);
  });

  it('still reports a reset on a new connection as a failure', async () => {
    const fresh = createProbe();
    expect(await fresh(request('/cut'))).toMatchObject({ kind: 'failure', reason: 'reset' });
  });
});

describe('redirects', () => {
  it('follows up to 5 hops, and measures latency to the last byte of the last answer', async () => {
    const response = responseOf(await probe(request('/redirect/5')));
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body.toString())).toMatchObject({ status: 'ok' });
  });

  it('stops after 5 hops', async () => {
    expect(await probe(request('/redirect/6'))).toEqual({
      kind: 'failure',
      reason: 'redirect',
      message: 'more than 5 redirects (last to /healthz)',
    });
    expect(await probe(request('/loop'))).toMatchObject({ kind: 'failure', reason: 'redirect' });
  });

  it('returns the redirect itself when follow-redirects is false', async () => {
    const response = responseOf(await probe(request('/redirect/1', { followRedirects: false })));
    expect(response.status).toBe(302);
    expect(response.headers.location).toBe('/healthz');
  });

  it('turns a POST into a GET without a body on 303', async () => {
    const echo = responseOf(
      await probe(request('/see-other', { method: 'POST', body: 'x=1', headers: { 'content-type': 'text/plain' } })),
    );
    expect(JSON.parse(echo.body.toString())).toMatchObject({ method: 'GET', body: '' });
  });

  it('keeps method and body on 307', async () => {
    const echo = responseOf(
      await probe(request(`/to?status=307&url=${encodeURIComponent('/echo')}`, { method: 'POST', body: 'x=1' })),
    );
    expect(JSON.parse(echo.body.toString())).toMatchObject({ method: 'POST', body: 'x=1' });
  });

  it('drops headers carrying ${VAR} values when a redirect leaves the origin, and keeps them on it', async () => {
    const headers = { 'x-api-key': 'k-12345678', 'x-trace': 'kept' };
    const secretHeaders = ['x-api-key'];
    const sameOrigin = responseOf(
      await probe(request(`/to?url=${encodeURIComponent('/echo')}`, { headers, secretHeaders })),
    );
    expect(JSON.parse(sameOrigin.body.toString()).headers).toMatchObject(headers);
    const before = other.requests.length;
    responseOf(await probe(request(`/to?url=${encodeURIComponent(`${other.url}/echo`)}`, { headers, secretHeaders })));
    const arrived = other.requests.slice(before);
    expect(arrived).toHaveLength(1);
    expect(arrived[0].headers).not.toHaveProperty('x-api-key');
    expect(arrived[0].headers['x-trace']).toBe('kept');
  });

  it('drops credentials when a redirect leaves the origin', async () => {
    const headers = { authorization: 'Bearer s3cret', 'x-trace': 'kept' };
    const sameOrigin = responseOf(await probe(request(`/to?url=${encodeURIComponent('/echo')}`, { headers })));
    expect(JSON.parse(sameOrigin.body.toString()).headers).toMatchObject({ authorization: 'Bearer s3cret' });
    const crossOrigin = responseOf(
      await probe(request(`/to?url=${encodeURIComponent(`${other.url}/echo`)}`, { headers })),
    );
    const seen = JSON.parse(crossOrigin.body.toString()).headers;
    expect(seen).not.toHaveProperty('authorization');
    expect(seen['x-trace']).toBe('kept');
  });

  it('refuses a redirect to a non-http URL', async () => {
    expect(await probe(request(`/to?url=${encodeURIComponent('ftp://files.example/x')}`))).toMatchObject({
      kind: 'failure',
      reason: 'redirect',
      message: expect.stringContaining('not http(s)'),
    });
  });
});

describe('HTTPS and tls-days', () => {
  it('reads the expiry of every certificate in the chain', async () => {
    const certificates = await generateCertificates({ server: 30, ca: 400 });
    const https = await startTestService(certificates);
    try {
      const response = responseOf(await createProbe({ ca: certificates.ca })(request(`${https.url}/healthz`)));
      expect(response.certificates.map((certificate) => certificate.subject)).toEqual([
        'CN=shop.test',
        'CN=Shipshape Test CA',
      ]);
      const daysLeft = (response.certificates[0].validTo.getTime() - Date.now()) / 86_400_000;
      expect(Math.round(daysLeft)).toBe(30);
    } finally {
      await https.stop();
    }
  });

  it('reads the whole chain on a kept-alive connection and on a new one after it', async () => {
    const certificates = await generateCertificates({ server: 30, ca: 400 });
    const https = await startTestService(certificates);
    const trusting = createProbe({ ca: certificates.ca });
    const subjects = async (path: string) =>
      responseOf(await trusting(request(`${https.url}${path}`))).certificates.map((certificate) => certificate.subject);
    try {
      // 1: a new connection, kept; 2: the kept connection, closed by the server after it; 3: a new
      // connection, where a resumed TLS session would present no chain at all.
      expect(await subjects('/healthz')).toEqual(['CN=shop.test', 'CN=Shipshape Test CA']);
      expect(await subjects('/close')).toEqual(['CN=shop.test', 'CN=Shipshape Test CA']);
      expect(await subjects('/healthz')).toEqual(['CN=shop.test', 'CN=Shipshape Test CA']);
      const ports = https.requests.map((entry) => entry.remotePort);
      expect(ports[1]).toBe(ports[0]);
      expect(ports[2]).not.toBe(ports[1]);
    } finally {
      await https.stop();
    }
  });

  it('passes tls-days when the chain has enough days left, and names the certificate that does not', async () => {
    const certificates = await generateCertificates({ server: 9, ca: 400 });
    const https = await startTestService(certificates);
    const trusting = createProbe({ ca: certificates.ca });
    try {
      const spec = check(`${https.url}/healthz`);
      const ok = await runWithRealProbe({ ...spec, expect: { ...spec.expect, tlsDays: 7 } }, {}, trusting);
      expect(ok.result).toMatchObject({ ok: true, failures: [] });
      const short = await runWithRealProbe({ ...spec, expect: { ...spec.expect, tlsDays: 14 } }, {}, trusting);
      expect(short.result.failures).toEqual([
        expect.stringMatching(
          /^TLS certificate CN=shop\.test expires in [89] days \(\d{4}-\d\d-\d\d\), expected at least 14 days$/,
        ),
      ]);
    } finally {
      await https.stop();
    }
  });

  it('fails tls-days on a certificate authority that expires soon, even when the leaf is fine', async () => {
    const certificates = await generateCertificates({ server: 60, ca: 10 });
    const https = await startTestService(certificates);
    try {
      const spec = check(`${https.url}/healthz`);
      const { result } = await runWithRealProbe(
        { ...spec, expect: { ...spec.expect, tlsDays: 14 } },
        {},
        createProbe({ ca: certificates.ca }),
      );
      expect(result.failures).toEqual([
        expect.stringMatching(
          /^TLS certificate CN=Shipshape Test CA expires in (9|10) days .*, expected at least 14 days$/,
        ),
      ]);
    } finally {
      await https.stop();
    }
  });

  it('rejects an expired certificate at once, without retrying', async () => {
    const certificates = await generateCertificates({ server: -1 });
    const https = await startTestService(certificates);
    try {
      const { result, sleeps } = await runWithRealProbe(
        check(`${https.url}/healthz`),
        {},
        createProbe({ ca: certificates.ca }),
      );
      expect(result.failures).toEqual(['TLS certificate rejected: certificate has expired (1 attempt)']);
      expect(sleeps).toEqual([]);
    } finally {
      await https.stop();
    }
  });

  it('rejects a certificate from an authority it does not trust', async () => {
    const certificates = await generateCertificates({ server: 30 });
    const https = await startTestService(certificates);
    try {
      expect(await probe(request(`${https.url}/healthz`))).toMatchObject({
        kind: 'failure',
        reason: 'tls',
        message: 'TLS certificate rejected: unable to verify the first certificate',
      });
    } finally {
      await https.stop();
    }
  });
});

describe('a check against real servers (retries and expectations)', () => {
  it('retries a 503 and passes on the 200 that follows', async () => {
    const { result, sleeps } = await runWithRealProbe(check('/flaky/a?failures=1&status=503'));
    expect(result).toMatchObject({ ok: true, status: 200, attempts: 2 });
    expect(sleeps).toEqual([20]);
  });

  it('gives up after the retries, with a failure naming the attempts', async () => {
    const { result, sleeps } = await runWithRealProbe(check('/flaky/b?failures=5&status=503'));
    expect(result).toMatchObject({
      ok: false,
      status: 503,
      attempts: 3,
      failures: ['status 503, expected 2xx (3 attempts)'],
    });
    expect(sleeps).toEqual([20, 40]);
  });

  it('waits as long as a 429 asks with Retry-After', async () => {
    const { result, sleeps } = await runWithRealProbe(check('/flaky/c?failures=1&status=429&retry-after=1'));
    expect(result).toMatchObject({ ok: true, attempts: 2 });
    expect(sleeps).toEqual([1_000]);
  });

  it('never retries a failed expectation', async () => {
    const before = service.requests.length;
    const { result, sleeps } = await runWithRealProbe(
      check('/healthz', {
        expect: { status: DEFAULT_STATUS, json: json('$.integrity.score >= 1.5'), bodyContains: [], headers: {} },
      }),
    );
    expect(result).toMatchObject({ ok: false, attempts: 1, failures: ['$.integrity.score was 0.99, expected >= 1.5'] });
    expect(sleeps).toEqual([]);
    expect(service.requests.length).toBe(before + 1);
  });

  it('retries a refused connection and says how often it tried', async () => {
    const { result } = await runWithRealProbe(check(await refusedUrl()));
    expect(result).toMatchObject({
      ok: false,
      status: null,
      attempts: 3,
      failures: ['connection refused (3 attempts)'],
    });
  });

  it('retries a timeout', async () => {
    const { result } = await runWithRealProbe(check('/hang', { timeoutMs: 200 }), { retries: 1 });
    expect(result).toMatchObject({
      ok: false,
      attempts: 2,
      failures: ['no complete response within 200ms (2 attempts)'],
    });
  });

  it('fails invalid JSON once, without retrying', async () => {
    const { result } = await runWithRealProbe(
      check('/invalid-json', {
        expect: { status: DEFAULT_STATUS, json: json('$.status == ok'), bodyContains: [], headers: {} },
      }),
    );
    expect(result.attempts).toBe(1);
    expect(result.failures).toEqual([expect.stringMatching(/^body is not JSON \(.+\)$/)]);
  });

  it('refuses JSON expectations on a body too large to read whole, and still finds text in its first 1 MiB', async () => {
    const { result } = await runWithRealProbe(
      check(`/large/${3 * 1024 * 1024}`, {
        timeoutMs: 20_000,
        expect: { status: DEFAULT_STATUS, json: json('$.a exists'), bodyContains: ['xxxx', 'needle'], headers: {} },
      }),
    );
    expect(result.failures).toEqual([
      'body does not contain "needle" in its first 1 MiB',
      'body is 3145728 bytes, over the 1 MiB read for JSON expectations',
    ]);
  });

  it('takes every sample and reports their median and p95', async () => {
    // Each response's last byte comes after the clock moved by the next step: those are the latencies.
    let clock = 0;
    const steps = [40, 10, 30, 20];
    service.hooks.beforeBodyEnd = () => {
      clock += steps.shift() ?? 1_000;
    };
    const before = service.requests.length;
    const { result } = await runWithRealProbe(check('/trickle', { samples: 4 }), {}, createProbe({ now: () => clock }));
    expect(service.requests.length).toBe(before + 4);
    expect(steps).toEqual([]);
    // Nearest rank over 10, 20, 30, 40: the median is the 2nd, p95 the 4th.
    expect(result).toMatchObject({ ok: true, attempts: 4, latencyMs: 20, p95Ms: 40 });
  });

  it('redacts a secret the service echoes back', async () => {
    const { result } = await runWithRealProbe(
      check('/echo', {
        headers: { authorization: 'Bearer tok-123456' },
        expect: {
          status: DEFAULT_STATUS,
          json: json('$.headers.authorization == nope'),
          bodyContains: [],
          headers: {},
        },
      }),
      { secrets: ['tok-123456'] },
    );
    expect(result.failures).toEqual(['$.headers.authorization was "Bearer ***", expected == nope']);
  });
});
