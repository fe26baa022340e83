// Renders the decided model as a static site: `index.html` (no framework, no script), `status.json`
// (Statuspage's shape), `badge/<check>.json` (shields.io endpoint) and `uptime/<check>.json`.
import { escapeHtml } from '../../../src/kernel/text.ts';
import type { CheckStatus, ComponentStatus, DayFigures, IncidentView, StatusModel } from './model.ts';
import { formatUptime } from './status.ts';

const STATUS_WORDS: Readonly<Record<ComponentStatus, string>> = {
  operational: 'Operational',
  degraded_performance: 'Degraded performance',
  partial_outage: 'Partial outage',
  major_outage: 'Major outage',
  under_maintenance: 'Under maintenance',
};

const BANNER_WORDS: Readonly<Record<ComponentStatus, string>> = {
  operational: 'All systems operational',
  degraded_performance: 'Degraded performance',
  partial_outage: 'Partial outage',
  major_outage: 'Major outage',
  under_maintenance: 'Scheduled maintenance in progress',
};

/** Statuspage's page indicator for the banner state. */
const INDICATOR: Readonly<Record<ComponentStatus, string>> = {
  operational: 'none',
  degraded_performance: 'minor',
  partial_outage: 'major',
  major_outage: 'critical',
  under_maintenance: 'maintenance',
};

const IMPACT = { sev1: 'critical', sev2: 'major', sev3: 'minor', sev4: 'minor' } as const;

const BADGE_COLOURS: Readonly<Record<ComponentStatus, string>> = {
  operational: 'brightgreen',
  degraded_performance: 'yellow',
  partial_outage: 'orange',
  major_outage: 'red',
  under_maintenance: 'blue',
};

/** The bar's colour class for a day: by uptime; no counted sample is "none", only maintenance "maint". */
export function dayClass(day: DayFigures): string {
  if (day.uptime === null) return day.maintenance > 0 ? 'maint' : 'none';
  if (day.uptime >= 0.999) return 'up';
  if (day.uptime >= 0.99) return 'minor';
  if (day.uptime >= 0.95) return 'partial';
  return 'down';
}

/** The tooltip of a day's bar: `2026-11-30: 98.95% (94 of 95 rounds passed, 1 in maintenance)`. */
export function dayTooltip(day: DayFigures): string {
  const counted = day.passed + day.failed;
  const maintenance = day.maintenance > 0 ? `, ${day.maintenance} in maintenance` : '';
  if (day.uptime === null) return `${day.date}: no data${maintenance ? ` (${day.maintenance} in maintenance)` : ''}`;
  return `${day.date}: ${formatUptime(day.uptime)} (${day.passed} of ${counted} rounds passed${maintenance})`;
}

function time(iso: string): string {
  return `<time datetime="${escapeHtml(iso)}">${escapeHtml(
    iso
      .replace(/\.\d{3}Z$/, 'Z')
      .replace('T', ' ')
      .replace(/Z$/, ' UTC'),
  )}</time>`;
}

function describeInterval(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000} h`;
  if (ms % 60_000 === 0) return `${ms / 60_000} min`;
  return `${ms / 1000} s`;
}

function checkSection(check: CheckStatus, days: number): string {
  const bars = check.days
    .map((day) => `<li class="bar ${dayClass(day)}" title="${escapeHtml(dayTooltip(day))}"></li>`)
    .join('');
  const last = check.lastSampleAt ? `last sample ${time(check.lastSampleAt)}` : 'no sample yet';
  return `<section class="check" id="check-${check.slug}">
<h3><span class="name">${escapeHtml(check.spec.title)}</span> <span class="state s-${check.status}">${STATUS_WORDS[check.status]}</span>${check.stale ? ' <span class="stale-tag">stale</span>' : ''}</h3>
${check.spec.description ? `<p class="description">${escapeHtml(check.spec.description)}</p>` : ''}<ol class="bars" aria-label="${escapeHtml(check.spec.title)}: daily uptime, ${days} days">${bars}</ol>
<p class="figures"><span>${days} days ago</span><span><span class="uptime">${formatUptime(check.uptime)}</span> uptime (${check.passed} of ${check.counted} rounds passed) · ${last}</span><span>today</span></p>
</section>`;
}

function incidentItem(incident: IncidentView, withTimeline: boolean): string {
  const review = incident.reviewUrl
    ? ` · <a class="review" href="${escapeHtml(incident.reviewUrl)}">post-incident review #${incident.reviewNumber}</a>`
    : '';
  const timeline = withTimeline
    ? `<ol class="timeline">${incident.timeline
        .map(
          (entry) => `<li>${time(entry.at)} <strong>${escapeHtml(entry.state)}</strong> ${escapeHtml(entry.text)}</li>`,
        )
        .join('')}</ol>`
    : '';
  const resolved = incident.resolvedAt ? ` – resolved ${time(incident.resolvedAt)}` : '';
  return `<li class="incident sev-${incident.severity}"><a class="record" href="${escapeHtml(incident.url)}">${escapeHtml(incident.title)}</a> <span class="sev">${incident.severity.toUpperCase()}</span> <span class="istate">${incident.state}</span><br><small>${time(incident.createdAt)}${resolved} · record #${incident.number}${review}</small>${timeline}</li>`;
}

const STYLE = `
:root{color-scheme:light;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2328;background:#f6f8fa}
body{max-width:60rem;margin:0 auto;padding:1.5rem}
h1{font-size:1.6rem;margin:.2rem 0 1rem}
h2{font-size:1.15rem;margin:2rem 0 .6rem}
h3{font-size:1rem;margin:0 0 .5rem;display:flex;gap:.6rem;align-items:baseline}
.banner{padding:1rem 1.2rem;border-radius:8px;color:#fff;font-weight:600;font-size:1.2rem}
.b-operational{background:#1a7f37}.b-degraded_performance{background:#9a6700}.b-partial_outage{background:#bc4c00}
.b-major_outage{background:#cf222e}.b-under_maintenance{background:#0969da}
.stale{margin:.8rem 0;padding:.8rem 1rem;border:2px solid #bf8700;background:#fff8c5;border-radius:8px}
.check{background:#fff;border:1px solid #d0d7de;border-radius:8px;padding:1rem;margin:.8rem 0}
.state{font-size:.85rem;font-weight:600;margin-left:auto}
.s-operational{color:#1a7f37}.s-degraded_performance{color:#9a6700}.s-partial_outage{color:#bc4c00}
.s-major_outage{color:#cf222e}.s-under_maintenance{color:#0969da}
.stale-tag{font-size:.75rem;background:#fff8c5;border:1px solid #bf8700;border-radius:4px;padding:0 .3rem}
.bars{display:flex;gap:2px;list-style:none;padding:0;margin:.4rem 0;height:2.2rem}
.bar{flex:1;border-radius:2px;min-width:2px}
.up{background:#2da44e}.minor{background:#d4a72c}.partial{background:#fb8f44}.down{background:#cf222e}
.none{background:#d0d7de}.maint{background:#54aeff}
.figures{display:flex;justify-content:space-between;font-size:.8rem;color:#57606a;margin:0}
.uptime{font-weight:600;color:#1f2328}
.incident{margin:.6rem 0}.incident small{color:#57606a}
.sev{font-size:.75rem;border:1px solid #d0d7de;border-radius:4px;padding:0 .3rem}
.timeline{font-size:.85rem;color:#57606a}
.legend{font-size:.8rem;color:#57606a;display:flex;gap:1rem;flex-wrap:wrap;list-style:none;padding:0}
.legend span{display:inline-block;width:.8rem;height:.8rem;border-radius:2px;margin-right:.3rem;vertical-align:middle}
footer{margin-top:2rem;font-size:.8rem;color:#57606a}
`;

/** The page a person reads; every figure is in the HTML, tooltips are `title` attributes. */
export function renderIndex(model: StatusModel): string {
  const stale = model.stale
    ? `<p class="stale" role="alert"><strong>Stale:</strong> ${
        model.lastSampleAt
          ? `the newest sample is from ${time(model.lastSampleAt)}, more than 3 intervals (${describeInterval(3 * model.intervalMs)}) ago`
          : 'no sample has been recorded yet'
      }; the states below may be out of date.</p>`
    : '';
  const maintenance =
    model.maintenance.length === 0
      ? '<p>None scheduled.</p>'
      : `<ul class="maintenance">${model.maintenance
          .map(
            (period) =>
              `<li>${period.active ? '<strong>In progress:</strong> ' : ''}${escapeHtml(period.title)} · ${time(period.start.toISOString())} → ${time(period.end.toISOString())}${period.checks.length > 0 ? ` · ${escapeHtml(period.checks.join(', '))}` : ''}</li>`,
          )
          .join('')}</ul>`;
  const open =
    model.openIncidents.length === 0
      ? '<p>No open incidents.</p>'
      : `<ul class="open-incidents">${model.openIncidents.map((incident) => incidentItem(incident, true)).join('')}</ul>`;
  const past =
    model.pastIncidents.length === 0
      ? `<p>No incidents in the last ${model.days} days.</p>`
      : `<ul class="past-incidents">${model.pastIncidents.map((incident) => incidentItem(incident, false)).join('')}</ul>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(model.title)}</title>
<link rel="icon" href="data:,">
<link rel="alternate" type="application/json" href="status.json">
<style>${STYLE}</style>
</head>
<body>
<h1>${escapeHtml(model.title)}</h1>
<p class="banner b-${model.status}" role="status">${BANNER_WORDS[model.status]}</p>
${stale}<p class="last-sample">Last sample: ${model.lastSampleAt ? time(model.lastSampleAt) : 'none yet'} · samples expected every ${describeInterval(model.intervalMs)}</p>
<h2>Open incidents</h2>
${open}
<h2>Checks</h2>
<ul class="legend"><li><span class="up"></span>≥ 99.9%</li><li><span class="minor"></span>≥ 99%</li><li><span class="partial"></span>≥ 95%</li><li><span class="down"></span>&lt; 95%</li><li><span class="maint"></span>maintenance</li><li><span class="none"></span>no data</li></ul>
${model.checks.map((check) => checkSection(check, model.days)).join('\n')}
<h2>Scheduled maintenance</h2>
${maintenance}
<h2>Incident history (${model.days} days)</h2>
${past}
<footer>Generated ${time(model.generatedAt)} by shipshape status-page. Uptime = passed rounds / all rounds, maintenance excluded; a day without samples is "no data". <a href="status.json">status.json</a></footer>
</body>
</html>
`;
}

function incidentJson(incident: IncidentView) {
  return {
    id: String(incident.number),
    name: incident.title,
    status: incident.state,
    impact: IMPACT[incident.severity],
    severity: incident.severity,
    created_at: incident.createdAt,
    resolved_at: incident.resolvedAt ?? null,
    shortlink: incident.url,
    postmortem_url: incident.reviewUrl ?? null,
    incident_updates: incident.timeline.map((entry) => ({
      status: entry.state,
      body: entry.text,
      created_at: entry.at,
    })),
  };
}

/** Statuspage-like `status.json`. */
export function statusJson(model: StatusModel) {
  return {
    page: { name: model.title, updated_at: model.generatedAt },
    status: { indicator: INDICATOR[model.status], description: BANNER_WORDS[model.status] },
    stale: model.stale,
    last_sample_at: model.lastSampleAt ?? null,
    components: model.checks.map((check) => ({
      id: check.slug,
      name: check.spec.title,
      check: check.spec.name,
      description: check.spec.description ?? null,
      status: check.status,
      stale: check.stale,
      last_sample_at: check.lastSampleAt ?? null,
      uptime: check.uptime,
      uptime_days: model.days,
    })),
    incidents: model.openIncidents.map(incidentJson),
    past_incidents: model.pastIncidents.map(incidentJson),
    scheduled_maintenances: model.maintenance.map((period) => ({
      name: period.title,
      status: period.active ? 'in_progress' : 'scheduled',
      scheduled_for: period.start.toISOString(),
      scheduled_until: period.end.toISOString(),
      components: period.checks,
    })),
  };
}

/** shields.io endpoint: `https://img.shields.io/endpoint?url=<site>/badge/<check>.json`. */
export function badgeJson(check: CheckStatus) {
  return {
    schemaVersion: 1,
    label: check.spec.title,
    message: check.stale ? `stale · ${formatUptime(check.uptime)}` : formatUptime(check.uptime),
    color: check.stale ? 'lightgrey' : BADGE_COLOURS[check.status],
  };
}

export function uptimeJson(check: CheckStatus, model: StatusModel) {
  return {
    check: check.spec.name,
    title: check.spec.title,
    status: check.status,
    stale: check.stale,
    last_sample_at: check.lastSampleAt ?? null,
    window: { from: model.windowStart, to: model.generatedAt, days: model.days },
    uptime: check.uptime,
    uptime_percent: formatUptime(check.uptime),
    rounds: { counted: check.counted, passed: check.passed },
    days: check.days,
  };
}

/** Every file of the site, by its path relative to the output folder. */
export function renderSite(model: StatusModel): Map<string, string> {
  const files = new Map<string, string>();
  files.set('index.html', renderIndex(model));
  files.set('status.json', `${JSON.stringify(statusJson(model), null, 2)}\n`);
  for (const check of model.checks) {
    files.set(`badge/${check.slug}.json`, `${JSON.stringify(badgeJson(check))}\n`);
    files.set(`uptime/${check.slug}.json`, `${JSON.stringify(uptimeJson(check, model))}\n`);
  }
  return files;
}
