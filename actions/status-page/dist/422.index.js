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
    try {
        const { data } = await github.rest.repos.getContent({ ...repo, path: (0,_src_kernel_status_history_js__WEBPACK_IMPORTED_MODULE_0__/* .historyPath */ .ae)(date), ref: branch });
        if (Array.isArray(data) || data.type !== 'file')
            return undefined;
        // The contents API leaves `content` empty for files over 1 MB; the blob API serves them.
        const base64 = data.content || data.size === 0
            ? data.content
            : (await github.rest.git.getBlob({ ...repo, file_sha: data.sha })).data.content;
        return { date, text: Buffer.from(base64 ?? '', 'base64').toString('utf8') };
    }
    catch (error) {
        if (error.status === 404)
            return undefined;
        throw error;
    }
}


/***/ })

};
