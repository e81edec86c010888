// Attack types: the order, colour and label every view uses (map, timeline, list, legend).
// Colours are Tableau 10, which stay distinguishable for the common colour-vision deficiencies.

import { el } from "./dom.js";

export const TYPES = ["ied", "rocket", "drone", "armed_assault", "arson", "suicide", "other", "unknown"];

const COLORS = {
  ied: "#e15759",
  rocket: "#f28e2b",
  drone: "#b07aa1",
  armed_assault: "#4e79a7",
  arson: "#edc948",
  suicide: "#9c755f",
  other: "#79706e",
  unknown: "#bab0ac",
};

const LABELS = {
  ied: "IED",
  rocket: "rocket, mortar",
  drone: "drone",
  armed_assault: "armed assault",
  arson: "arson",
  suicide: "suicide attack",
  other: "other, unstated",
  unknown: "unknown",
};

export function typeColor(type) {
  return COLORS[type || "unknown"] || COLORS.unknown;
}

export function typeLabel(type) {
  return LABELS[type || "unknown"] || String(type);
}

// A coloured dot for lists and legends (coloured through the CSSOM: the CSP forbids style="").
export function typeDot(type) {
  const dot = el("span", { className: "type-dot", title: typeLabel(type) });
  dot.style.backgroundColor = typeColor(type);
  return dot;
}
