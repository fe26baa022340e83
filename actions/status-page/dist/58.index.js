export const id = 58;
export const ids = [58];
export const modules = {

/***/ 2058:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   createGitHubClient: () => (/* binding */ createGitHubClient)
/* harmony export */ });
/* unused harmony export DEFAULT_REQUEST_TIMEOUT_MS */
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6257);
/* harmony import */ var _actions_github__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1351);
/* harmony import */ var _actions_github_lib_utils__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(5555);
/* harmony import */ var _octokit_plugin_retry__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(9735);
/* harmony import */ var _octokit_plugin_throttling__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(6856);
/* harmony import */ var bottleneck__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(2203);
/* harmony import */ var bottleneck__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(bottleneck__WEBPACK_IMPORTED_MODULE_3__);
// The one place that knows how to talk to GitHub: retries, rate limits, base URL and token masking.






/**
 * One attempt may take this long. GitHub itself ends REST requests after 10 s, so 20 s is a hung
 * connection, not a slow answer; with 3 retries a dead API costs a step about 90 s, not 20 minutes.
 * `SHIPSHAPE_GITHUB_TIMEOUT` (milliseconds) overrides it for GitHub Enterprise Server behind slow proxies.
 */
const DEFAULT_REQUEST_TIMEOUT_MS = 20_000;
function requestTimeoutFrom(env) {
    const text = env.SHIPSHAPE_GITHUB_TIMEOUT_MS?.trim();
    if (!text)
        return undefined;
    const value = Number(text);
    return Number.isSafeInteger(value) && value > 0 && value < 2 ** 31 ? value : undefined;
}
/** The runner's proxy-aware fetch with a deadline on every attempt (also on the body). */
function fetchWithDeadline(timeoutMs) {
    const proxyFetch = _actions_github_lib_utils__WEBPACK_IMPORTED_MODULE_2__/* .defaults */ .NT.request.fetch;
    return (url, init) => {
        const deadline = AbortSignal.timeout(timeoutMs);
        const signal = init?.signal ? AbortSignal.any([init.signal, deadline]) : deadline;
        return proxyFetch(url, { ...init, signal });
    };
}
// Every 4xx is final (the request is wrong or forbidden); rate limits (403/429 with rate-limit
// headers or a secondary-limit message) are handled by the throttling plugin, which waits them out.
const DO_NOT_RETRY = Array.from({ length: 100 }, (_, index) => 400 + index);
function createGitHubClient(token, options = {}) {
    if (token)
        _actions_core__WEBPACK_IMPORTED_MODULE_0__.setSecret(token);
    const baseUrl = options.baseUrl || process.env.GITHUB_API_URL || 'https://api.github.com';
    const maxWait = options.maxRateLimitWaitSeconds ?? 300;
    const retries = options.retries ?? 3;
    const log = options.log ?? { warning: _actions_core__WEBPACK_IMPORTED_MODULE_0__.warning, debug: _actions_core__WEBPACK_IMPORTED_MODULE_0__.debug };
    const timeoutMs = options.requestTimeoutMs ?? requestTimeoutFrom(process.env) ?? DEFAULT_REQUEST_TIMEOUT_MS;
    const onLimit = (kind) => (retryAfter, request, _octokit, retryCount) => {
        if (retryCount >= retries || retryAfter > maxWait) {
            log.warning(`GitHub ${kind} rate limit hit for ${request.method} ${request.url}; not waiting ${retryAfter}s (limit ${maxWait}s, ${retryCount} retries so far).`);
            return false;
        }
        log.warning(`GitHub ${kind} rate limit hit for ${request.method} ${request.url}; retrying in ${retryAfter}s.`);
        return true;
    };
    return (0,_actions_github__WEBPACK_IMPORTED_MODULE_1__/* .getOctokit */ .Q)(token, {
        baseUrl: baseUrl.replace(/\/+$/, ''),
        userAgent: 'shipshape-actions',
        request: { fetch: fetchWithDeadline(timeoutMs) },
        // Not `request.retries`: plugin-retry would then retry every failure, 4xx included.
        retry: { doNotRetry: DO_NOT_RETRY, retries },
        throttle: {
            onRateLimit: onLimit('primary'),
            onSecondaryRateLimit: onLimit('secondary'),
            // Our actions send their writes one after another already, so the plugin's extra spacing
            // of every mutation only adds latency. Requests that create content (issues, comments)
            // keep GitHub's documented one second apart (the plugin's default is three).
            write: new (bottleneck__WEBPACK_IMPORTED_MODULE_3___default().Group)({ maxConcurrent: 1, minTime: 0 }),
            notifications: new (bottleneck__WEBPACK_IMPORTED_MODULE_3___default().Group)({ maxConcurrent: 1, minTime: 1000 }),
        },
    }, _octokit_plugin_retry__WEBPACK_IMPORTED_MODULE_4__/* .retry */ .L, _octokit_plugin_throttling__WEBPACK_IMPORTED_MODULE_5__/* .throttling */ .A);
}


/***/ })

};
