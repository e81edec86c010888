// The dashboard's state lives in the URL hash, so every view is a permalink: the filters, the
// list's sort and page, the open incident, the shading and the map view.

export const FILTER_KEYS = ["date_from", "date_to", "admin1", "attack_type", "target", "group", "status", "text"];
const VIEW_KEYS = ["sort", "offset", "incident", "shade", "map"];
const KEYS = [...FILTER_KEYS, ...VIEW_KEYS];

export function readState(hash = window.location.hash) {
  const params = new URLSearchParams(hash.replace(/^#/, ""));
  const state = {};
  for (const key of KEYS) {
    const value = params.get(key);
    if (value) state[key] = value;
  }
  return state;
}

export function stateHash(state) {
  const params = new URLSearchParams();
  for (const key of KEYS) {
    if (state[key]) params.set(key, state[key]);
  }
  const text = params.toString();
  return text ? `#${text}` : "#";
}

// The API query for the state's filters; `except` leaves some out (the timeline shows every
// week whatever dates are brushed, so that the brush can be moved).
export function filterQuery(state, except = []) {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    if (state[key] && !except.includes(key)) params.set(key, state[key]);
  }
  return params;
}

export function sameValues(a, b, keys) {
  return keys.every((key) => (a[key] || "") === (b[key] || ""));
}

export function sameFilters(a, b, except = []) {
  return sameValues(a, b, FILTER_KEYS.filter((key) => !except.includes(key)));
}
