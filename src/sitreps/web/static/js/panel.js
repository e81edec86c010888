// The incident panel: the merged fields (each with the rule that chose it), the status, every
// source with outlet and date, what the sources disagree on, and each article's text with the
// evidence for this incident highlighted. Everything is built with textContent.

import { el, safeHref } from "./dom.js";
import { typeDot, typeLabel } from "./types.js";

const FIELD_LABELS = {
  attack_type: "type",
  target: "target",
  target_owner: "whose target",
  date: "date",
  place: "place",
  claimed_by: "claimed by",
  blamed_on: "blamed on",
  blamed_by: "blamed by",
  denied_by: "denied by",
  killed: "killed",
  injured: "injured",
  damage: "damage",
  cited_sources: "cited source",
  trigger: "attack words",
};

export function renderIncident(container, incident) {
  const reportsById = new Map(incident.reports.map((report) => [report.id, report]));
  const sourceOf = (reportId) => {
    const report = reportsById.get(reportId);
    return report ? report.article.name : reportId;
  };
  container.replaceChildren(
    header(incident),
    mergedFields(incident, sourceOf),
    disagreements(incident, sourceOf),
    sources(incident),
    ...articles(incident),
  );
  container.dataset.incident = incident.id;
}

function header(incident) {
  return el(
    "header",
    { className: "incident-head" },
    typeDot(incident.attack_type),
    el("h2", { text: `${typeLabel(incident.attack_type)} · ${incident.target || "unknown target"}` }),
    el("span", { className: `status status-${incident.status}`, text: incident.status }),
    el("div", { className: "incident-id", text: incident.id }),
  );
}

function mergedFields(incident, sourceOf) {
  const rule = (name) => {
    const merged = incident.merged[name];
    if (!merged) return null;
    return `${merged.rule} (from ${merged.report_ids.map(sourceOf).join(", ") || "no source"})`;
  };
  const place = [incident.place, incident.admin1, incident.country].filter(Boolean).join(", ");
  const coordinates = incident.lat !== null && incident.lon !== null ? `${incident.lat.toFixed(3)}, ${incident.lon.toFixed(3)}` : null;
  const rows = [
    ["Date", incident.date ? `${incident.date} (${incident.date_precision})` : "unknown", rule("date")],
    ["Place", place || "unknown", rule("place")],
    ["Coordinates", coordinates || "none (drawn at the governorate seat, if known)", null],
    ["Attack type", typeLabel(incident.attack_type), rule("attack_type")],
    ["Target", incident.target || "unknown", rule("target")],
    ["Status", incident.status, null],
    ["Claimed by", incident.claimed_by.join("; ") || "nobody", null],
    ["Denied by", incident.denied_by.join("; ") || "nobody", null],
    ["Killed", toll(incident.killed), null],
    ["Injured", toll(incident.injured), null],
  ];
  const list = el("dl", { className: "merged" });
  for (const [label, value, why] of rows) {
    list.append(el("dt", { text: label }), el("dd", { text: value, title: why, dir: "auto" }));
  }
  return el("section", {}, el("h3", { text: "What the sources say, merged" }), list);
}

function toll(range) {
  if (range.best === null && range.low === null && range.high === null) return "not reported";
  if (range.low === range.high) return String(range.best ?? range.low);
  return `${range.best ?? "?"} (sources say ${range.low ?? "?"} to ${range.high ?? "?"})`;
}

function disagreements(incident, sourceOf) {
  const section = el("section", { className: "disagreements" }, el("h3", { text: "Where the sources disagree" }));
  if (!incident.disagreements.length) {
    section.append(el("p", { className: "quiet", text: "Nowhere: the sources agree on every field they give." }));
    return section;
  }
  const list = el("ul");
  for (const disagreement of incident.disagreements) {
    const values = disagreement.values.map((v) => `${sourceOf(v.report_id)}: ${v.value}`).join(" · ");
    list.append(el("li", {}, el("strong", { text: FIELD_LABELS[disagreement.field] || disagreement.field }), " — ", el("span", { text: values, dir: "auto" })));
  }
  section.append(list);
  return section;
}

function sources(incident) {
  const list = el("ol", { className: "sources" });
  for (const report of incident.reports) {
    const article = report.article;
    const href = article.url ? safeHref(article.url) : null;
    const title = article.title || article.external_id || article.id;
    list.append(
      el(
        "li",
        {},
        el("strong", { text: article.name, dir: "auto" }),
        ` · ${article.published || "undated"} · ${report.role} report · `,
        href ? el("a", { href, rel: "noopener noreferrer nofollow", target: "_blank", text: title, dir: "auto" }) : el("span", { text: title, dir: "auto" }),
      ),
    );
  }
  return el("section", {}, el("h3", { text: `Sources (${incident.reports.length})` }), list);
}

// One block per article (two reports of one incident may come from the same article), with the
// evidence of all its reports for this incident.
function articles(incident) {
  const byArticle = new Map();
  for (const report of incident.reports) {
    const entry = byArticle.get(report.article.id) || { article: report.article, evidence: [] };
    entry.evidence.push(...report.evidence);
    byArticle.set(report.article.id, entry);
  }
  return [...byArticle.values()].map(({ article, evidence }) => {
    const rtl = (article.language || "").toLowerCase().startsWith("ar");
    const text = el("div", { className: "article-text", dir: rtl ? "rtl" : "ltr", lang: article.language || null });
    text.append(...highlighted(article.text, evidence));
    return el(
      "section",
      { className: "article" },
      el("h3", {}, "Article: ", el("span", { text: article.name, dir: "auto" }), ` · ${article.published || "undated"}`),
      article.title ? el("p", { className: "article-title", text: article.title, dir: "auto" }) : null,
      text,
    );
  });
}

// The text cut at every span boundary; each piece inside a span is a <mark> naming the fields it
// supports. Offsets count Unicode code points (as Python does), not UTF-16 units.
export function highlighted(text, evidence) {
  const chars = Array.from(text);
  const spans = evidence.filter((e) => e.start < e.end && e.end <= chars.length);
  const cuts = [...new Set([0, chars.length, ...spans.flatMap((e) => [e.start, e.end])])].sort((a, b) => a - b);
  const pieces = [];
  for (let i = 0; i + 1 < cuts.length; i += 1) {
    const [start, end] = [cuts[i], cuts[i + 1]];
    const piece = chars.slice(start, end).join("");
    const covering = spans.filter((e) => e.start <= start && end <= e.end);
    if (!covering.length) {
      pieces.push(document.createTextNode(piece));
      continue;
    }
    const narrowest = covering.reduce((a, b) => (b.end - b.start < a.end - a.start ? b : a));
    const fields = [...new Set(covering.map((e) => FIELD_LABELS[e.field] || e.field))];
    pieces.push(
      el("mark", {
        className: `evidence field-${narrowest.field}${covering.length > 1 ? " nested" : ""}`,
        "data-fields": covering.map((e) => e.field).join(" "),
        title: `evidence for: ${fields.join(", ")}`,
        text: piece,
      }),
    );
  }
  return pieces;
}
