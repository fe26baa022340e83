export const id = 384;
export const ids = [384];
export const modules = {

/***/ 6384:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  realDependencies: () => (/* binding */ realDependencies)
});

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 18 modules
var core = __webpack_require__(6257);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/kernel/backup-manifest.ts
var backup_manifest = __webpack_require__(8125);
;// CONCATENATED MODULE: ./src/kernel/backup-store.ts
// Reads a backup destination (a folder, or `s3://bucket/prefix`): lists the manifests of a series and
// opens stored files. Shared by actions/backup and the deploy gate's backup gate; the AWS SDK is loaded
// only when a destination is on S3, so a folder destination costs nothing at start-up.




const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
/**
 * Parses `s3://bucket/prefix`; anything else is a folder path (returned as given, to be resolved by
 * the caller). Returns an error text for a malformed s3:// address.
 */
function parseDestination(text) {
    if (!/^s3:\/\//i.test(text)) {
        if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
            return { error: 'expected a folder or s3://bucket/prefix (no other URL schemes).' };
        }
        return { kind: 'folder', path: text };
    }
    const rest = text.slice('s3://'.length);
    const slash = rest.indexOf('/');
    const bucket = slash < 0 ? rest : rest.slice(0, slash);
    const prefix = slash < 0 ? '' : rest.slice(slash + 1).replace(/^\/+|\/+$/g, '');
    if (!BUCKET.test(bucket)) {
        return {
            error: 'expected s3://bucket/prefix with a bucket name of 3-63 lowercase letters, digits, dots or dashes.',
        };
    }
    if (prefix.split('/').some((part) => part === '.' || part === '..')) {
        return { error: 'the S3 prefix may not contain "." or ".." segments.' };
    }
    return { kind: 's3', bucket, prefix };
}
function folderReader(root) {
    return {
        where: root,
        async list(folder) {
            try {
                return (await (0,promises_.readdir)((0,external_node_path_.join)(root, folder), { withFileTypes: true }))
                    .filter((entry) => entry.isFile())
                    .map((entry) => entry.name)
                    .sort();
            }
            catch (error) {
                if (error.code === 'ENOENT')
                    return [];
                throw error;
            }
        },
        readText: (key) => (0,promises_.readFile)((0,external_node_path_.join)(root, key), 'utf8'),
        async readStream(key) {
            const stream = (0,external_node_fs_.createReadStream)((0,external_node_path_.join)(root, key));
            // Surface a missing file here rather than on the first read.
            await new Promise((resolve, reject) => {
                stream.once('open', () => resolve());
                stream.once('error', reject);
            });
            return stream;
        },
        locate: (key) => (0,external_node_path_.join)(root, key),
    };
}
/** The S3 client every S3 access uses: path style for custom endpoints, no checksum framing on uploads. */
async function createS3Client(settings = {}) {
    const { S3Client } = await __webpack_require__.e(/* import() */ 711).then(__webpack_require__.t.bind(__webpack_require__, 3711, 19));
    return new S3Client({
        region: settings.region || 'us-east-1',
        ...(settings.endpoint ? { endpoint: settings.endpoint, forcePathStyle: true } : {}),
        // Streamed uploads otherwise carry aws-chunked framing that some S3-compatible servers store as data.
        requestChecksumCalculation: 'WHEN_REQUIRED',
        responseChecksumValidation: 'WHEN_REQUIRED',
    });
}
function s3Key(prefix, key) {
    return prefix ? `${prefix}/${key}` : key;
}
async function s3Reader(bucket, prefix, client) {
    const { GetObjectCommand, ListObjectsV2Command } = await __webpack_require__.e(/* import() */ 711).then(__webpack_require__.t.bind(__webpack_require__, 3711, 19));
    const getObject = async (key) => {
        const answer = await client.send(new GetObjectCommand({ Bucket: bucket, Key: s3Key(prefix, key) }));
        if (!answer.Body)
            throw new Error(`s3://${bucket}/${s3Key(prefix, key)} has no body`);
        return answer.Body;
    };
    return {
        where: `s3://${bucket}${prefix ? `/${prefix}` : ''}`,
        async list(folder) {
            const listPrefix = `${s3Key(prefix, folder)}/`;
            const names = [];
            let token;
            do {
                const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: listPrefix, Delimiter: '/', ContinuationToken: token }));
                for (const object of page.Contents ?? []) {
                    if (object.Key)
                        names.push(object.Key.slice(listPrefix.length));
                }
                token = page.IsTruncated ? page.NextContinuationToken : undefined;
            } while (token);
            return names.sort();
        },
        async readText(key) {
            const body = await getObject(key);
            const chunks = [];
            for await (const chunk of body)
                chunks.push(Buffer.from(chunk));
            return Buffer.concat(chunks).toString('utf8');
        },
        readStream: getObject,
        locate: (key) => `s3://${bucket}/${s3Key(prefix, key)}`,
    };
}
/** A reader for a parsed destination (S3 loads the SDK). */
async function openReader(destination, options = {}) {
    if (destination.kind === 'folder')
        return folderReader(destination.path);
    return s3Reader(destination.bucket, destination.prefix, await createS3Client(options.s3));
}
/**
 * Lists `<destination>/<name>/*.manifest.json`. Data without a manifest is never a backup; a manifest
 * that is unreadable, invalid, or names another series is reported under `broken`, never thrown.
 * `destination` is a parsed Destination, or the text of one (a folder path must then be absolute).
 */
async function listManifests(destination, name, options = {}) {
    const reader = await readerFor(destination, options);
    const files = (await reader.list(name)).filter((file) => file.endsWith(backup_manifest/* MANIFEST_SUFFIX */.OK) && !file.startsWith('.'));
    const manifests = [];
    const broken = [];
    for (const file of files) {
        const key = `${name}/${file}`;
        let text;
        try {
            text = await reader.readText(key);
        }
        catch (error) {
            broken.push({ file: reader.locate(key), error: `unreadable (${error.message})` });
            continue;
        }
        const read = (0,backup_manifest/* parseManifest */.Ng)(file, text);
        if (!read.ok)
            broken.push({ file: reader.locate(key), error: read.error });
        else if (read.manifest.name !== name) {
            broken.push({ file: reader.locate(key), error: `it belongs to series "${read.manifest.name}", not "${name}"` });
        }
        else
            manifests.push(read.manifest);
    }
    // Ids sort by time only to the second; createdAt has the milliseconds.
    manifests.sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return { manifests, broken };
}
async function readerFor(destination, options) {
    if (typeof destination === 'object' && 'list' in destination)
        return destination;
    const parsed = typeof destination === 'string' ? parseDestination(destination) : destination;
    if ('error' in parsed)
        throw new Error(`destination "${destination}": ${parsed.error}`);
    return openReader(parsed, options);
}

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

// EXTERNAL MODULE: ./src/kernel/context.ts
var kernel_context = __webpack_require__(6950);
// EXTERNAL MODULE: external "node:dns"
var external_node_dns_ = __webpack_require__(610);
// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __webpack_require__(7067);
// EXTERNAL MODULE: external "node:https"
var external_node_https_ = __webpack_require__(4708);
// EXTERNAL MODULE: external "node:tls"
var external_node_tls_ = __webpack_require__(1692);
;// CONCATENATED MODULE: ./src/kernel/http/exchange.ts
const BODY_LIMIT_BYTES = 1024 * 1024;
const DEFAULT_STATUS = { codes: [], classes: [2] };
/** `200`, `[200, 204]`, `"2xx"` or a list mixing both. */
function parseStatusExpectation(value) {
    const items = Array.isArray(value) ? value : [value];
    const expectation = { codes: [], classes: [] };
    for (const item of items) {
        const text = String(item);
        if (/^[1-5]\d\d$/.test(text))
            expectation.codes.push(Number(text));
        else if (/^[1-5]xx$/i.test(text))
            expectation.classes.push(Number(text[0]));
        else {
            return {
                ok: false,
                error: `expected a status code (200), a class ("2xx") or a list of them, got ${JSON.stringify(item)}`,
            };
        }
    }
    if (items.length === 0)
        return { ok: false, error: 'expected at least one status' };
    return { ok: true, value: expectation };
}
function statusMatches(expectation, status) {
    return expectation.codes.includes(status) || expectation.classes.includes(Math.floor(status / 100));
}
/** `2xx`, `200`, `200 or 204`, `200, 204 or 3xx`. */
function describeStatus(expectation) {
    const words = [...expectation.codes.map(String), ...expectation.classes.map((digit) => `${digit}xx`)];
    return words.length === 1 ? words[0] : `${words.slice(0, -1).join(', ')} or ${words.at(-1)}`;
}
/** `180ms`, `1.25s`: latencies keep their precision (formatDuration rounds to whole seconds). */
function formatLatency(ms) {
    return ms < 1000 ? `${Math.round(ms)}ms` : `${Number((ms / 1000).toFixed(2))}s`;
}

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
    const limit = options.bodyLimitBytes ?? BODY_LIMIT_BYTES;
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
                    response = await exchange(url, method, headers, body, exchangeOptions);
                }
                catch (error) {
                    if (!(error instanceof StaleConnection) || controller.signal.aborted)
                        throw error;
                    // Not a failure of the service and not an attempt: the same request once more, on a new connection.
                    lostMs += now() - attemptStarted;
                    response = await exchange(url, method, headers, body, { ...exchangeOptions, agent: false });
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
function exchange(url, method, headers, body, options) {
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
        return failure('timeout', `no complete response within ${formatLatency(request.timeoutMs)}`);
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

// EXTERNAL MODULE: ./src/kernel/incident-labels.ts
var incident_labels = __webpack_require__(6891);
;// CONCATENATED MODULE: ./actions/deploy-gate/src/github-facts.ts

const PER_PAGE = 100;
const COMPARE_FILE_LIMIT = 300;
function hasNext(link) {
    return typeof link === 'string' && /rel="next"/.test(link);
}
function gateGitHub(octokit, repository) {
    const { owner, repo } = repository;
    // One cache per page URL: polls send If-None-Match and a 304 reuses the page (no rate limit spent).
    const cache = new Map();
    async function conditionalPage(route, parameters) {
        const key = `${route} ${JSON.stringify(parameters)}`;
        const cached = cache.get(key);
        try {
            const response = await octokit.request(route, {
                owner,
                repo,
                ...parameters,
                ...(cached?.etag ? { headers: { 'if-none-match': cached.etag } } : {}),
            });
            const page = { etag: response.headers.etag, data: response.data, link: response.headers.link };
            cache.set(key, page);
            return page;
        }
        catch (error) {
            if (error.status === 304 && cached)
                return cached;
            throw error;
        }
    }
    async function allPages(route, parameters, items) {
        const all = [];
        for (let page = 1;; page++) {
            const answer = await conditionalPage(route, { ...parameters, per_page: PER_PAGE, page });
            const found = items(answer.data);
            all.push(...found);
            if (!hasNext(answer.link) || found.length === 0)
                return all;
        }
    }
    return {
        async listChecks(sha) {
            const checkRuns = await allPages('GET /repos/{owner}/{repo}/commits/{ref}/check-runs', { ref: sha }, (data) => data.check_runs.map((run) => ({
                id: run.id,
                name: run.name,
                status: run.status,
                conclusion: run.conclusion,
                startedAt: run.started_at,
                url: run.html_url,
                detailsUrl: run.details_url,
            })));
            const statuses = await allPages('GET /repos/{owner}/{repo}/commits/{ref}/status', { ref: sha }, (data) => data.statuses.map((status) => ({
                context: status.context,
                state: status.state,
                url: status.target_url,
                updatedAt: status.updated_at,
            })));
            return { checkRuns, statuses };
        },
        async listPulls(sha) {
            const pulls = await octokit.paginate('GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls', {
                owner,
                repo,
                commit_sha: sha,
                per_page: PER_PAGE,
            });
            return pulls.map((pull) => ({
                number: pull.number,
                url: pull.html_url,
                merged: Boolean(pull.merged_at),
                state: pull.state,
            }));
        },
        async listReviews(pull) {
            const reviews = await octokit.paginate('GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews', {
                owner,
                repo,
                pull_number: pull,
                per_page: PER_PAGE,
            });
            return reviews.map((review) => ({
                id: review.id,
                user: review.user?.login ?? `(deleted user ${review.id})`,
                state: review.state,
                submittedAt: review.submitted_at ?? null,
            }));
        },
        async listOpenIncidents() {
            const issues = await octokit.paginate('GET /repos/{owner}/{repo}/issues', {
                owner,
                repo,
                state: 'open',
                labels: incident_labels/* INCIDENT_LABEL */.MY,
                per_page: PER_PAGE,
            });
            return issues
                .filter((issue) => !issue.pull_request)
                .map((issue) => ({
                number: issue.number,
                title: issue.title,
                url: issue.html_url,
                labels: issue.labels.map((label) => (typeof label === 'string' ? label : (label.name ?? ''))),
            }));
        },
        async *deployments(environment) {
            for await (const page of octokit.paginate.iterator('GET /repos/{owner}/{repo}/deployments', {
                owner,
                repo,
                environment,
                per_page: PER_PAGE,
            })) {
                for (const deployment of page.data) {
                    const statuses = await octokit.paginate('GET /repos/{owner}/{repo}/deployments/{deployment_id}/statuses', {
                        owner,
                        repo,
                        deployment_id: deployment.id,
                        per_page: PER_PAGE,
                    });
                    yield {
                        id: deployment.id,
                        sha: deployment.sha,
                        ref: deployment.ref,
                        createdAt: deployment.created_at,
                        states: statuses.map((status) => status.state),
                    };
                }
            }
        },
        async resolveRef(ref) {
            const { data } = await octokit.request('GET /repos/{owner}/{repo}/commits/{ref}', {
                owner,
                repo,
                ref,
                per_page: 1,
            });
            return data.sha;
        },
        async compare(base, head) {
            const { data } = await octokit.request('GET /repos/{owner}/{repo}/compare/{basehead}', {
                owner,
                repo,
                basehead: `${base}...${head}`,
            });
            const files = (data.files ?? []).map((file) => file.filename);
            return { files, truncated: files.length >= COMPARE_FILE_LIMIT, status: data.status };
        },
    };
}

;// CONCATENATED MODULE: ./src/kernel/http/retry.ts
// When an attempt is worth repeating and how long to wait first: transport errors, 5xx and 429
// are retried with doubling backoff (or the server's Retry-After, capped); a wrong answer never is.

/** A Retry-After longer than this is cut short: a smoke test must answer within its round. */
const RETRY_AFTER_CAP_MS = 30_000;
/**
 * Decides after attempt number `attempt` (1-based). A status the check expects is an answer, not a
 * fault, so a check that expects 503 is never retried on 503.
 */
function decideRetry(exchange, attempt, policy, expectedStatus, nowMs) {
    if (attempt > policy.retries)
        return { retry: false };
    const backoffMs = policy.firstDelayMs * 2 ** (attempt - 1);
    if (exchange.kind === 'failure') {
        // A rejected certificate or a redirect loop will be the same a second later.
        if (exchange.reason === 'tls' || exchange.reason === 'redirect')
            return { retry: false };
        return { retry: true, delayMs: backoffMs };
    }
    const { status, headers } = exchange.response;
    const transient = status >= 500 || status === 429;
    if (!transient || statusMatches(expectedStatus, status))
        return { retry: false };
    const retryAfterMs = parseRetryAfter(headers['retry-after'], nowMs);
    return { retry: true, delayMs: retryAfterMs === undefined ? backoffMs : Math.min(retryAfterMs, RETRY_AFTER_CAP_MS) };
}
/** `Retry-After` as seconds (`120`) or an HTTP date; undefined when absent or unreadable. */
function parseRetryAfter(value, nowMs) {
    if (value === undefined)
        return undefined;
    const text = value.trim();
    if (/^\d+$/.test(text))
        return Number(text) * 1000;
    // An HTTP date names its day and month (`Wed, 21 Oct 2026 07:28:00 GMT`); Date.parse would also take "-5".
    const date = /[A-Za-z]{3}/.test(text) ? Date.parse(text) : Number.NaN;
    if (Number.isNaN(date))
        return undefined;
    return Math.max(date - nowMs, 0);
}

;// CONCATENATED MODULE: ./src/kernel/http/probe-with-retries.ts

/** Probes until `decideRetry` says the answer stands; a status in `expectedStatus` is never retried. */
async function probeWithRetries(request, policy, expectedStatus, deps) {
    for (let attempt = 1;; attempt++) {
        const exchange = await deps.probe(request);
        const decision = decideRetry(exchange, attempt, policy, expectedStatus, deps.nowMs());
        if (!decision.retry)
            return { exchange, attempts: attempt };
        await deps.sleep(decision.delayMs);
    }
}

// EXTERNAL MODULE: ./src/kernel/text.ts
var kernel_text = __webpack_require__(5426);
;// CONCATENATED MODULE: ./actions/deploy-gate/src/integrity-source.ts
// Reads the integrity document: over HTTP(S) through the kernel's probe and retry rule (as smoke-test
// does), or from a workspace file. Every way it cannot be read becomes a fact the gate blocks on.




const TIMEOUT_MS = 10_000;
const RETRIES = { retries: 2, firstDelayMs: 1_000 };
async function readIntegrity(config, deps) {
    const source = config.source.kind === 'url' ? config.source.url : config.source.given;
    let text;
    if (config.source.kind === 'file') {
        try {
            text = await (0,promises_.readFile)(config.source.path, 'utf8');
        }
        catch (error) {
            const code = error.code;
            return { kind: 'unreadable', source, problem: code === 'ENOENT' ? 'no such file' : `cannot read it (${code})` };
        }
    }
    else {
        const { exchange, attempts } = await probeWithRetries({
            url: config.source.url,
            method: 'GET',
            headers: { accept: 'application/json', ...config.headers },
            secretHeaders: Object.keys(config.headers).map((name) => name.toLowerCase()),
            timeoutMs: TIMEOUT_MS,
            followRedirects: true,
        }, RETRIES, DEFAULT_STATUS, deps);
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
        if (response.truncated)
            return { kind: 'unreadable', source, problem: 'the document is larger than 1 MiB' };
        text = response.body.toString('utf8');
    }
    try {
        return { kind: 'document', document: JSON.parse(text), source };
    }
    catch (error) {
        return { kind: 'unreadable', source, problem: `not JSON (${(0,kernel_text/* clip */.$Q)(error.message, 120)})` };
    }
}

;// CONCATENATED MODULE: ./actions/deploy-gate/src/dependencies.ts
// The gate's real dependencies: the kernel's GitHub client (loaded on first use), the HTTP probe,
// the backup destination reader, the system clock and the runner's log.







function realDependencies(config, env = process.env) {
    for (const secret of config.secrets)
        core/* setSecret */.Pq(secret);
    for (const name of config.shortHeaderValues ?? []) {
        core/* warning */.$e(`integrity-headers: the value of ${name} is shorter than 4 characters, so it is not masked.`);
    }
    const repository = (0,kernel_context/* repositoryFromEnv */.iw)(env);
    const context = (0,kernel_context/* runContextFromEnv */.wX)(env);
    const before = context.payload.before;
    return {
        github: async () => {
            const { createGitHubClient } = await Promise.all(/* import() */[__webpack_require__.e(874), __webpack_require__.e(58)]).then(__webpack_require__.bind(__webpack_require__, 2058));
            return gateGitHub(createGitHubClient(config.token), repository);
        },
        readIntegrity: (integrity) => readIntegrity(integrity, {
            probe: createProbe(),
            nowMs: () => Date.now(),
            sleep: systemClock.sleep,
        }),
        readBackup: (backup) => readBackup(backup, env),
        clock: systemClock,
        run: {
            repository: `${repository.owner}/${repository.repo}`,
            serverUrl: context.serverUrl,
            ...(context.actor ? { actor: context.actor } : {}),
            ...(env.GITHUB_RUN_ID ? { runId: env.GITHUB_RUN_ID } : {}),
            ...(context.runUrl ? { runUrl: context.runUrl } : {}),
            ...(env.GITHUB_JOB ? { job: env.GITHUB_JOB } : {}),
            ...(typeof before === 'string' && /^[0-9a-f]{40}$/i.test(before) ? { pushBefore: before } : {}),
        },
        log: { info: core/* info */.pq, warning: (message) => core/* warning */.$e(message) },
    };
}
/** Lists the series' manifests with the backup action's own reader; S3 settings come from the AWS_* environment. */
async function readBackup(backup, env) {
    const where = backup.destination.kind === 'folder' ? backup.destination.path : backup.destination.url;
    try {
        const endpoint = env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL;
        const region = env.AWS_REGION || env.AWS_DEFAULT_REGION;
        const listing = await listManifests(where, backup.name, {
            s3: { ...(endpoint ? { endpoint } : {}), ...(region ? { region } : {}) },
        });
        return { kind: 'listed', where: `${where}/${backup.name}`, manifests: listing.manifests, broken: listing.broken };
    }
    catch (error) {
        return { kind: 'unreadable', where: `${where}/${backup.name}`, problem: error.message };
    }
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
