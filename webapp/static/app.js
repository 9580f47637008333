// The coordinator's desk: reads the JSON API with Telegram's initData; every word from the catalogs
// (GET /api/words); nothing but text put into the page, except the server's own SVG charts.
"use strict";
(function () {
  const TG = (window.Telegram && window.Telegram.WebApp) || null;
  const initData = TG ? TG.initData || "" : "";
  let W = {};
  const w = (id) => W["webapp-" + id] || id;
  const $ = (sel) => document.querySelector(sel);
  const state = { me: null, program: null, tab: "table", filter: "all", department: "" };
  const AMOUNT = /^\s*(\d{1,9}([.,]\d{1,3})?)?\s*$/;

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "class") node.className = v;
      else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
      else if (v !== false && v !== null && v !== undefined) node.setAttribute(k, v === true ? "" : v);
    }
    for (const c of children.flat()) if (c !== null && c !== undefined) node.append(c instanceof Node ? c : String(c));
    return node;
  }
  function nonce() {
    const a = new Uint8Array(18); crypto.getRandomValues(a);
    return btoa(String.fromCharCode(...a)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }
  function notice(text, kind) {
    const n = $("#notice"); n.hidden = !text; n.textContent = text || ""; n.className = kind || "";
  }
  async function api(path, body) {
    const opts = { headers: { "X-Telegram-Init-Data": initData } };
    if (body !== undefined) {
      opts.method = "POST"; opts.headers["Content-Type"] = "application/json";
      opts.body = JSON.stringify(Object.assign({ nonce: nonce() }, body));
    }
    const r = await fetch(path, opts);
    let data = null;
    try { data = await r.json(); } catch (e) { data = { error: w("failed") }; }
    if (!r.ok) { const err = new Error(data.error || w("failed")); err.code = data.code; throw err; }
    return data;
  }
  function main(...nodes) { const m = $("#main"); m.replaceChildren(...nodes); }
  function title(text, sub) { $("#title").textContent = text; $("#sub").textContent = sub || ""; }
  function route() {
    // Only numbers: a hand-edited address («#program=1/../api/me») opens the city, not another request.
    const h = new URLSearchParams(location.hash.slice(1));
    const number = (v) => (v && /^[0-9]{1,9}$/.test(v) ? v : null);
    return { program: number(h.get("program")), year: number(h.get("year")) };
  }
  function back(show) {
    if (!TG || !TG.BackButton) return;
    if (show) TG.BackButton.show(); else TG.BackButton.hide();
  }

  // --- the city -------------------------------------------------------------------------------------
  async function city() {
    back(false); state.program = null;
    const data = await api("/api/city");
    title(data.city ? w("city") : w("my-programs"), state.me.name);
    const rows = data.lines.map((l) => el("tr", { class: "link", tabindex: "0", "data-program": l.id,
        onclick: () => go(l.id, l.year), onkeydown: (e) => { if (e.key === "Enter") go(l.id, l.year); } },
      el("td", { class: "text" }, l.name), el("td", { class: "responsible" }, l.responsible),
      el("td", { class: "num first", "data-label": w("col-year") }, l.year || "—"),
      el("td", { class: "num", "data-label": w("col-complete") }, `${l.reported}/${l.measures}`),
      el("td", { class: "num", "data-label": w("col-late") }, l.late ? el("span", { class: "chip late" }, l.late) : "0"),
      el("td", { class: "num", "data-label": w("col-waiting") }, l.waiting ? el("span", { class: "chip waiting" }, l.waiting) : "0")));
    main(el("div", { class: "scroll" }, el("table", { id: "city" },
      el("thead", {}, el("tr", {}, ...["program", "responsible", "year", "complete", "late", "waiting"].map(
        (c, i) => el("th", { class: i > 1 ? "num" : "" }, w("col-" + c))))),
      el("tbody", {}, rows))));
  }
  function go(id, year) { location.hash = `program=${id}` + (year ? `&year=${year}` : ""); }

  // --- a program ------------------------------------------------------------------------------------
  async function program(id, year) {
    back(true);
    const data = await api(`/api/programs/${id}` + (year ? `?year=${year}` : ""));
    state.program = data;
    title(data.program.name, `${data.program.responsible} · ${w("year")} ${data.year}` + (data.changes ? "" : ` · ${w("read-only")}`));
    const tabs = ["table", "charts", "plans", "reviews", "files"];
    const bar = el("div", { class: "tabs", role: "tablist" }, tabs.map((t) => el("button", {
      role: "tab", "aria-selected": String(state.tab === t), "data-tab": t,
      onclick: () => { state.tab = t; notice(""); show(); } }, w("tab-" + t))));
    const yearSelect = el("select", { "aria-label": w("year"), onchange: (e) => go(id, e.target.value) },
      data.years.map((y) => el("option", { value: y, selected: y === data.year }, y)));
    const body = el("section", { id: "tab" });
    main(el("div", { class: "filters" }, w("year"), yearSelect), bar, body);
    async function show() {
      bar.querySelectorAll("button").forEach((b) => b.setAttribute("aria-selected", String(b.dataset.tab === state.tab)));
      try { body.replaceChildren(await TABS[state.tab](data)); } catch (e) { notice(e.message, "error"); body.replaceChildren(); }
    }
    await show();
  }

  function table(data) {
    const names = Object.fromEntries(data.departments.map((d) => [String(d.id), d.name]));
    const filters = el("div", { class: "filters" },
      ["all", "late", "waiting"].map((f) => el("button", { class: "quiet", "aria-pressed": String(state.filter === f),
        "data-filter": f, onclick: () => { state.filter = f; redraw(); } }, w("filter-" + f))),
      w("filter-department"),
      el("select", { id: "department", onchange: (e) => { state.department = e.target.value; redraw(); } },
        el("option", { value: "" }, w("all-departments")),
        data.departments.map((d) => el("option", { value: d.id, selected: String(d.id) === state.department }, d.name))));
    const holder = el("div", { class: "scroll" });
    function keep(row) {
      const marks = Object.entries(row.marks).filter(([d]) => !state.department || d === state.department);
      if (state.department && !marks.length) return false;
      if (state.filter === "late") return marks.some(([, m]) => m === "late" || m === "owed");
      if (state.filter === "waiting") return marks.some(([, m]) => m === "waiting");
      return true;
    }
    function redraw() {
      filters.querySelectorAll("button").forEach((b) => b.setAttribute("aria-pressed", String(b.dataset.filter === state.filter)));
      const rows = [];
      for (const task of data.tasks) {
        const kept = task.rows.filter(keep);
        if (!kept.length) continue;
        rows.push(el("tr", { class: "task" }, el("td", { colspan: "7" }, `${task.number}. ${task.text}`)));
        for (const r of kept) rows.push(el("tr", { "data-measure": r.number },
          el("td", { class: "number" }, r.number), el("td", { class: "text" }, r.text),
          el("td", { class: "num first", "data-label": w("col-plan") }, r.plan),
          el("td", { class: "num", "data-label": w("col-actual") }, r.actual),
          el("td", { class: "num", "data-label": w("col-financed") }, r.financed),
          el("td", { class: "num", "data-label": w("col-percent") }, r.percent),
          el("td", { class: "marks" }, el("div", { class: "chips" }, Object.entries(r.marks).map(([d, m]) =>
            el("span", { class: "chip " + m, title: w("mark-" + m) }, names[d] || d))))));
      }
      holder.replaceChildren(el("table", { id: "measures" }, el("thead", {}, el("tr", {},
        ["measure", "measure", "plan", "actual", "financed", "percent", "department"].map((c, i) =>
          el("th", { class: i >= 2 && i <= 5 ? "num" : "" }, i === 1 ? "" : w("col-" + c))))), el("tbody", {}, rows)));
    }
    redraw();
    return el("div", {}, filters, holder, indicators(data));
  }

  function indicators(data) {  // section 2: a group row per kind, then its indicators
    if (!data.indicators || !data.indicators.length) return "";
    const rows = [];
    let group = null;
    for (const r of data.indicators) {
      if (r.group !== group) { group = r.group; rows.push(el("tr", { class: "task" }, el("td", { colspan: "7" }, group))); }
      rows.push(el("tr", { "data-indicator": String(r.number), class: r.met === false ? "missed" : "" },
        el("td", { class: "number" }, String(r.number)), el("td", { class: "text" }, r.name + (r.unit ? `, ${r.unit}` : "")),
        el("td", { class: "num first", "data-label": w("col-plan") }, r.plan),
        el("td", { class: "num", "data-label": w("col-actual") }, r.fact),
        el("td", { class: "num", "data-label": w("col-deviation") }, r.deviation),
        el("td", { class: "reason", "data-label": w("col-reason") }, r.reason), el("td", {}, "")));
    }
    return el("div", { class: "scroll" }, el("h2", {}, w("indicators-title")),
      el("table", { id: "indicators" }, el("thead", {}, el("tr", {},
        ["indicator", "indicator", "plan", "actual", "deviation", "reason", "unit"].map((c, i) =>
          el("th", { class: i >= 2 && i <= 4 ? "num" : "" }, i === 1 || i === 6 ? "" : w("col-" + c))))), el("tbody", {}, rows)));
  }

  function svg(text) {  // the server's own SVG (its texts escaped there)
    const doc = new DOMParser().parseFromString(text, "image/svg+xml");
    return document.importNode(doc.documentElement, true);
  }
  function charts(data) {
    return el("div", {}, el("h2", {}, w("chart-completeness")), svg(data.charts.completeness),
      el("h2", {}, w("chart-plan-fact")), svg(data.charts.plan_fact));
  }

  async function plans(data) {
    if (!data.changes) return el("p", { class: "muted" }, w("plans-read-only"));
    const sheet = await api(`/api/programs/${data.program.id}/plans/${data.year}`);
    const inputs = [];
    const rows = sheet.rows.map((r) => el("tr", { "data-measure": r.number },
      el("td", { class: "number" }, r.number), el("td", { class: "text" }, r.text),
      r.values.map((v, i) => { const input = el("input", { class: "amount", value: v, inputmode: "decimal",
          "aria-label": `${r.number} ${w(i ? "plans-special" : "plans-general")}`, "data-fund": i,
          oninput: (e) => check(e.target), onkeydown: move });
        input.dataset.number = r.number; inputs.push(input);
        return el("td", { class: i ? "num" : "num first", "data-label": w(i ? "plans-special" : "plans-general") }, input); })));
    const out = el("div", {});
    function move(e) {  // a spreadsheet's keys: Enter and the arrows up and down go along the column
      const step = { Enter: 2, ArrowDown: 2, ArrowUp: -2 }[e.key];
      if (!step) return;
      const next = inputs[inputs.indexOf(e.target) + step];
      if (next) { e.preventDefault(); next.focus(); next.select(); }
    }
    function check(input) {
      const good = AMOUNT.test(input.value);
      input.classList.toggle("invalid", !good); input.title = good ? "" : w("plans-bad-amount");
      out.replaceChildren(); return good;
    }
    function values() {
      const v = {};
      for (const i of inputs) { (v[i.dataset.number] = v[i.dataset.number] || ["", ""])[+i.dataset.fund] = i.value.trim(); }
      return v;
    }
    async function preview() {
      if (!inputs.every(check)) { notice(w("plans-bad-amount"), "error"); return; }
      notice("");
      try {
        const p = await api(`/api/programs/${data.program.id}/plans/${data.year}/preview`, { key: sheet.key, values: values() });
        out.replaceChildren(el("h2", {}, w("changes")), el("div", { class: "changes", id: "changes" }, p.changes.join("\n")),
          el("p", { class: "changes" }, p.totals.join("\n")),
          el("button", { id: "apply", onclick: () => apply(p.fingerprint) }, w("apply")),
          el("button", { class: "quiet", onclick: () => out.replaceChildren() }, w("cancel")));
      } catch (e) { notice(e.message, "error"); }
    }
    async function apply(fingerprint) {
      try {
        const r = await api(`/api/programs/${data.program.id}/plans/${data.year}/apply`, { key: sheet.key, values: values(), fingerprint });
        notice(r.message, "ok"); out.replaceChildren();
      } catch (e) { notice(e.message, "error"); }
    }
    return el("div", {}, el("p", { class: "muted" }, w("plans-hint")),
      el("div", { class: "scroll" }, el("table", { id: "plans" }, el("thead", {}, el("tr", {},
        el("th", {}, w("col-measure")), el("th", {}), el("th", { class: "num" }, w("plans-general")),
        el("th", { class: "num" }, w("plans-special")))), el("tbody", {}, rows))),
      el("p", {}, el("button", { id: "preview", onclick: preview }, w("preview"))), out);
  }

  async function reviews(data) {
    if (!data.changes) return el("p", { class: "muted" }, w("reviews-read-only"));
    const r = await api(`/api/programs/${data.program.id}/reviews/${data.year}`);
    if (!r.cards.length) return el("p", { class: "muted" }, w("reviews-none"));
    const departments = [...new Map(r.cards.map((c) => [c.department_id, c.department])).entries()];
    const refresh = async (message, kind) => { notice(message, kind || "ok"); state.tab = "reviews"; await program(data.program.id, data.year); };
    // decided meanwhile (the chat, another coordinator): said, and the cards read again
    const act = (fn) => async () => {
      try { await refresh((await fn()).message); } catch (e) {
        if (e.code === "review-decided") await refresh(e.message, "error"); else notice(e.message, "error");
      }
    };
    const cards = r.cards.map((c) => {
      const comment = el("textarea", { "aria-label": w("comment"), placeholder: w("comment") });
      return el("article", { class: "card", "data-review": c.id, "data-measure": c.number },
        el("h3", {}, `${c.number} · ${c.department}`), el("div", { class: "muted" }, `${c.text}`),
        el("div", { class: "muted" }, `${c.author} · ${c.at}` + (c.plan ? ` · ${w("col-plan")} ${c.plan}` : "")),
        el("dl", {}, el("dt", {}), el("dd", { class: "muted" }, c.was.actual !== undefined ? w("was") : w("first-report")), el("dd", { class: "muted" }, w("now")),
          ...["actual", "financed", "percent"].flatMap((k) => [el("dt", {}, w("col-" + k)), el("dd", {}, c.was[k] || "—"), el("dd", {}, c.now[k] || "—")])),
        el("div", {}, el("b", {}, w("info") + ": "), c.now.info),
        c.returned ? el("div", { class: "muted" }, c.returned) : null,
        el("button", { class: "accept", onclick: act(() => api(`/api/reviews/${c.id}/accept`, {})) }, w("accept")),
        el("details", {}, el("summary", {}, w("return")), comment,
          el("button", { class: "return", onclick: act(() => api(`/api/reviews/${c.id}/return`, { comment: comment.value })) }, w("send-return"))));
    });
    const all = el("div", { class: "filters" }, departments.map(([id, name]) => el("button", { class: "quiet",
      onclick: act(() => api(`/api/programs/${data.program.id}/reviews/${data.year}/accept-all`, { department: id, seen: r.seen })) },
      `${w("accept-all")}: ${name}`)));
    return el("div", {}, all, cards);
  }

  async function files(data) {
    const list = await api(`/api/programs/${data.program.id}/files/${data.year}`);
    const download = async (path) => {
      try {
        const { url } = await api("/api/links", { path });
        const full = new URL(url, location.href).href;
        if (TG && TG.downloadFile && TG.isVersionAtLeast && TG.isVersionAtLeast("8.0")) TG.downloadFile({ url: full, file_name: path.split("/").pop() });
        else location.href = full;
      } catch (e) { notice(e.message, "error"); }
    };
    return el("div", {}, el("h2", {}, w("downloads")),
      el("div", {}, state.me.formats.map((f) => el("button", { "data-format": f,
        onclick: () => download(`report/${data.program.id}/${data.year}/${f}`) }, f.toUpperCase()))),
      el("h2", {}, w("files")),
      list.files.length ? el("ul", {}, list.files.map((f) => el("li", {}, el("a", { href: "#", onclick: (e) => { e.preventDefault(); download(`file/${f.id}`); } }, f.name))))
        : el("p", { class: "muted" }, w("files-none")));
  }

  const TABS = { table, charts, plans, reviews, files };

  async function render() {
    notice("");
    try {
      const r = route();
      if (r.program) await program(r.program, r.year); else await city();
    } catch (e) { main(); notice(e.message, "error"); }
  }

  async function start() {
    try { W = await (await fetch("/api/words")).json(); } catch (e) { W = {}; }
    document.title = w("title");
    $("#loading").textContent = w("loading");
    if (TG) { TG.ready(); if (TG.expand) TG.expand(); if (TG.BackButton) TG.BackButton.onClick(() => { location.hash = ""; }); }
    try { state.me = await api("/api/me"); } catch (e) { main(); title(w("title")); notice(e.message, "error"); return; }
    window.addEventListener("hashchange", render);
    await render();
  }
  start();
})();
