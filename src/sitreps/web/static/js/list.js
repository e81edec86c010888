// The list of incidents under the current filters, one page at a time, and the map legend.

import { el } from "./dom.js";
import { radiusFor, shadeLegend } from "./map.js";
import { TYPES, typeDot, typeLabel } from "./types.js";

export function renderRows(tbody, page, selectedId, onOpen) {
  tbody.replaceChildren(
    ...page.items.map((item) => {
      const open = el("button", { type: "button", className: "link", text: item.date || "undated", "data-id": item.id });
      open.addEventListener("click", () => onOpen(item.id));
      const place = item.place && item.admin1 && item.place !== item.admin1 ? `${item.place}, ${item.admin1}` : item.place || item.admin1 || item.country || "—";
      const row = el(
        "tr",
        { className: item.id === selectedId ? "selected" : null, "data-id": item.id },
        el("td", {}, open),
        el("td", {}, typeDot(item.attack_type), ` ${typeLabel(item.attack_type)} · ${item.target || "?"}`),
        el("td", { text: place, dir: "auto" }),
        el("td", { text: item.status }),
        el("td", { className: "number", text: item.sources.length, title: item.sources.join(", ") }),
      );
      return row;
    }),
  );
  if (!page.items.length) {
    tbody.append(el("tr", {}, el("td", { colspan: 5, className: "quiet", text: "No incident matches these filters." })));
  }
}

// A text search counts its matches only so far: its total is then a lower bound ("10,000+").
export function totalLabel(page) {
  return `${page.total.toLocaleString("en")}${page.total_exact === false ? "+" : ""}`;
}

export function pageLabel(page) {
  if (!page.total) return "0 of 0";
  return `${page.offset + 1}–${page.offset + page.items.length} of ${totalLabel(page)}`;
}

// Whether a later page exists: past a lower-bound total, a full page means there may be more.
export function hasNextPage(page) {
  if (page.total_exact === false) return page.items.length === page.limit;
  return page.offset + page.items.length < page.total;
}

export function renderLegend(container, shadeCounts) {
  const types = el("div", { className: "legend-group" }, el("strong", { text: "Attack type" }));
  for (const type of TYPES) types.append(el("div", {}, typeDot(type), ` ${typeLabel(type)}`));
  const sizes = el("div", { className: "legend-group" }, el("strong", { text: "Sources" }));
  for (const n of [1, 3, 6]) {
    const circle = el("span", { className: "size-dot" });
    const diameter = 2 * radiusFor(n);
    circle.style.width = `${diameter}px`;
    circle.style.height = `${diameter}px`;
    sizes.append(el("div", {}, circle, ` ${n}`));
  }
  sizes.append(el("div", { className: "quiet", text: "dashed: placed at the governorate seat" }));
  container.replaceChildren(types, sizes);
  if (shadeCounts) {
    const shades = el("div", { className: "legend-group" }, el("strong", { text: "Incidents per governorate" }));
    for (const row of shadeLegend(shadeCounts)) {
      const swatch = el("span", { className: "swatch" });
      swatch.style.backgroundColor = row.color;
      const label = row.low === row.high ? `${row.low}` : `${row.low}–${row.high}`;
      shades.append(el("div", {}, swatch, ` ${label}`));
    }
    container.append(shades);
  }
}
