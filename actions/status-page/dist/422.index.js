export const id = 422;
export const ids = [422];
export const modules = {

/***/ 8422:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   readHistoryFiles: () => (/* binding */ readHistoryFiles)
/* harmony export */ });
/* harmony import */ var _src_kernel_status_history_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(5802);

/** Requests in flight at once: enough to read 90 days quickly, few enough for GitHub's secondary limits. */
const PARALLEL = 6;
/** The text of each day's file that exists, oldest first. */
async function readHistoryFiles(github, repo, branch, dates) {
    const found = new Array(dates.length);
    let next = 0;
    const worker = async () => {
        while (next < dates.length) {
            const index = next++;
            found[index] = await readDay(github, repo, branch, dates[index]);
        }
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL, dates.length) }, worker));
    return found.filter((entry) => entry !== undefined);
}
async function readDay(github, repo, branch, date) {
    const text = await (0,_src_kernel_status_history_js__WEBPACK_IMPORTED_MODULE_0__/* .readHistoryDay */ .by)(github, repo, branch, date);
    return text === undefined ? undefined : { date, text };
}


/***/ })

};
