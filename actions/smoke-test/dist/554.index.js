export const id = 554;
export const ids = [554];
export const modules = {

/***/ 3554:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  realDependencies: () => (/* binding */ realDependencies)
});

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 18 modules
var core = __webpack_require__(6257);
;// CONCATENATED MODULE: ./src/kernel/clock.ts
// The one clock type: decisions take the time as an argument and effects wait through it, so tests move
// time instead of waiting for it.
/** The real clock. Waits longer than Node's timer limit are split, so a long wait never fires at once. */
const systemClock = {
    now: () => new Date(),
    monotonicMs: () => performance.now(),
    sleep: (ms) => sleepFor(ms),
};
/** Node's timers overflow at 2^31 ms (about 24.8 days) and then fire immediately. */
const MAX_TIMER_MS = 2 ** 31 - 1;
async function sleepFor(ms) {
    let left = Math.max(0, ms);
    while (left > 0) {
        const step = Math.min(left, MAX_TIMER_MS);
        await new Promise((done) => setTimeout(done, step));
        left -= step;
    }
}

// EXTERNAL MODULE: external "node:dns"
var external_node_dns_ = __webpack_require__(610);
// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __webpack_require__(7067);
// EXTERNAL MODULE: external "node:https"
var external_node_https_ = __webpack_require__(4708);
// EXTERNAL MODULE: external "node:tls"
var external_node_tls_ = __webpack_require__(1692);
// EXTERNAL MODULE: ./src/kernel/http/exchange.ts
var exchange = __webpack_require__(8805);
;// CONCATENATED MODULE: ./src/kernel/http/probe.ts
// One HTTP(S) attempt with node:http: IPv4 first, a deadline for the whole exchange, redirects
// followed, the body read up to a cap and the rest drained, and the TLS chain's expiry dates.





const MAX_REDIRECTS = 5;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const CREDENTIAL_HEADERS = ['authorization', 'cookie', 'proxy-authorization'];
/**
 * How long an idle connection is kept for the next request to the same origin: long enough for the
 * samples and checks of a round, shorter than common server keep-alive timeouts (gunicorn's 2 s is
 * among the shortest), and gone before the next round of a watch unless that starts within 1 s.
 */
const IDLE_CONNECTION_MS = 1_000;
/**
 * Puts IPv4 answers first: hosted runners have no IPv6 route, so a name with both A and AAAA
 * records is tried over IPv4 first (Node's happy eyeballs still falls back to IPv6).
 */
function ipv4FirstWith(resolve) {
    return (hostname, options, callback) => {
        const all = options.all === true;
        resolve(hostname, { ...options, all: true, order: 'ipv4first' }, (error, found) => {
            const addresses = Array.isArray(found) ? [...found] : [];
            if (error || addresses.length === 0) {
                const failure = error ?? Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
                callback(failure);
                return;
            }
            addresses.sort((a, b) => Number(a.family !== 4) - Number(b.family !== 4));
            if (all)
                callback(null, addresses);
            else
                callback(null, addresses[0].address, addresses[0].family);
        });
    };
}
const ipv4First = ipv4FirstWith(external_node_dns_.lookup);
class Timeout extends Error {
    name = 'Timeout';
}
class RedirectProblem extends Error {
    name = 'RedirectProblem';
}
/** A kept-alive connection that the server had closed before our request reached it. */
class StaleConnection extends Error {
    name = 'StaleConnection';
}
/**
 * Makes the probe; options are fixed for a run (tests pass their own certificate authority).
 * Connections are kept for IDLE_CONNECTION_MS and reused by the next request to the same origin.
 */
function createProbe(options = {}) {
    const limit = options.bodyLimitBytes ?? exchange/* BODY_LIMIT_BYTES */.TF;
    const maxRedirects = options.maxRedirects ?? MAX_REDIRECTS;
    const now = options.now ?? (() => performance.now());
    const lookup = ipv4FirstWith(options.resolve ?? external_node_dns_.lookup);
    const ca = options.ca ? withSystemCertificates(options.ca) : undefined;
    const agents = {
        // LIFO hands out the connection used last: the least likely to have been closed by the server.
        http: new external_node_http_.Agent({ keepAlive: true, timeout: IDLE_CONNECTION_MS, scheduling: 'lifo' }),
        // No TLS session resumption: a resumed session carries no certificate chain, and tls-days judges it.
        https: new external_node_https_.Agent({ keepAlive: true, timeout: IDLE_CONNECTION_MS, scheduling: 'lifo', maxCachedSessions: 0 }),
    };
    return async (request) => {
        const started = now();
        // Time lost on a connection the server had already closed: ours, not the service's.
        let lostMs = 0;
        const controller = new AbortController();
        const deadline = setTimeout(() => controller.abort(new Timeout()), request.timeoutMs);
        const certificates = new Map();
        try {
            let url = new URL(request.url);
            let method = request.method;
            let body = request.body;
            let headers = { ...request.headers };
            for (let hop = 0;; hop++) {
                const exchangeOptions = {
                    signal: controller.signal,
                    limit,
                    ca,
                    lookup,
                    agent: url.protocol === 'https:' ? agents.https : agents.http,
                    certificates,
                };
                const attemptStarted = now();
                let response;
                try {
                    response = await probe_exchange(url, method, headers, body, exchangeOptions);
                }
                catch (error) {
                    if (!(error instanceof StaleConnection) || controller.signal.aborted)
                        throw error;
                    // Not a failure of the service and not an attempt: the same request once more, on a new connection.
                    lostMs += now() - attemptStarted;
                    response = await probe_exchange(url, method, headers, body, { ...exchangeOptions, agent: false });
                }
                const location = response.headers.location;
                if (!request.followRedirects || !REDIRECT_STATUSES.has(response.status) || location === undefined) {
                    return {
                        kind: 'response',
                        response: {
                            ...response,
                            latencyMs: now() - started - lostMs,
                            certificates: [...certificates.values()],
                        },
                    };
                }
                if (hop >= maxRedirects)
                    throw new RedirectProblem(`more than ${maxRedirects} redirects (last to ${location})`);
                const next = new URL(location, url);
                if (next.protocol !== 'http:' && next.protocol !== 'https:') {
                    throw new RedirectProblem(`redirected to ${next.protocol} URL ${next.href}, which is not http(s)`);
                }
                // Like browsers and curl: credentials stay with the origin they were written for, and so
                // does every header that carries a ${VAR} value.
                if (next.origin !== url.origin) {
                    headers = withoutHeaders(headers, [...CREDENTIAL_HEADERS, ...(request.secretHeaders ?? [])]);
                }
                if (response.status === 303 || ((response.status === 301 || response.status === 302) && method === 'POST')) {
                    method = method === 'HEAD' ? 'HEAD' : 'GET';
                    body = undefined;
                    headers = withoutHeaders(headers, ['content-type', 'content-length']);
                }
                url = next;
            }
        }
        catch (error) {
            return describeFailure(controller.signal.aborted ? controller.signal.reason : error, request);
        }
        finally {
            clearTimeout(deadline);
        }
    };
}
function probe_exchange(url, method, headers, body, options) {
    return new Promise((resolvePromise, reject) => {
        const secure = url.protocol === 'https:';
        const requestOptions = {
            method,
            headers,
            signal: options.signal,
            agent: options.agent,
            lookup: options.lookup,
            ...(secure && options.ca ? { ca: options.ca } : {}),
        };
        const client = secure ? external_node_https_ : external_node_http_;
        let answered = false;
        const outgoing = client.request(url, requestOptions, (incoming) => {
            answered = true;
            if (secure)
                collectCertificates(incoming.socket, options.certificates);
            const kept = [];
            let keptBytes = 0;
            let totalBytes = 0;
            incoming.on('data', (chunk) => {
                totalBytes += chunk.length;
                // Past the limit the bytes are counted and dropped: a 50 MB answer costs no memory.
                if (keptBytes < options.limit) {
                    const part = chunk.length <= options.limit - keptBytes ? chunk : chunk.subarray(0, options.limit - keptBytes);
                    kept.push(part);
                    keptBytes += part.length;
                }
            });
            incoming.on('end', () => resolvePromise({
                status: incoming.statusCode ?? 0,
                headers: flattenHeaders(incoming.headers),
                body: Buffer.concat(kept, keptBytes),
                bodyBytes: totalBytes,
                truncated: totalBytes > keptBytes,
            }));
            incoming.on('error', reject);
            // A server that hangs up mid-body may close the stream without an error.
            incoming.on('close', () => {
                if (!incoming.complete)
                    reject(Object.assign(new Error('the response was cut off'), { code: 'ECONNRESET' }));
            });
        });
        outgoing.on('error', (error) => {
            // A kept-alive connection the server closed while it sat idle: the request never reached it.
            const stale = outgoing.reusedSocket && !answered && (error.code === 'ECONNRESET' || error.code === 'EPIPE');
            reject(stale ? new StaleConnection(error.message, { cause: error }) : error);
        });
        outgoing.end(body);
    });
}
/** Passing `ca` replaces Node's trust store, so extra authorities are added to it, not swapped in. */
function withSystemCertificates(ca) {
    return [...external_node_tls_.rootCertificates, ...(Array.isArray(ca) ? ca : [ca])];
}
function collectCertificates(socket, into) {
    let certificate = socket.getPeerCertificate?.(true);
    // The chain ends at a root that names itself as its issuer.
    while (certificate?.fingerprint256 && !into.has(certificate.fingerprint256)) {
        into.set(certificate.fingerprint256, {
            subject: describeSubject(certificate),
            validTo: new Date(certificate.valid_to),
        });
        certificate = certificate.issuerCertificate;
    }
}
function describeSubject(certificate) {
    const cn = certificate.subject?.CN;
    const name = Array.isArray(cn) ? cn[0] : cn;
    return name ? `CN=${name}` : (certificate.fingerprint256?.slice(0, 23) ?? 'unknown');
}
function flattenHeaders(headers) {
    const flat = {};
    for (const [name, value] of Object.entries(headers)) {
        if (value !== undefined)
            flat[name] = Array.isArray(value) ? value.join(', ') : value;
    }
    return flat;
}
function withoutHeaders(headers, names) {
    return Object.fromEntries(Object.entries(headers).filter(([name]) => !names.includes(name.toLowerCase())));
}
const TLS_CODES = new Set([
    'CERT_HAS_EXPIRED',
    'CERT_NOT_YET_VALID',
    'DEPTH_ZERO_SELF_SIGNED_CERT',
    'SELF_SIGNED_CERT_IN_CHAIN',
    'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
    'UNABLE_TO_GET_ISSUER_CERT',
    'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
    'ERR_TLS_CERT_ALTNAME_INVALID',
    'CERT_REVOKED',
    'CERT_UNTRUSTED',
    'CERT_REJECTED',
]);
/** A transport failure in a person's words; the reason drives the retry decision. */
function describeFailure(error, request) {
    const failure = (reason, message) => ({ kind: 'failure', reason, message });
    if (error instanceof Timeout)
        return failure('timeout', `no complete response within ${(0,exchange/* formatLatency */.YL)(request.timeoutMs)}`);
    if (error instanceof RedirectProblem)
        return failure('redirect', error.message);
    const { code, message } = error;
    const host = safeHost(request.url);
    if (code === 'ECONNREFUSED')
        return failure('refused', 'connection refused');
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
        return failure('dns', `cannot resolve ${host}`);
    if (code === 'ECONNRESET' || code === 'EPIPE')
        return failure('reset', 'connection reset by the server');
    if (code === 'ETIMEDOUT')
        return failure('timeout', `connecting to ${host} timed out`);
    if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH')
        return failure('other', `${host} is unreachable`);
    if (code && (TLS_CODES.has(code) || code.startsWith('ERR_SSL') || code.startsWith('ERR_TLS'))) {
        // Node appends advice about --use-system-ca that does not apply to an action.
        return failure('tls', `TLS certificate rejected: ${message.split('; if the root CA')[0]}`);
    }
    return failure('other', message || String(error));
}
function safeHost(url) {
    try {
        return new URL(url).host;
    }
    catch {
        return url;
    }
}

;// CONCATENATED MODULE: ./actions/smoke-test/src/dependencies.ts
// The smoke test's real dependencies: the kernel's HTTP probe, the system clock, the runner's log,
// and the rollback dispatch through the GitHub client, which is loaded only when a dispatch is needed.



function realDependencies(config) {
    const github = async () => (await Promise.all(/* import() */[__webpack_require__.e(874), __webpack_require__.e(58)]).then(__webpack_require__.bind(__webpack_require__, 2058))).createGitHubClient(config.token ?? '');
    return {
        probe: createProbe(),
        clock: systemClock,
        dispatchRollback: async (rollback) => {
            const [{ createGitHubClient }, { dispatchRollback }] = await Promise.all([
                Promise.all(/* import() */[__webpack_require__.e(874), __webpack_require__.e(58)]).then(__webpack_require__.bind(__webpack_require__, 2058)),
                __webpack_require__.e(/* import() */ 54).then(__webpack_require__.bind(__webpack_require__, 6054)),
            ]);
            return dispatchRollback(createGitHubClient(config.token ?? ''), rollback, systemClock);
        },
        appendHistory: async ({ branch, owner, repo }, samples) => {
            const { appendHistory } = await Promise.resolve(/* import() */).then(__webpack_require__.bind(__webpack_require__, 5802));
            return appendHistory(await github(), { owner, repo }, branch, samples, { log: { info: core/* info */.pq } });
        },
        log: core/* info */.pq,
    };
}


/***/ })

};
