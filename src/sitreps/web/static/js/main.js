// The dashboard: wires the filters, the map, the timeline, the list and the incident panel to
// one state kept in the URL hash. Every change goes through `go`, which writes the hash (so the
// view has a permalink and the back button works) and then `apply`, which reloads only what the
// change affects.

import { getJSON, latestOnly } from "./api.js";
import { createMap } from "./map.js";
import { hasNextPage, pageLabel, renderLegend, renderRows } from "./list.js";
import { renderIncident } from "./panel.js";
import { FILTER_KEYS, filterQuery, readState, sameFilters, sameValues, stateHash } from "./state.js";
import { createTimeline } from "./timeline.js";

const PAGE = 50;
const $ = (id) => document.getElementById(id);
const ui = {
  form: $("filters"),
  summary: $("summary"),
  permalink: $("permalink"),
  error: $("error"),
  legend: $("legend"),
  rows: $("incident-rows"),
  pageInfo: $("page-info"),
  prev: $("prev"),
  next: $("next"),
  sort: $("sort"),
  list: $("list-area"),
  panel: $("panel"),
  panelBody: $("panel-body"),
  clearBrush: $("clear-brush"),
};

let current = null;
let lastPage = null;
let lastPoints = null;
let shadeCounts = null;

const map = createMap($("map"), {
  tilesUrl: document.body.dataset.tilesUrl,
  tilesAttribution: document.body.dataset.tilesAttribution,
  onSelect: (id) => go({ incident: id }),
  onMove: (zoom, center) => {
    const view = `${zoom}/${center.lat.toFixed(3)}/${center.lng.toFixed(3)}`;
    if (current && current.map !== view) go({ map: view }, { replace: true, quiet: true });
  },
});
const timeline = createTimeline($("timeline"), {
  onBrush: (range) => go({ date_from: range ? range.from : "", date_to: range ? range.to : "", offset: "" }),
});

const loadPoints = latestOnly((state) => getJSON("/api/points", filterQuery(state)));
const loadTimeline = latestOnly((state) => getJSON("/api/timeline", filterQuery(state, ["date_from", "date_to"])));
const loadPage = latestOnly((state) => {
  const params = filterQuery(state);
  params.set("limit", String(PAGE));
  params.set("offset", state.offset || "0");
  params.set("sort", state.sort || "date");
  return getJSON("/api/incidents", params);
});
const loadShading = latestOnly((state) => getJSON("/api/tallies/admin1", filterQuery(state)));
const loadIncident = latestOnly((id) => getJSON(`/api/incidents/${encodeURIComponent(id)}`));

// -- state ------------------------------------------------------------------------------------

function go(patch, { replace = false, quiet = false } = {}) {
  const next = { ...current, ...patch };
  for (const key of Object.keys(next)) if (!next[key]) delete next[key];
  const hash = stateHash(next);
  if (replace || hash === (window.location.hash || "#")) window.history.replaceState(null, "", hash);
  else window.history.pushState(null, "", hash);
  if (quiet) {
    current = next;
    ui.permalink.href = window.location.href;
  } else {
    apply(next);
  }
}

function apply(state) {
  const previous = current || {};
  const first = current === null;
  current = state;
  ui.permalink.href = window.location.href;
  fillForm(state);
  if (first || !sameFilters(previous, state)) refreshPoints(state, { frame: !(first && state.map) });
  if (first || !sameFilters(previous, state, ["date_from", "date_to"])) refreshTimeline(state);
  else timeline.select(dateRange(state));
  if (first || !sameFilters(previous, state) || !sameValues(previous, state, ["sort", "offset"])) refreshPage(state);
  if (first || !sameFilters(previous, state) || previous.shade !== state.shade) refreshShading(state);
  if (first || previous.incident !== state.incident) refreshIncident(state);
  if (state.map && state.map !== previous.map) map.setView(state.map);
}

function dateRange(state) {
  return state.date_from || state.date_to ? { from: state.date_from, to: state.date_to } : null;
}

function fillForm(state) {
  for (const key of FILTER_KEYS) ui.form.elements[key].value = state[key] || "";
  ui.form.elements.shade.checked = Boolean(state.shade);
  ui.sort.value = state.sort || "date";
  ui.clearBrush.hidden = !dateRange(state);
}

function formPatch() {
  const patch = { offset: "", shade: ui.form.elements.shade.checked ? "1" : "" };
  for (const key of FILTER_KEYS) patch[key] = ui.form.elements[key].value.trim();
  return patch;
}

// -- loading ----------------------------------------------------------------------------------

async function guarded(work) {
  try {
    await work();
    ui.error.hidden = true;
  } catch (error) {
    ui.error.textContent = error.message;
    ui.error.hidden = false;
  }
}

function refreshPoints(state, { frame }) {
  return guarded(async () => {
    const found = await loadPoints(state);
    if (!found) return;
    lastPoints = found;
    map.setPoints(found.points, found.groups);
    if (frame) map.frame(FILTER_KEYS.some((key) => state[key]));
    if (current.incident) map.select(current.incident);
    updateSummary();
  });
}

function refreshTimeline(state) {
  return guarded(async () => {
    const found = await loadTimeline(state);
    if (found) timeline.draw(found, dateRange(current));
  });
}

function refreshPage(state) {
  return guarded(async () => {
    const page = await loadPage(state);
    if (!page) return;
    lastPage = page;
    renderRows(ui.rows, page, current.incident, (id) => go({ incident: id }));
    ui.pageInfo.textContent = pageLabel(page);
    ui.prev.disabled = page.offset === 0;
    ui.next.disabled = !hasNextPage(page);
    updateSummary();
  });
}

function refreshShading(state) {
  if (!state.shade) {
    shadeCounts = null;
    map.shade(null);
    renderLegend(ui.legend, null);
    return Promise.resolve();
  }
  return guarded(async () => {
    const found = await loadShading(state);
    if (!found) return;
    shadeCounts = new Map(found.counts.filter((c) => c.key).map((c) => [c.key, c.count]));
    map.shade(shadeCounts);
    renderLegend(ui.legend, shadeCounts);
  });
}

function refreshIncident(state) {
  if (!state.incident) {
    ui.panel.hidden = true;
    ui.list.hidden = false;
    delete ui.panelBody.dataset.incident;
    map.select(null);
    return Promise.resolve();
  }
  return guarded(async () => {
    const found = await loadIncident(state.incident);
    if (!found) return;
    renderIncident(ui.panelBody, found.incident);
    ui.panel.hidden = false;
    ui.list.hidden = true;
    ui.panel.scrollTop = 0;
    map.select(found.incident.id);
  });
}

function updateSummary() {
  if (!lastPoints) return;
  const { total, mapped, groups } = lastPoints;
  const parts = [`${total.toLocaleString("en")} incidents match`, `${mapped.toLocaleString("en")} on the map`];
  if (total > mapped) parts.push(`${(total - mapped).toLocaleString("en")} without a place`);
  if (groups.length) parts.push("counted per place: narrow the filters or brush the timeline to see each incident");
  ui.summary.textContent = parts.join(" · ");
}

// -- events -----------------------------------------------------------------------------------

ui.form.addEventListener("submit", (event) => {
  event.preventDefault();
  go(formPatch());
});
ui.form.addEventListener("change", (event) => {
  if (event.target.name !== "text" && event.target.name !== "group") go(formPatch());
});
$("reset").addEventListener("click", () => {
  const cleared = Object.fromEntries([...FILTER_KEYS, "offset", "shade", "incident"].map((key) => [key, ""]));
  go(cleared);
});
ui.clearBrush.addEventListener("click", () => go({ date_from: "", date_to: "", offset: "" }));
ui.sort.addEventListener("change", () => go({ sort: ui.sort.value, offset: "" }));
ui.prev.addEventListener("click", () => go({ offset: String(Math.max(0, (lastPage?.offset || 0) - PAGE)) }));
ui.next.addEventListener("click", () => go({ offset: String((lastPage?.offset || 0) + PAGE) }));
$("close-panel").addEventListener("click", () => go({ incident: "" }));
window.addEventListener("popstate", () => apply(readState()));
window.addEventListener("hashchange", () => apply(readState()));

renderLegend(ui.legend, null);
apply(readState());
map.ready.catch((error) => {
  ui.error.textContent = error.message;
  ui.error.hidden = false;
});
