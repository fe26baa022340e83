export const id = 46;
export const ids = [46];
export const modules = {

/***/ 5046:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   incidentRecords: () => (/* binding */ incidentRecords)
/* harmony export */ });
/* unused harmony export isAmbiguous */
/* harmony import */ var _src_kernel_incident_labels_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6891);
/* harmony import */ var _markers_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8899);


/** Attempts of a write that must happen once; between them the action looks for the first one's work. */
const WRITE_ATTEMPTS = 3;
const NO_AUTOMATIC_RETRY = { request: { retries: 0 } };
/** A claim label's description starts with this, then the claiming run's nonce and time. */
const CLAIM_DESCRIPTION = 'shipshape escalation claim';
function toRecord(issue) {
    return {
        number: issue.number,
        title: issue.title,
        body: issue.body ?? '',
        labels: issue.labels.map((label) => (typeof label === 'string' ? label : (label.name ?? ''))).filter(Boolean),
        assignees: (issue.assignees ?? []).map((user) => user.login),
        author: issue.user?.login ?? '',
        createdAt: issue.created_at,
        htmlUrl: issue.html_url,
        state: issue.state === 'closed' ? 'closed' : 'open',
    };
}
/** A failure after which GitHub may or may not have done the work: 5xx, timeout, reset. */
function isAmbiguous(error) {
    const status = error?.status;
    return typeof status !== 'number' || status >= 500;
}
function status(error) {
    const value = error?.status;
    return typeof value === 'number' ? value : undefined;
}
function incidentRecords(github, repo, log, pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms))) {
    let repoLabels;
    /** Sends `write` once; after an ambiguous failure looks with `find` and sends again only if nothing is there. */
    async function writeOnce(what, write, find) {
        for (let attempt = 1;; attempt++) {
            try {
                return await write();
            }
            catch (error) {
                if (!isAmbiguous(error) || attempt >= WRITE_ATTEMPTS)
                    throw error;
                log.warning(`${what}: GitHub answered ${status(error) ?? 'nothing'}; looking whether it was written.`);
                await pause(500 * attempt);
                const found = await find();
                if (found !== undefined) {
                    log.info(`${what}: it was written; not sending it again.`);
                    return found;
                }
            }
        }
    }
    const records = {
        /** Every open issue labelled `incident` (all pages, pull requests skipped); no search API. */
        async listOpen(options = {}) {
            const found = [];
            const knownLabels = new Set();
            let serverTime;
            for await (const page of github.paginate.iterator(github.rest.issues.listForRepo, {
                ...repo,
                state: 'open',
                labels: _src_kernel_incident_labels_js__WEBPACK_IMPORTED_MODULE_0__/* .INCIDENT_LABEL */ .MY,
                per_page: 100,
                sort: 'created',
                direction: 'asc',
                ...(options.since ? { since: options.since.toISOString() } : {}),
            })) {
                if (!serverTime && page.headers.date)
                    serverTime = new Date(page.headers.date);
                for (const issue of page.data) {
                    if (issue.pull_request)
                        continue;
                    const record = toRecord(issue);
                    for (const label of record.labels)
                        knownLabels.add(label.toLowerCase());
                    found.push(record);
                }
            }
            return { records: found, knownLabels, serverTime };
        },
        /** Incident issues closed recently (one page, most recently updated first). */
        async listRecentlyClosed(since) {
            const { data } = await github.rest.issues.listForRepo({
                ...repo,
                state: 'closed',
                labels: _src_kernel_incident_labels_js__WEBPACK_IMPORTED_MODULE_0__/* .INCIDENT_LABEL */ .MY,
                sort: 'updated',
                direction: 'desc',
                per_page: 100,
                since: since.toISOString(),
            });
            return data.filter((issue) => !issue.pull_request).map((issue) => toRecord(issue));
        },
        async get(number) {
            try {
                const { data } = await github.rest.issues.get({ ...repo, issue_number: number });
                return data.pull_request ? undefined : toRecord(data);
            }
            catch (error) {
                if (status(error) === 404 || status(error) === 410)
                    return undefined;
                throw error;
            }
        },
        /**
         * Creates the managed labels that do not exist, with colour and description. Labels seen on
         * listed records are known; for any other, the repository's labels are read once (a read, not a
         * write). A label that exists is left exactly as the team styled it.
         */
        async ensureLabels(names, known) {
            const created = [];
            const unknown = names.filter((name) => !known.has(name.toLowerCase()) && (0,_src_kernel_incident_labels_js__WEBPACK_IMPORTED_MODULE_0__/* .labelSpec */ .wQ)(name));
            if (unknown.length === 0)
                return created;
            if (!repoLabels) {
                repoLabels = new Set();
                for await (const page of github.paginate.iterator(github.rest.issues.listLabelsForRepo, {
                    ...repo,
                    per_page: 100,
                })) {
                    for (const label of page.data)
                        repoLabels.add(label.name.toLowerCase());
                }
            }
            for (const name of unknown) {
                const spec = (0,_src_kernel_incident_labels_js__WEBPACK_IMPORTED_MODULE_0__/* .labelSpec */ .wQ)(name);
                if (!spec || repoLabels.has(name.toLowerCase())) {
                    known.add(name.toLowerCase());
                    continue;
                }
                try {
                    await github.rest.issues.createLabel({ ...repo, ...spec });
                    created.push(name);
                }
                catch (error) {
                    // 422 already_exists: another run created it a moment ago.
                    if (status(error) !== 422)
                        throw error;
                }
                known.add(name.toLowerCase());
                repoLabels.add(name.toLowerCase());
            }
            return created;
        },
        /** Creates a record; a lost answer may make a second one, which the race re-list closes. */
        async create(fields) {
            const { data } = await github.rest.issues.create({ ...repo, ...fields });
            return toRecord(data);
        },
        /** Every comment on an issue, oldest first. */
        async comments(number) {
            const all = [];
            for await (const page of github.paginate.iterator(github.rest.issues.listComments, {
                ...repo,
                issue_number: number,
                per_page: 100,
            })) {
                for (const comment of page.data) {
                    all.push({
                        id: comment.id,
                        body: comment.body ?? '',
                        author: comment.user?.login ?? '',
                        createdAt: comment.created_at,
                    });
                }
            }
            return all;
        },
        /**
         * Posts a comment that starts with the update mark `updateId` once: not when `existing` (or, after
         * an ambiguous failure, the issue's comments) already holds a comment by `author` with that mark.
         */
        async commentOnce(number, updateId, body, existing, author) {
            const ours = (comment) => comment.author === author && (0,_markers_js__WEBPACK_IMPORTED_MODULE_1__/* .readUpdateMark */ .v7)(comment.body)?.id === updateId;
            const found = existing.find(ours);
            if (found)
                return { outcome: 'already-there', comment: found };
            return writeOnce(`Comment on #${number}`, async () => {
                const { data } = await github.rest.issues.createComment({
                    ...repo,
                    issue_number: number,
                    body,
                    ...NO_AUTOMATIC_RETRY,
                });
                const comment = {
                    id: data.id,
                    body: data.body ?? body,
                    author: data.user?.login ?? author,
                    createdAt: data.created_at,
                };
                return { outcome: 'posted', comment };
            }, async () => {
                const comment = (await records.comments(number)).find(ours);
                return comment ? { outcome: 'already-there', comment } : undefined;
            });
        },
        /** Replaces a comment's text (appending a delivery mark); not a content-creating request, so not spaced out. */
        async updateComment(id, body) {
            await github.rest.issues.updateComment({ ...repo, comment_id: id, body });
        },
        /** The review of record `recordNumber`, by `author`, created since `since` (open or closed). */
        async findReview(recordNumber, author, since) {
            for await (const page of github.paginate.iterator(github.rest.issues.listForRepo, {
                ...repo,
                state: 'all',
                labels: _src_kernel_incident_labels_js__WEBPACK_IMPORTED_MODULE_0__/* .POSTMORTEM_LABEL */ .m5,
                per_page: 100,
                since: since.toISOString(),
            })) {
                for (const issue of page.data) {
                    if (issue.pull_request)
                        continue;
                    const review = toRecord(issue);
                    if (review.author === author && (0,_markers_js__WEBPACK_IMPORTED_MODULE_1__/* .reviewOf */ .QR)(review.body) === recordNumber)
                        return review;
                }
            }
            return undefined;
        },
        /** Creates the review once: found (not re-created) after an ambiguous failure. */
        async createReviewOnce(recordNumber, author, since, fields) {
            return writeOnce(`Post-incident review of #${recordNumber}`, async () => toRecord((await github.rest.issues.create({ ...repo, ...fields, ...NO_AUTOMATIC_RETRY })).data), () => records.findReview(recordNumber, author, since));
        },
        /**
         * Takes the claim `name` (a repository label: creating one is atomic, GitHub answers 422 to the
         * second creator, and a label notifies nobody). True when this run holds it: created now, created
         * by this run before a lost answer (its description carries `nonce`), or taken over from a run
         * that left it behind more than `staleAfterMs` ago (it died between claim and release).
         */
        async claim(name, nonce, now, staleAfterMs) {
            const description = `${CLAIM_DESCRIPTION} ${nonce} ${now.toISOString()}`;
            const create = async () => {
                try {
                    await github.rest.issues.createLabel({ ...repo, name, color: 'ededed', description });
                    return true;
                }
                catch (error) {
                    if (status(error) === 422)
                        return false;
                    throw error;
                }
            };
            if (await create())
                return true;
            let holder;
            try {
                const { data } = await github.rest.issues.getLabel({ ...repo, name });
                const [claimNonce, at] = (data.description ?? '').slice(CLAIM_DESCRIPTION.length).trim().split(' ');
                holder = { nonce: claimNonce, at: Date.parse(at ?? '') };
            }
            catch (error) {
                // Released between our create and this read: try once more.
                if (status(error) === 404)
                    return create();
                throw error;
            }
            if (holder.nonce === nonce)
                return true;
            if (Number.isNaN(holder.at) || now.getTime() - holder.at > staleAfterMs) {
                await records.release(name);
                return create();
            }
            return false;
        },
        /** Gives a claim up (a claim already gone is fine). */
        async release(name) {
            try {
                await github.rest.issues.deleteLabel({ ...repo, name });
            }
            catch (error) {
                if (status(error) !== 404)
                    throw error;
            }
        },
        async comment(number, body) {
            await github.rest.issues.createComment({ ...repo, issue_number: number, body });
        },
        /** Sets fields; idempotent (closing a closed issue changes nothing), so the client's retries are safe. */
        async update(number, fields) {
            const { data } = await github.rest.issues.update({ ...repo, issue_number: number, ...fields });
            return toRecord(data);
        },
        /** Assigns after the record exists, so a login that cannot be assigned only warns. */
        async assign(number, logins) {
            if (logins.length === 0)
                return;
            try {
                const { data } = await github.rest.issues.addAssignees({
                    ...repo,
                    issue_number: number,
                    assignees: [...logins],
                });
                const assigned = new Set((data.assignees ?? []).map((user) => user.login.toLowerCase()));
                const missing = logins.filter((login) => !assigned.has(login.toLowerCase()));
                if (missing.length > 0) {
                    log.warning(`Could not assign ${missing.join(', ')} to #${number}: not a collaborator with access to the repository.`);
                }
            }
            catch (error) {
                log.warning(`Could not assign ${logins.join(', ')} to #${number}: ${error.message}`);
            }
        },
    };
    return records;
}


/***/ })

};
