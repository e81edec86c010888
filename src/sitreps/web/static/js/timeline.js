// The timeline: incidents per ISO week, stacked by attack type, in plain SVG. Incidents dated
// only to a month or a year are drawn as a pale band across that period, as high as their
// weekly average, so their area is their number. Dragging across the weeks selects a date
// range (snapped to whole weeks), which the dashboard applies as its date filter.

import { svg } from "./dom.js";
import { TYPES, typeColor, typeLabel } from "./types.js";

const DAY_MS = 86_400_000;
const HEIGHT = 150;
const MARGIN = { top: 8, right: 12, bottom: 22, left: 34 };
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

export function dayNumber(iso) {
  return Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / DAY_MS;
}

export function isoDay(day) {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

// Monday of the ISO week holding `day` (day 0, 1 January 1970, was a Thursday).
export function weekStart(day) {
  const whole = Math.floor(day);
  return whole - ((((whole + 3) % 7) + 7) % 7);
}

export function createTimeline(node, { onBrush }) {
  let scale = null;
  let selection = null;
  let drag = null;
  const brushRect = () => node.querySelector(".brush");

  node.addEventListener("pointerdown", (event) => {
    if (!scale) return;
    node.setPointerCapture(event.pointerId);
    drag = { from: scale.dayAt(localX(node, event)) };
    drag.to = drag.from;
    drawBrush(node, scale, [drag.from, drag.to]);
  });
  node.addEventListener("pointermove", (event) => {
    if (!drag) return;
    drag.to = scale.dayAt(localX(node, event));
    drawBrush(node, scale, ordered(drag.from, drag.to));
  });
  node.addEventListener("pointerup", (event) => {
    if (!drag) return;
    drag.to = scale.dayAt(localX(node, event));
    const [low, high] = ordered(drag.from, drag.to);
    drag = null;
    if (Math.abs(scale.x(high) - scale.x(low)) < 4) {
      onBrush(null); // a click, not a drag: clear the dates
      return;
    }
    onBrush({ from: isoDay(weekStart(low)), to: isoDay(weekStart(high) + 6) });
  });

  return {
    draw(data, range) {
      scale = drawTimeline(node, data);
      this.select(range);
    },
    // range: {from, to} as ISO days, or null
    select(range) {
      selection = range;
      if (!scale) return;
      if (!selection) {
        const rect = brushRect();
        if (rect) rect.remove();
        delete node.dataset.brushed;
        return;
      }
      const low = Math.max(scale.first, selection.from ? dayNumber(selection.from) : scale.first);
      const high = Math.min(scale.last - 1, selection.to ? dayNumber(selection.to) : scale.last);
      drawBrush(node, scale, [low, high]);
      node.dataset.brushed = `${selection.from || ""}/${selection.to || ""}`;
    },
  };
}

function drawTimeline(node, data) {
  node.replaceChildren();
  const width = Math.max(300, node.clientWidth || 600);
  node.setAttribute("viewBox", `0 0 ${width} ${HEIGHT}`);
  node.setAttribute("height", String(HEIGHT));
  const periods = [...data.weeks.map((w) => ({ ...w, end: isoDay(dayNumber(w.start) + 6) })), ...data.coarser];
  node.dataset.weeks = String(data.weeks.length);
  if (!periods.length) {
    node.append(svg("text", { x: width / 2, y: HEIGHT / 2, "text-anchor": "middle", class: "empty", text: "No dated incidents" }));
    return null;
  }
  const first = weekStart(Math.min(...periods.map((p) => dayNumber(p.start))));
  const last = weekStart(Math.max(...periods.map((p) => dayNumber(p.end)))) + 7;
  const innerWidth = width - MARGIN.left - MARGIN.right;
  const innerHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const x = (day) => MARGIN.left + ((day - first) / (last - first)) * innerWidth;
  const weekly = (p) => total(p.counts) / Math.max(1, (dayNumber(p.end) - dayNumber(p.start) + 1) / 7);
  const peak = Math.max(1, ...data.weeks.map((w) => total(w.counts)), ...data.coarser.map(weekly));
  const y = (n) => (n / peak) * innerHeight;
  const base = MARGIN.top + innerHeight;

  for (const period of data.coarser) {
    const left = x(dayNumber(period.start));
    const right = x(dayNumber(period.end) + 1);
    const band = svg("rect", { x: left, y: base - y(weekly(period)), width: Math.max(1, right - left), height: y(weekly(period)), class: "coarse" });
    band.append(svg("title", { text: `${total(period.counts)} incidents dated only to ${period.period}` }));
    node.append(band);
  }
  const barWidth = Math.max(1, x(first + 7) - x(first) - 1);
  for (const week of data.weeks) {
    let top = base;
    const left = x(dayNumber(week.start));
    for (const type of TYPES) {
      const n = week.counts[type] || 0;
      if (!n) continue;
      top -= y(n);
      const bar = svg("rect", { x: left, y: top, width: barWidth, height: y(n), fill: typeColor(type), class: "bar" });
      bar.append(svg("title", { text: `${week.week}: ${n} ${typeLabel(type)}` }));
      node.append(bar);
    }
  }
  drawAxes(node, x, first, last, base, peak, innerHeight);
  return { x, first, last, dayAt: (px) => Math.min(last - 1, Math.max(first, first + ((px - MARGIN.left) / innerWidth) * (last - first))) };
}

function drawAxes(node, x, first, last, base, peak, innerHeight) {
  node.append(svg("line", { x1: MARGIN.left, x2: x(last), y1: base, y2: base, class: "axis" }));
  const years = (last - first) / 365;
  const stepMonths = years > 6 ? 12 : years > 2 ? 6 : years > 1 ? 3 : 1;
  const start = new Date(first * DAY_MS);
  for (let month = start.getUTCFullYear() * 12 + start.getUTCMonth() + 1; ; month += 1) {
    const day = Date.UTC(Math.floor(month / 12), month % 12, 1) / DAY_MS;
    if (day >= last) break;
    if (month % stepMonths) continue;
    const label = month % 12 === 0 ? String(Math.floor(month / 12)) : MONTHS[month % 12];
    node.append(svg("line", { x1: x(day), x2: x(day), y1: base, y2: base + 4, class: "tick" }));
    node.append(svg("text", { x: x(day), y: base + 16, "text-anchor": "middle", class: "tick-label", text: label }));
  }
  node.append(svg("text", { x: MARGIN.left - 6, y: base - innerHeight + 8, "text-anchor": "end", class: "tick-label", text: String(Math.ceil(peak)) }));
  node.append(svg("text", { x: MARGIN.left - 6, y: base, "text-anchor": "end", class: "tick-label", text: "0" }));
}

function drawBrush(node, scale, [low, high]) {
  let rect = node.querySelector(".brush");
  if (!rect) {
    rect = svg("rect", { class: "brush" });
    node.append(rect);
  }
  const left = scale.x(weekStart(low));
  const right = scale.x(weekStart(high) + 7);
  rect.setAttribute("x", String(left));
  rect.setAttribute("y", String(MARGIN.top));
  rect.setAttribute("width", String(Math.max(1, right - left)));
  rect.setAttribute("height", String(HEIGHT - MARGIN.top - MARGIN.bottom));
}

function localX(node, event) {
  const box = node.getBoundingClientRect();
  const width = Number(node.getAttribute("viewBox").split(" ")[2]);
  return ((event.clientX - box.left) / box.width) * width;
}

function ordered(a, b) {
  return a <= b ? [a, b] : [b, a];
}

function total(counts) {
  return Object.values(counts).reduce((sum, n) => sum + n, 0);
}
