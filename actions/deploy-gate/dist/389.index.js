export const id = 389;
export const ids = [389];
export const modules = {

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

/***/ 2389:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   outputsFor: () => (/* binding */ outputsFor),
/* harmony export */   summaryFor: () => (/* binding */ summaryFor)
/* harmony export */ });
/* unused harmony export reportJson */
/* harmony import */ var _src_kernel_durations_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(268);
/* harmony import */ var _src_kernel_report_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8039);
/* harmony import */ var _markdown_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(2076);
// The decision as a user sees it: outputs, the `report` JSON, and the job summary (the deploy's audit record).



const ICON = { pass: '✅', warn: '⚠️', fail: '❌', pending: '⏳' };
function reportJson(decision) {
    return JSON.stringify({
        sha: decision.sha,
        environment: decision.environment,
        mode: decision.mode,
        allowed: decision.allowed,
        gates: decision.gates.map((result) => ({ name: result.name, ok: result.ok, detail: result.detail })),
    });
}
function outputsFor(decision) {
    return {
        allowed: String(decision.allowed),
        'blocked-by': decision.blockedBy.join(','),
        report: reportJson(decision),
        sha: decision.sha,
        'previous-sha': decision.previousSha,
        changed: decision.changed === undefined ? undefined : String(decision.changed),
    };
}
function summaryFor(decision) {
    const verdict = decision.allowed
        ? `✅ ${decision.mode === 'rollback' ? 'Rollback' : 'Deploy'} allowed`
        : `❌ ${decision.mode === 'rollback' ? 'Rollback' : 'Deploy'} blocked by ${decision.blockedBy.join(', ')}`;
    const commit = decision.sha
        ? decision.links.commit
            ? `[\`${decision.sha.slice(0, 7)}\`](${decision.links.commit})`
            : `\`${decision.sha.slice(0, 7)}\``
        : '(none)';
    const facts = [
        ['Commit', commit],
        ['Environment', (0,_src_kernel_report_js__WEBPACK_IMPORTED_MODULE_1__/* .cell */ .Hn)((0,_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .mdText */ .b)(decision.environment))],
        ['Mode', decision.mode],
        ['Triggered by', decision.actor ? (0,_src_kernel_report_js__WEBPACK_IMPORTED_MODULE_1__/* .cell */ .Hn)((0,_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .mdText */ .b)(decision.actor)) : '(unknown)'],
    ];
    if (decision.previousSha)
        facts.push(['Active deployment', `\`${decision.previousSha.slice(0, 7)}\``]);
    if (decision.mode === 'rollback' && decision.links.compare) {
        facts.push([
            'Rolling back',
            `[${decision.sha.slice(0, 7)}...${decision.previousSha?.slice(0, 7)}](${decision.links.compare})`,
        ]);
    }
    if (decision.polls > 1) {
        facts.push(['Checks polled', `${decision.polls} times over ${(0,_src_kernel_durations_js__WEBPACK_IMPORTED_MODULE_0__/* .formatDuration */ .a3)(decision.waitedMs)}`]);
    }
    if (decision.reason)
        facts.push(['Reason', (0,_src_kernel_report_js__WEBPACK_IMPORTED_MODULE_1__/* .cell */ .Hn)((0,_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .mdText */ .b)(decision.reason))]);
    if (decision.changed !== undefined)
        facts.push(['Paths changed', String(decision.changed)]);
    if (decision.dryRun)
        facts.push(['Dry run', 'yes: the step does not fail']);
    if (decision.links.run)
        facts.push(['Run', `[workflow run](${decision.links.run})`]);
    const gateRows = decision.gates.map(
    // A gate's Markdown detail escapes its own text; a plain detail (service answers, reasons, paths) is escaped here.
    (result) => `| ${ICON[result.outcome]} | ${result.name} | ${(0,_src_kernel_report_js__WEBPACK_IMPORTED_MODULE_1__/* .cell */ .Hn)(result.detailMarkdown ?? (0,_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .mdText */ .b)(result.detail))} |`);
    return [
        (0,_src_kernel_report_js__WEBPACK_IMPORTED_MODULE_1__/* .heading */ .R_)(`Deploy gate: ${verdict}`),
        '',
        '| | gate | detail |',
        '| --- | --- | --- |',
        ...gateRows,
        '',
        `| fact | value |\n| --- | --- |\n${facts.map(([name, value]) => `| ${name} | ${value} |`).join('\n')}`,
    ].join('\n');
}


/***/ })

};
