// Fetch JSON from the API. Every error the server sends has one shape,
// {"ok": false, "error": "...", "status": N}, so its message can be shown as it is.

export async function getJSON(path, params) {
  const query = params && params.toString();
  const response = await fetch(query ? `${path}?${query}` : path, { headers: { Accept: "application/json" } });
  let body = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  if (!response.ok || !body || body.ok === false) {
    throw new Error((body && body.error) || `${response.status} ${response.statusText}`);
  }
  return body;
}

// Runs only the latest of overlapping requests of one kind: a slow answer to an older filter
// must never overwrite the answer to the newer one.
export function latestOnly(load) {
  let generation = 0;
  return async (...args) => {
    const mine = ++generation;
    const result = await load(...args);
    return mine === generation ? result : undefined;
  };
}
