/* frontwatch dashboard. Article text is untrusted: it only ever enters the page through
   textContent / text nodes (never innerHTML), so markup in an article shows as text.
   The same script runs the served page (data from /api) and the report file (data embedded). */
"use strict";

(function () {
  const cfg = JSON.parse(document.getElementById("fw-config").textContent);
  const embeddedEl = document.getElementById("fw-data");
  const DATA = embeddedEl ? JSON.parse(embeddedEl.textContent) : null;
  const SIDE_COLOURS = { government: "#c0392b", opposition: "#2e7d32", sdf: "#f2a900", isis: "#222222",
    turkey: "#00838f", russia: "#1565c0", israel: "#7e57c2", other: "#8d6e63" };
  const EVENT_COLOURS = { airstrike: "#d84315", shelling: "#ef6c00", clash: "#6d4c41", explosion: "#ad1457",
    capture: "#2e7d32", attack_on_civilians: "#b71c1c", arrest: "#455a64", displacement: "#0277bd",
    protest: "#7b1fa2", other: "#757575" };
  const SHOWN_POSITIONS = 6;   // per disputed question; the rest behind "show more"
  const LAYERS = ["places", "actors", "times", "figures", "claims", "control", "events"];
  const state = { dates: [], filters: {}, events: [], map: null, controlLayer: null, eventLayer: null,
    timeline: null, article: null };

  // ---- small DOM helpers (text only) -------------------------------------------------------
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined) continue;
      if (k === "class") node.className = v;
      else if (k.startsWith("data-")) node.setAttribute(k, String(v));
      else if (k === "onclick") node.addEventListener("click", v);
      else node[k] = v;
    }
    for (const c of children) if (c !== null && c !== undefined) node.append(c instanceof Node ? c : String(c));
    return node;
  }
  const $ = (sel) => document.querySelector(sel);
  const colourOf = (side) => SIDE_COLOURS[side] || "#9e9e9e";

  // ---- data access: the API, or the data embedded in the report ----------------------------
  function query(params) {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(params || {})) if (v) q.set(k, v);
    const s = q.toString();
    return s ? "?" + s : "";
  }
  async function api(path, params) {
    if (DATA) return embedded(path, params || {});
    const res = await fetch("/api/" + path + query(Object.assign({}, state.filters, params || {})),
                            { credentials: "same-origin" });
    if (!res.ok) throw new Error(path + ": " + res.status);
    return res.json();
  }
  function embedded(path, params) {
    if (path === "map") {
      const days = Object.keys(DATA.maps).sort();
      const day = days.filter((d) => d <= params.at).pop() || days[0];
      return Promise.resolve(expandSnapshot(DATA.maps[day] || []));
    }
    if (path.startsWith("articles/")) return Promise.resolve(DATA.evidence[decodeURIComponent(path.slice(9))] || null);
    return Promise.resolve(DATA[path.replace("/", "_")]);
  }
  function expandSnapshot(rows) {
    // the report's compact snapshot (see report/dashboard_report.py MapTables) as GeoJSON
    const ev = (refs) => refs.map((i) => DATA.map_evidence[i]);
    return { type: "FeatureCollection", features: rows.map(([i, holder, status, contested, confidence, asOf, claims, fights]) => {
      const place = DATA.map_places[i];
      return { type: "Feature", geometry: { type: "Point", coordinates: [place.lon, place.lat] },
        properties: { place: place.place, place_key: place.place_key, holder, status, contested, confidence, as_of: asOf,
          claims: claims.map(([side, ndocs, refs]) => ({ side, ndocs, sources: ev(refs) })), fighting: ev(fights) } };
    }) };
  }
  async function basemap() {
    if (DATA) return DATA.countries;
    const res = await fetch("/static/vendor/countries-50m.json", { credentials: "same-origin" });
    return res.ok ? res.json() : null;
  }

  // the basemap draws the countries around the area of interest only: drawing the world is slow
  const REGION = { west: 15, east: 70, south: 10, north: 50 };
  function nearby(feature) {
    let hit = false;
    const walk = (c) => { if (hit) return; if (typeof c[0] === "number") {
      hit = c[0] >= REGION.west && c[0] <= REGION.east && c[1] >= REGION.south && c[1] <= REGION.north;
    } else c.forEach(walk); };
    if (feature.geometry) walk(feature.geometry.coordinates);
    return hit;
  }

  // ---- map -----------------------------------------------------------------------------------
  async function initMap() {
    const map = state.map = L.map("map", { zoomSnap: 0.25, worldCopyJump: false }).setView([35.0, 38.6], 6.5);
    if (cfg.tiles) L.tileLayer(cfg.tiles, { maxZoom: 18, attribution: "tiles: " + new URL(cfg.tiles.replace("{s}", "a")).host }).addTo(map);
    else {
      const topo = await basemap();
      if (topo && window.topojson) {
        const region = topojson.feature(topo, topo.objects.countries).features.filter(nearby);
        L.geoJSON(region, { interactive: false, renderer: L.canvas({ padding: 0.5 }), style: (f) => ({
          color: "#8c8c8c", weight: f.id === "760" ? 1.6 : 0.8, fillColor: f.id === "760" ? "#fffdf6" : "#f1ede4",
          fillOpacity: 1 }) }).addTo(map);
      }
    }
    const seats = DATA ? DATA.basemap_seats : await api("basemap/seats");
    for (const s of seats || []) {
      L.circleMarker([s.lat, s.lon], { radius: 2, color: "#8a8f98", weight: 1, fillOpacity: 1, interactive: false })
        .bindTooltip(s.name.replace(/ Governorate$/, ""), { permanent: true, direction: "right", className: "seat-label" })
        .addTo(map);
    }
    state.controlLayer = L.layerGroup().addTo(map);
    state.eventLayer = L.layerGroup().addTo(map);
    drawLegend();
  }

  function drawLegend() {
    const box = $("#legend");
    box.replaceChildren();
    for (const [side, colour] of Object.entries(SIDE_COLOURS)) {
      const sw = el("span", { class: "sw" });
      sw.style.background = colour;
      box.append(el("span", {}, sw, side));
    }
    const ring = el("span", { class: "sw" });
    ring.style.background = "#fff"; ring.style.boxShadow = "0 0 0 2px #d50000";
    box.append(el("span", {}, ring, "contested"));
    const ev = el("span", { class: "sw sq" });
    ev.style.background = "#555";
    box.append(el("span", {}, ev, "event (30 days up to the date)"));
  }

  function evidenceLine(e) {
    const line = el("div", { class: "ev" }, (e.date || "undated") + " · " + e.actor + " " + e.change +
      (e.source ? " · per " + e.source : "") + (e.outlet ? " · " + e.outlet : "") + " ");
    line.append(el("a", { onclick: () => openReader(e.doc, { sentenceText: e.sentence }) }, "read"));
    return line;
  }

  function controlPopup(p) {
    const box = el("div", { class: "popup" }, el("h4", {}, p.place || "?"));
    const status = p.holder ? p.holder + " (" + p.status + (p.contested ? ", fighting reported" : "") + ")"
                            : "no holder reported" + (p.contested ? ", fighting reported" : "");
    box.append(el("div", {}, "Holder: " + status + " · confidence " + Math.round(100 * (p.confidence || 0)) + "%"));
    for (const claim of (p.claims || []).slice(0, 3)) {
      box.append(el("div", { class: "muted" }, claim.side + ": " + (claim.documents ? claim.documents.length : claim.ndocs) + " article(s)"));
      for (const e of claim.sources.slice(0, 3)) box.append(evidenceLine(e));
    }
    for (const e of (p.fighting || []).slice(0, 2)) box.append(evidenceLine(e));
    return box;
  }

  async function loadMap(at) {
    const geo = await api("map", { at });
    state.controlLayer.clearLayers();
    for (const f of geo.features || []) {
      if (!f.geometry) continue;
      const p = f.properties, [lon, lat] = f.geometry.coordinates;
      const marker = L.circleMarker([lat, lon], {
        radius: 5 + 5 * (p.confidence || 0), color: p.contested ? "#d50000" : "#ffffff", weight: p.contested ? 2.5 : 1.5,
        dashArray: p.status === "disputed" ? "3 3" : null, fillColor: colourOf(p.holder),
        fillOpacity: p.holder ? 0.85 : 0.3 });
      marker.bindPopup(() => controlPopup(p), { maxWidth: 360 });
      marker.bindTooltip(el("span", {}, (p.place || "?") + ": " + (p.holder || "unknown")));
      marker.feature = f;
      marker.addTo(state.controlLayer);
    }
    drawEvents(at);
    if (state.timeline) state.timeline.setCustomTime(at, "at");
  }

  function daysBefore(day, n) {
    const d = new Date(day + "T00:00:00Z");
    d.setUTCDate(d.getUTCDate() - n);
    return d.toISOString().slice(0, 10);
  }

  function drawEvents(at) {
    state.eventLayer.clearLayers();
    const since = daysBefore(at, 30);
    for (const e of state.events) {
      if (e.lat === null || e.lon === null || !e.date || e.date.slice(0, 10) > at || e.date.slice(0, 10) < since) continue;
      const m = L.circleMarker([e.lat, e.lon], { radius: 3.5, weight: 1, color: "#222",
        fillColor: EVENT_COLOURS[e.type] || "#757575", fillOpacity: 0.9 });
      m.bindTooltip(el("span", {}, e.type + " · " + (e.place || "") + " · " + (e.date || "")));
      m.on("click", () => openReader(e.doc, { span: e.span }));
      m.addTo(state.eventLayer);
    }
  }

  function initSlider(dates) {
    state.dates = dates;
    const slider = $("#slider"), out = $("#slider-date");
    slider.max = Math.max(0, dates.length - 1);
    slider.value = slider.max;
    out.value = dates[dates.length - 1] || "–";
    let timer = null;
    slider.addEventListener("input", () => {
      const day = dates[+slider.value];
      out.value = day;
      clearTimeout(timer);
      timer = setTimeout(() => loadMap(day), 80);
    });
  }

  function setSliderTo(day) {
    const slider = $("#slider");
    let i = state.dates.findIndex((d) => d >= day);
    if (i < 0) i = state.dates.length - 1;
    slider.value = i;
    slider.dispatchEvent(new Event("input"));
  }

  // ---- timeline ------------------------------------------------------------------------------
  function timelineItems(dated) {
    // one item per type and day: a large corpus has thousands of events, a few per day and type
    const byKey = new Map();
    for (const e of dated) {
      const key = e.type + "|" + e.date.slice(0, 10);
      if (!byKey.has(key)) byKey.set(key, []);
      byKey.get(key).push(e);
    }
    return [...byKey.values()].map((list) => {
      const places = [...new Set(list.map((e) => e.place).filter(Boolean))];
      const label = (places[0] || list[0].type) + (list.length > 1 ? " +" + (list.length - 1) : "");
      return { id: list[0].id, group: list[0].type, start: list[0].date.slice(0, 10),
        content: el("span", { class: "ev" }, label), ref: list[0] };
    });
  }

  function initTimeline(events) {
    const box = $("#timeline");
    box.replaceChildren();
    $("#timeline-count").textContent = "(" + events.length + ")";
    const dated = events.filter((e) => e.date && /^\d{4}-\d{2}-\d{2}/.test(e.date));
    const types = [...new Set(dated.map((e) => e.type))];
    const groups = new vis.DataSet(types.map((t) => ({ id: t, content: el("span", {}, t.replace(/_/g, " ")) })));
    const items = new vis.DataSet(timelineItems(dated));
    const options = { stack: true, maxHeight: 228, zoomMin: 86400000 * 3, orientation: "top",
      margin: { item: 2 }, selectable: true, showCurrentTime: false };
    if (items.length > 400) options.stack = false;   // vis lays out every stacked item: slow on thousands
    if (dated.length) {
      const days = dated.map((e) => e.date.slice(0, 10)).sort();
      const end = days[days.length - 1];
      // a long corpus opens on the half year before its last report: readable at once
      const start = items.length > 400 ? [daysBefore(end, 180), days[0]].sort()[1] : days[0];
      options.start = daysBefore(start, 1);
      options.end = daysBefore(end, -2);
    }
    const drawn = new Promise((resolve) => {   // vis shows itself after its first full draw: "ready" waits for it
      options.onInitialDrawComplete = resolve;
      setTimeout(resolve, 5000);
    });
    state.timeline = new vis.Timeline(box, items, groups, options);
    const at = state.dates[+$("#slider").value] || state.dates[state.dates.length - 1];
    if (at) state.timeline.addCustomTime(at, "at");

    state.timeline.on("select", (props) => {
      const item = items.get(props.items[0]);
      if (item && item.ref) { setSliderTo(item.ref.date.slice(0, 10)); openReader(item.ref.doc, { span: item.ref.span }); }
    });
    state.timeline.on("timechanged", (props) => {
      if (props.id === "at") setSliderTo(props.time.toISOString().slice(0, 10));
    });
    return drawn;
  }

  // ---- cross-check ---------------------------------------------------------------------------
  function renderCrosscheck(check) {
    const body = $("#disputes tbody");
    body.replaceChildren();
    if (!check.disputes.length) body.append(el("tr", {}, el("td", { colSpan: 4, class: "muted" }, "No disputed question.")));
    for (const d of check.disputes) {
      const head = el("td", { colSpan: 4 }, d.question, el("span", { class: "pill " + d.kind }, d.kind),
        el("span", { class: "pill", title: d.origins.join("; ") }, d.independent + " independent origin" + (d.independent === 1 ? "" : "s")));
      body.append(el("tr", { class: "q" }, head));
      const row = (p) => {
        const tr = el("tr", { class: "pos", "data-doc": p.doc, "data-dispute": d.id,
          "data-start": p.span ? p.span.start : null, "data-end": p.span ? p.span.end : null },
          el("td", { class: "value" }, p.value || "?"),
          el("td", {}, p.statement || ""),
          el("td", {}, (p.source || "the outlet itself") + (p.alignment ? " · " + p.alignment : "")),
          el("td", { class: "muted" }, [p.outlet, p.published, p.title].filter(Boolean).join(" · ").slice(0, 90)));
        tr.addEventListener("click", () => openReader(p.doc, { span: p.span, sentenceText: p.sentence }));
        return tr;
      };
      body.append(...d.positions.slice(0, SHOWN_POSITIONS).map(row));
      const rest = d.positions.slice(SHOWN_POSITIONS);
      if (rest.length) {   // built when asked for: large corpora have disputes with hundreds of positions
        const more = el("tr", { class: "more" }, el("td", { colSpan: 4 },
          el("a", { class: "link" }, "show " + rest.length + " more positions")));
        more.addEventListener("click", () => more.replaceWith(...rest.map(row)));
        body.append(more);
      }
    }
    const gbody = $("#groups tbody");
    gbody.replaceChildren();
    for (const g of check.groups.slice(0, 150)) {
      const what = [g.kind, g.who, g.place ? "in " + g.place : null, g.period].filter(Boolean).join(" · ");
      const row = el("tr", { class: "pos" }, el("td", {}, what, el("span", { class: "muted" }, " (" + g.members.length + ")")),
        el("td", { class: "value" }, [g.low, g.best, g.high].map((v) => v === null ? "–" : v).join(" / ")),
        el("td", {}, el("span", { class: "pill " + g.status }, g.status)),
        el("td", {}, String(g.independent) + (g.sides.length ? " · " + g.sides.join(", ") : "")));
      const first = g.members[0];
      if (first) row.addEventListener("click", () => openReader(first.doc, { span: first.span }));
      gbody.append(row);
    }
  }

  // ---- sources -------------------------------------------------------------------------------
  function shareBars(title, shares) {
    const box = el("div", {}, el("h3", {}, title));
    for (const [k, v] of Object.entries(shares || {})) {
      const bar = el("span", { class: "bar" });
      bar.style.width = Math.max(2, Math.round(160 * v)) + "px";
      box.append(el("div", {}, bar, " " + k + " " + Math.round(100 * v) + "%"));
    }
    return box;
  }

  function renderProfile(target, profile, corpus) {
    target.replaceChildren();
    if (!profile) return;
    target.append(el("p", { class: "muted" }, profile.claims + " claims from " + profile.sources.length + " sources"));
    target.append(shareBars("By kind of source", profile.by_kind), shareBars("By alignment", profile.by_alignment));
    const table = el("table", { class: "table" }, el("thead", {}, el("tr", {}, el("th", {}, "source"),
      el("th", {}, "kind"), el("th", {}, "alignment"), el("th", {}, "claims"), el("th", {}, corpus ? "articles" : "share"))));
    const tb = el("tbody");
    for (const r of profile.sources.slice(0, corpus ? 200 : 40)) {
      tb.append(el("tr", {}, el("td", {}, r.name), el("td", {}, r.kind), el("td", {}, r.alignment || "–"),
        el("td", {}, String(r.claims)), el("td", {}, corpus ? String(r.documents) : Math.round(100 * r.share) + "%")));
    }
    table.append(tb);
    target.append(table);
  }

  // ---- articles and search -------------------------------------------------------------------
  function snippetNode(snippet) {
    // FTS marks matches with [ ]: split on them and build text nodes and <mark>s
    const box = el("div", { class: "snippet" });
    snippet.split(/(\[[^\]]*\])/).forEach((part) => {
      if (/^\[.*\]$/.test(part)) box.append(el("mark", {}, part.slice(1, -1)));
      else box.append(part);
    });
    return box;
  }

  function renderArticles(rows, title) {
    $("#articles-title").textContent = title;
    const list = $("#articles");
    list.replaceChildren();
    if (!rows.length) list.append(el("li", { class: "muted" }, "Nothing found."));
    for (const r of rows) {
      const li = el("li", {}, el("div", {}, r.title), el("div", { class: "muted" }, [r.outlet, r.published].filter(Boolean).join(" · ")));
      if (r.snippet) li.append(snippetNode(r.snippet));
      li.addEventListener("click", () => openReader(r.doc || r.id, {}));
      list.append(li);
    }
  }

  // ---- reader --------------------------------------------------------------------------------
  function showTab(name) {
    document.querySelectorAll(".tabs button").forEach((b) => b.classList.toggle("active", b.dataset.tab === name));
    document.querySelectorAll(".tab").forEach((t) => t.classList.toggle("active", t.id === "tab-" + name));
  }

  function focusRange(article, opts) {
    if (opts.span && opts.span.doc === article.id) return [opts.span.start, opts.span.end];
    if (opts.span && article.offset !== undefined) return [opts.span.start, opts.span.end];
    if (opts.sentenceText) {
      const at = article.text.indexOf(opts.sentenceText);
      if (at >= 0) return [at, at + opts.sentenceText.length];
    }
    return null;
  }

  function segments(text, anns, cuts) {
    const points = new Set([0, text.length, ...cuts]);
    for (const a of anns) { points.add(a.start); points.add(a.end); }
    const sorted = [...points].filter((p) => p >= 0 && p <= text.length).sort((a, b) => a - b);
    const out = [];
    for (let i = 0; i + 1 < sorted.length; i++) {
      const [s, e] = [sorted[i], sorted[i + 1]];
      out.push({ start: s, end: e, anns: anns.filter((a) => a.start <= s && a.end >= e) });
    }
    return out;
  }

  function renderText(article, focus, sentence) {
    const offset = article.offset || 0;
    const anns = (article.annotations || []).map((a) => Object.assign({}, a, { start: a.start - offset, end: a.end - offset }));
    const f = focus ? [focus[0] - offset, focus[1] - offset] : null;
    const s = sentence ? [sentence[0] - offset, sentence[1] - offset] : null;
    const box = $("#reader-text");
    box.replaceChildren();
    box.className = "reader-text";
    let firstFocus = null;
    for (const seg of segments(article.text, anns, [...(f || []), ...(s || [])])) {
      const piece = article.text.slice(seg.start, seg.end);
      const inFocus = f && seg.start >= f[0] && seg.end <= f[1];
      const inSentence = s && seg.start >= s[0] && seg.end <= s[1];
      if (!seg.anns.length && !inFocus && !inSentence) { box.append(document.createTextNode(piece)); continue; }
      const span = el("span", {}, piece);
      const classes = seg.anns.map((a) => "hl hl-" + a.layer);
      if (inFocus) classes.push("focus");
      if (inSentence) classes.push("focus-sentence");
      span.className = [...new Set(classes.join(" ").split(" "))].join(" ");
      if (seg.anns.length) {
        span.dataset.ann = seg.anns.map((a) => a.id).join(" ");
        const primary = seg.anns.reduce((a, b) => (b.end - b.start < a.end - a.start ? b : a));
        span.title = primary.label;
        span.addEventListener("click", (ev) => { ev.stopPropagation(); selectAnnotation(primary.id, false); });
      }
      if (inFocus && !firstFocus) firstFocus = span;
      box.append(span);
    }
    return firstFocus;
  }

  function renderSide(article) {
    const side = $("#reader-side");
    side.replaceChildren();
    const anns = article.annotations || [];
    for (const layer of LAYERS) {
      const mine = anns.filter((a) => a.layer === layer);
      if (!mine.length) continue;
      side.append(el("h3", {}, layer + " (" + mine.length + ")"));
      const ul = el("ul", { class: "list" });
      for (const a of mine) {
        const li = el("li", { "data-ann": a.id }, a.label);
        li.addEventListener("click", () => selectAnnotation(a.id, true));
        ul.append(li);
      }
      side.append(ul);
    }
    if (article.sources && article.sources.sources.length) {
      const box = el("div", {});
      side.append(el("h3", {}, "sources of this article"), box);
      renderProfile(box, article.sources, false);
    }
  }

  function selectAnnotation(id, fromList) {
    document.querySelectorAll(".hl.sel, #reader-side li.sel").forEach((n) => n.classList.remove("sel"));
    const marks = [...document.querySelectorAll("#reader-text [data-ann]")].filter((n) => n.dataset.ann.split(" ").includes(id));
    marks.forEach((n) => n.classList.add("sel"));
    const item = document.querySelector('#reader-side li[data-ann="' + CSS.escape(id) + '"]');
    if (item) item.classList.add("sel");
    const target = fromList ? marks[0] : item;
    if (target) target.scrollIntoView({ block: "center", behavior: "smooth" });
  }

  function readerLegend() {
    const box = $("#reader-legend");
    box.replaceChildren();
    for (const layer of LAYERS) {
      const cb = el("input", { type: "checkbox", checked: true });
      cb.addEventListener("change", () => $("#reader-text").classList.toggle("off-" + layer, !cb.checked));
      box.append(el("label", {}, cb, el("span", { class: "hl hl-" + layer }, layer)));
    }
  }

  async function openReader(docId, opts) {
    opts = opts || {};
    const key = DATA ? docId + ":" + (opts.span ? opts.span.sentence : "") : docId;
    let article = await api("articles/" + encodeURIComponent(key), {});
    if (!article && DATA && opts.sentenceText) article = { id: docId, title: "", text: opts.sentenceText, annotations: [] };
    showTab("reader");
    const head = $("#reader-head");
    head.replaceChildren();
    if (!article) { head.append(el("p", { class: "muted" }, "This article is not in the report.")); return; }
    state.article = article;
    head.append(el("h2", {}, article.title || article.id),
      el("div", { class: "meta" }, [article.outlet, article.published, article.author, article.url].filter(Boolean).join(" · ")));
    const focus = focusRange(article, opts);
    let sentence = null;
    if (focus && article.sentences) sentence = article.sentences.find((s) => s[0] <= focus[0] && s[1] >= focus[1]) || null;
    const mark = renderText(article, focus, sentence);
    renderSide(article);
    if (mark) requestAnimationFrame(() => mark.scrollIntoView({ block: "center" }));
  }

  // ---- filters, tabs, start-up ---------------------------------------------------------------
  function readFilters() {
    const form = $("#filters");
    const f = {};
    for (const name of ["from", "to", "place", "actor", "source_kind"]) {
      const v = form.elements[name].value.trim();
      if (v) f[name] = v;
    }
    return f;
  }

  async function refresh() {
    const [events, check] = await Promise.all([api("events"), api("crosscheck")]);
    state.events = events;
    renderCrosscheck(check);
    const drawn = initTimeline(events);
    await loadMap(state.dates[+$("#slider").value] || state.dates[state.dates.length - 1] || "9999-12-31");
    if (!DATA) renderArticles(await api("articles"), "Articles");
    await drawn;
  }

  function wireForms(summary) {
    const select = $("#filters").elements.source_kind;
    for (const k of summary.source_kinds || []) select.append(el("option", { value: k }, k));
    $("#filters").addEventListener("submit", async (ev) => {
      ev.preventDefault();
      state.filters = readFilters();
      await refresh();
      if (state.filters.to || state.filters.from) setSliderTo(state.filters.to || state.filters.from);   // map inside the range
    });
    $("#filters").addEventListener("reset", () => { setTimeout(() => { state.filters = {}; refresh(); }, 0); });
    $("#search").addEventListener("submit", async (ev) => {
      ev.preventDefault();
      const q = ev.target.elements.q.value.trim();
      if (!q) return;
      renderArticles(await api("search", { q }), "Search: " + q);
      showTab("articles");
    });
    document.querySelectorAll(".tabs button").forEach((b) => b.addEventListener("click", () => showTab(b.dataset.tab)));
  }

  async function start() {
    const summary = DATA ? DATA.summary : await api("summary");
    $("#counts").textContent = summary.documents + " articles · " + summary.events + " events · " + summary.places +
      " places · " + summary.disputes + " disputes" + (summary.first ? " · " + summary.first + " to " + summary.last : "");
    if (DATA) document.querySelectorAll("#filters, #search").forEach((n) => n.remove());
    else wireForms(summary);
    if (DATA) $("#reader-legend").remove();   // the report's reader shows single sentences
    else readerLegend();
    initSlider(summary.dates.length ? summary.dates : [new Date().toISOString().slice(0, 10)]);
    await initMap();
    renderProfile($("#sources-corpus"), DATA ? DATA.sources : await api("sources"), true);
    await refresh();
    document.body.dataset.ready = "1";
  }

  window.frontwatch = { openReader, setSliderTo, state };
  start().catch((err) => { console.error(err); document.body.dataset.error = String(err); });
})();
