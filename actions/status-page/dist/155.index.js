export const id = 155;
export const ids = [155];
export const modules = {

/***/ 536:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  readIncidents: () => (/* binding */ readIncidents)
});

// UNUSED EXPORTS: bareTitle, incidentView, reviewOf

;// CONCATENATED MODULE: ./src/kernel/severity.ts
// Severity names, their aliases, ordering and response targets: the vocabulary every action shares.
const severity_SEVERITIES = ['sev1', 'sev2', 'sev3', 'sev4'];
/** Every accepted spelling (lower-cased) mapped to its canonical severity. */
const SEVERITY_ALIASES = {
    sev1: 'sev1',
    sev2: 'sev2',
    sev3: 'sev3',
    sev4: 'sev4',
    p0: 'sev1',
    p1: 'sev2',
    p2: 'sev3',
    p3: 'sev4',
    critical: 'sev1',
    high: 'sev2',
    medium: 'sev3',
    low: 'sev4',
};
const SEVERITY_HINT = 'one of sev1, sev2, sev3, sev4 (or p0..p3, critical, high, medium, low)';
const severity_SEVERITY_INFO = {
    sev1: { responseTarget: '15 min', responseMinutes: 15, meaning: 'Critical', color: 'b60205' },
    sev2: { responseTarget: '1 h', responseMinutes: 60, meaning: 'High', color: 'd93f0b' },
    sev3: { responseTarget: '4 h', responseMinutes: 240, meaning: 'Medium', color: 'fbca04' },
    sev4: { responseTarget: '24 h', responseMinutes: 1440, meaning: 'Low', color: 'fef2c0' },
};
/** The canonical severity for any accepted spelling; own keys only, so `__proto__` is no severity. */
function canonicalSeverity(text) {
    const key = text.trim().toLowerCase();
    return Object.hasOwn(SEVERITY_ALIASES, key) ? SEVERITY_ALIASES[key] : undefined;
}
/** True when `a` is more severe than `b` (sev1 is the most severe). */
function isMoreSevere(a, b) {
    return severity_SEVERITIES.indexOf(a) < severity_SEVERITIES.indexOf(b);
}
/** The most severe `sevN` among label names, if any. */
function severityFromLabels(labels) {
    const found = labels
        .map((label) => label.toLowerCase())
        .filter((label) => severity_SEVERITIES.includes(label));
    return severity_SEVERITIES.find((severity) => found.includes(severity));
}
/** `[SEV2]` — the prefix a record's title carries. */
function titlePrefix(severity) {
    return `[${severity.toUpperCase()}]`;
}

;// CONCATENATED MODULE: ./src/kernel/incident-labels.ts
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

;// CONCATENATED MODULE: ./actions/status-page/src/incidents.ts


// The incident action's hidden markers (first lines of a body or comment); only these identify anything.
const RECORD_MARKER = /^<!-- shipshape:fingerprint=(\S+) -->$/;
const FACTS_MARKER = /^<!-- shipshape:facts (\{.*\}) -->$/;
const UPDATE_MARKER = /^<!-- shipshape:update (\{.*\}) -->$/;
const REVIEW_MARKER = /^<!-- shipshape:review-of=#(\d+) -->$/;
function firstLines(body, count) {
    return body.split(/\r?\n/, count);
}
function jsonObject(text) {
    if (!text)
        return undefined;
    try {
        const value = JSON.parse(text);
        return value && typeof value === 'object' && !Array.isArray(value) ? value : undefined;
    }
    catch {
        return undefined;
    }
}
/** `[SEV2] Checkout returns 502` → `Checkout returns 502`. */
function bareTitle(title) {
    return title.replace(/^\[SEV[1-4]\]\s*/i, '');
}
/** The record a review is of, from the review's first line; undefined for anything else. */
function reviewOf(body) {
    const match = REVIEW_MARKER.exec(firstLines(body, 1)[0] ?? '');
    return match ? Number(match[1]) : undefined;
}
const UPDATE_TEXT = {
    seen: { text: () => 'Seen again' },
    acknowledged: {
        state: 'identified',
        text: (mark) => (typeof mark.by === 'string' ? `Acknowledged by ${mark.by}` : 'Acknowledged'),
    },
    escalation: { text: () => 'Escalated' },
    resolved: { state: 'resolved', text: () => 'Resolved' },
};
/** What the page shows of a record: Statuspage's states from the labels, the timeline from the marks. */
function incidentView(record, review) {
    const [markerLine = '', factsLine = ''] = firstLines(record.body, 2);
    const fingerprint = RECORD_MARKER.exec(markerLine)?.[1];
    const facts = jsonObject(FACTS_MARKER.exec(factsLine)?.[1]);
    const severity = severityFromLabels(record.labels) ?? 'sev3';
    const detectedAt = typeof facts?.detectedAt === 'string' ? facts.detectedAt : record.createdAt;
    const timeline = [{ at: detectedAt, state: 'investigating', text: 'Detected' }];
    let acknowledged = false;
    for (const comment of record.comments) {
        if (comment.author !== record.author)
            continue;
        const mark = jsonObject(UPDATE_MARKER.exec(firstLines(comment.body, 1)[0] ?? '')?.[1]);
        const kind = typeof mark?.kind === 'string' && Object.hasOwn(UPDATE_TEXT, mark.kind) ? UPDATE_TEXT[mark.kind] : undefined;
        if (!mark || !kind)
            continue;
        if (kind.state === 'identified')
            acknowledged = true;
        const previous = timeline[timeline.length - 1].state;
        timeline.push({
            at: typeof mark.at === 'string' ? mark.at : comment.createdAt,
            state: kind.state ?? previous,
            text: kind.text(mark),
        });
    }
    const labels = record.labels.map((label) => label.toLowerCase());
    const state = record.state === 'closed' || labels.includes('status:resolved')
        ? 'resolved'
        : labels.includes('status:mitigated')
            ? 'monitoring'
            : acknowledged
                ? 'identified'
                : 'investigating';
    if (labels.includes('status:mitigated') && state === 'monitoring') {
        timeline.push({ at: timeline[timeline.length - 1].at, state: 'monitoring', text: 'Mitigated; monitoring' });
    }
    if (state === 'resolved' && record.closedAt && !timeline.some((entry) => entry.state === 'resolved')) {
        timeline.push({ at: record.closedAt, state: 'resolved', text: 'Resolved' });
    }
    timeline.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
    return {
        number: record.number,
        title: bareTitle(record.title),
        url: record.htmlUrl,
        severity,
        ...(fingerprint ? { fingerprint } : {}),
        state,
        createdAt: detectedAt,
        ...(state === 'resolved' && record.closedAt ? { resolvedAt: record.closedAt } : {}),
        ...(review ? { reviewUrl: review.htmlUrl, reviewNumber: review.number } : {}),
        timeline,
    };
}
/** Records updated since `since` and every open one, their reviews, and comments of the open ones. */
async function readIncidents(github, repo, since) {
    const list = (labels, state) => github.paginate(github.rest.issues.listForRepo, {
        ...repo,
        labels,
        state,
        // `since` filters on the last update: an open record untouched for months must still show.
        ...(state === 'all' ? { since: since.toISOString() } : {}),
        per_page: 100,
    });
    const [open, recent, reviews] = await Promise.all([
        list(INCIDENT_LABEL, 'open'),
        list(INCIDENT_LABEL, 'all'),
        list(POSTMORTEM_LABEL, 'all'),
    ]);
    const records = [...new Map([...recent, ...open].map((issue) => [issue.number, issue])).values()];
    const reviewByRecord = new Map();
    for (const review of reviews) {
        if (review.pull_request)
            continue;
        const of = reviewOf(review.body ?? '');
        if (of !== undefined && !reviewByRecord.has(of)) {
            reviewByRecord.set(of, { number: review.number, htmlUrl: review.html_url, body: review.body ?? '' });
        }
    }
    const views = [];
    for (const issue of records) {
        if (issue.pull_request)
            continue;
        const open = issue.state === 'open';
        const comments = open
            ? (await github.paginate(github.rest.issues.listComments, { ...repo, issue_number: issue.number, per_page: 100 })).map((comment) => ({
                author: comment.user?.login ?? '',
                body: comment.body ?? '',
                createdAt: comment.created_at,
            }))
            : [];
        views.push(incidentView({
            number: issue.number,
            title: issue.title,
            htmlUrl: issue.html_url,
            state: open ? 'open' : 'closed',
            labels: issue.labels.map((label) => (typeof label === 'string' ? label : (label.name ?? ''))),
            body: issue.body ?? '',
            author: issue.user?.login ?? '',
            createdAt: issue.created_at,
            ...(issue.closed_at ? { closedAt: issue.closed_at } : {}),
            comments,
        }, reviewByRecord.get(issue.number)));
    }
    return views;
}


/***/ })

};
