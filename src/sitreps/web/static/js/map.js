// The map: an offline base of Iraq's governorates and the countries around it (shipped with the
// package), online tiles beneath it only when the browser can reach the tile server, and one
// marker per incident, sized by the number of sources and coloured by attack type, clustered
// where they crowd. Governorates can be shaded by incident count.

/* global L */
import { el } from "./dom.js";
import { typeColor, typeLabel } from "./types.js";

const IRAQ = [[29.0, 38.7], [37.4, 48.6]];
const SHADES = ["#fff5eb", "#fdd0a2", "#fdae6b", "#fd8d3c", "#e6550d", "#a63603"];
const TILE_PROBE_MS = 4000;

export function radiusFor(sources) {
  return 5 + 3 * Math.sqrt(Math.max(1, sources) - 1);
}

export function createMap(container, { tilesUrl, tilesAttribution, onSelect, onMove }) {
  const map = L.map(container, { zoomSnap: 0.5, minZoom: 4, maxZoom: 16, worldCopyJump: false });
  map.createPane("outlines").style.zIndex = 250;
  map.fitBounds(IRAQ);
  let markers = new Map();
  let selected = null;
  let shading = null;
  let online = false;
  const countOf = (feature) => (shading ? shading.get(feature.properties.name) || 0 : 0);

  const neighbours = L.geoJSON(null, {
    pane: "outlines",
    interactive: false,
    style: { color: "#a8a49c", weight: 1, fillColor: "#ece9e2", fillOpacity: 1 },
  }).addTo(map);
  const governorates = L.geoJSON(null, {
    pane: "outlines",
    style: (feature) => governorateStyle(shading, countOf(feature), online),
    onEachFeature: (feature, layer) => {
      layer.bindTooltip(() => governorateTooltip(feature.properties.name, shading ? countOf(feature) : null), { sticky: true });
    },
  }).addTo(map);
  const outlines = Promise.all([
    loadLayer("/static/geo/neighbours.geojson", neighbours),
    loadLayer("/static/geo/iraq-governorates.geojson", governorates),
  ]);

  container.dataset.tiles = "offline";
  if (tilesUrl) {
    probeTiles(tilesUrl).then((reachable) => {
      if (!reachable) return;
      online = true;
      L.tileLayer(tilesUrl, { attribution: tilesAttribution, maxZoom: 18 }).addTo(map);
      neighbours.setStyle({ fillOpacity: 0 });
      governorates.setStyle((feature) => governorateStyle(shading, countOf(feature), online));
      container.dataset.tiles = "online";
    });
  }

  const cluster = L.markerClusterGroup({
    maxClusterRadius: 24,
    showCoverageOnHover: false,
    spiderfyOnMaxZoom: true,
    iconCreateFunction: clusterIcon,
  });
  map.addLayer(cluster);

  map.on("moveend", () => onMove(map.getZoom(), map.getCenter()));

  // Whichever cluster holds the selected marker at this zoom gets the "holds-selected" outline.
  const outlineHolder = () => {
    for (const icon of container.querySelectorAll(".holds-selected")) icon.classList.remove("holds-selected");
    const marker = selected && markers.get(selected);
    if (!marker) return;
    const holder = cluster.getVisibleParent(marker);
    if (holder && holder !== marker && holder.getElement()) holder.getElement().classList.add("holds-selected");
    else if (holder === marker) marker.bringToFront();
  };
  cluster.on("animationend", outlineHolder);
  map.on("zoomend moveend", outlineHolder);

  return {
    leaflet: map,
    ready: outlines,

    // points: one per incident; groups: when there are too many to draw, incidents counted per
    // spot and attack type (a group is drawn by its count and opens by zooming in).
    setPoints(points, groups) {
      cluster.clearLayers();
      markers = new Map();
      const layers = points.map((point) => {
        const marker = L.circleMarker([point.lat, point.lon], markerStyle(point, radiusFor(point.n_sources), 1, "incident-marker"));
        marker.bindTooltip(() => markerTooltip(point));
        marker.on("click", () => onSelect(point.id));
        markers.set(point.id, marker);
        return marker;
      });
      for (const group of groups) {
        const marker = L.circleMarker([group.lat, group.lon], markerStyle(group, 6 + 3 * Math.log2(group.count), group.count, "incident-group"));
        marker.bindTooltip(() => groupTooltip(group));
        marker.on("click", () => map.setView(marker.getLatLng(), Math.min(map.getMaxZoom(), map.getZoom() + 2)));
        layers.push(marker);
      }
      cluster.addLayers(layers);
      container.dataset.markers = String(points.length);
      container.dataset.groups = String(groups.length);
      if (selected) this.select(selected);
    },

    // Outline the incident's marker (or the cluster that holds it) and pan it into view; never
    // zoom on the user's behalf: incidents at one spot stay clustered until clicked open.
    select(id) {
      const previous = selected && markers.get(selected);
      if (previous) previous.setStyle({ weight: 1, color: "#3b3b3b" });
      selected = id;
      const marker = id && markers.get(id);
      if (marker) {
        marker.setStyle({ weight: 3, color: "#111" });
        if (!map.getBounds().contains(marker.getLatLng())) map.panTo(marker.getLatLng());
      }
      outlineHolder();
    },

    // counts: Map of governorate name to incident count, or null to stop shading.
    shade(counts) {
      shading = counts;
      governorates.setStyle((feature) => governorateStyle(shading, countOf(feature), online));
      container.dataset.shaded = counts ? "yes" : "no";
    },

    // Frame what the filters selected (all of Iraq when nothing is filtered).
    frame(filtered) {
      const bounds = cluster.getBounds();
      if (filtered && bounds.isValid()) map.fitBounds(bounds, { maxZoom: 9, padding: [40, 40], animate: false });
      else map.fitBounds(IRAQ, { animate: false });
    },

    setView(view) {
      const [zoom, lat, lon] = view.split("/").map(Number);
      if ([zoom, lat, lon].every(Number.isFinite)) map.setView([lat, lon], zoom);
    },
  };
}

// Shade of a governorate with `count` incidents when the busiest has `max`: none, then five
// equal steps from 1 to max.
export function shadeIndex(count, max) {
  if (!count) return 0;
  return 1 + Math.floor(((SHADES.length - 2) * (count - 1)) / Math.max(1, max - 1));
}

// The legend's rows, from the counts being shown: each shade in use with its lowest and highest
// count, so the legend cannot disagree with the map.
export function shadeLegend(counts) {
  const max = Math.max(0, ...counts.values());
  const rows = new Map([[0, { color: SHADES[0], low: 0, high: 0 }]]);
  for (const count of counts.values()) {
    const index = shadeIndex(count, max);
    const row = rows.get(index) || { color: SHADES[index], low: count, high: count };
    rows.set(index, { ...row, low: Math.min(row.low, count), high: Math.max(row.high, count) });
  }
  return [...rows.entries()].sort((a, b) => a[0] - b[0]).map(([, row]) => row);
}

function governorateStyle(shading, count, online) {
  const base = { color: "#6f6a60", weight: 1, fillColor: "#faf8f3", fillOpacity: online ? 0 : 1 };
  if (!shading) return base;
  const max = Math.max(0, ...shading.values());
  return { ...base, fillColor: SHADES[shadeIndex(count, max)], fillOpacity: online ? 0.6 : 1 };
}

async function loadLayer(url, layer) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`cannot load ${url}: ${response.status}`);
  layer.addData(await response.json());
}

// One tile is fetched first: if the tile server cannot be reached (no network, a firewall),
// the map stays on its offline outlines and never shows broken tiles.
function probeTiles(template) {
  return new Promise((resolve) => {
    const image = new Image();
    const timer = window.setTimeout(() => resolve(false), TILE_PROBE_MS);
    image.onload = () => {
      window.clearTimeout(timer);
      resolve(true);
    };
    image.onerror = () => {
      window.clearTimeout(timer);
      resolve(false);
    };
    image.src = template.replace("{s}", "a").replace("{z}", "0").replace("{x}", "0").replace("{y}", "0").replace("{r}", "");
  });
}

function markerStyle(item, radius, count, className) {
  return {
    radius,
    count,
    color: "#3b3b3b",
    weight: 1,
    fillColor: typeColor(item.attack_type),
    fillOpacity: item.approximate ? 0.55 : 0.9,
    dashArray: item.approximate ? "3 2" : null,
    className: `${className}${item.approximate ? " approximate" : ""}`,
  };
}

// A neutral disc with the number of incidents it holds (the colours belong to attack types).
function clusterIcon(group) {
  const count = group.getAllChildMarkers().reduce((sum, marker) => sum + (marker.options.count || 1), 0);
  const size = Math.round(22 + 6 * Math.log10(count));
  const html = el("div", {}, el("span", { text: count }));
  return L.divIcon({ html, className: "marker-cluster incident-cluster", iconSize: L.point(size, size) });
}

function markerTooltip(point) {
  return el(
    "div",
    { className: "marker-tip" },
    el("strong", { text: typeLabel(point.attack_type) }),
    el("div", { text: point.date || "undated" }),
    el("div", { text: `${point.n_sources} source${point.n_sources === 1 ? "" : "s"}${point.approximate ? " · placed at the governorate seat" : ""}` }),
  );
}

function groupTooltip(group) {
  return el(
    "div",
    { className: "marker-tip" },
    el("strong", { text: `${group.count.toLocaleString("en")} × ${typeLabel(group.attack_type)}` }),
    el("div", { text: group.approximate ? "placed at the governorate seat" : "at this place" }),
    el("div", { text: "click to zoom in; narrow the filters to see each incident" }),
  );
}

function governorateTooltip(name, count) {
  return el("div", {}, el("strong", { text: name }), count === null || count === undefined ? null : el("div", { text: `${count} incidents` }));
}
