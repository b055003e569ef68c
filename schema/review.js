"use strict";
const DATA = JSON.parse(document.getElementById("data").textContent);
const byRecord = new Map();   // record index -> its boxes
const boxes = new Map();      // piece key -> box element
const warningsOf = new Map(); // record index -> warnings
for (const w of DATA.warnings) {
  if (w.record !== null && w.record !== undefined) {
    if (!warningsOf.has(w.record)) warningsOf.set(w.record, []);
    warningsOf.get(w.record).push(w);
  }
}
function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined && text !== null) e.textContent = text;
  return e;
}
function quantity(q) {
  if (!q) return "";
  let s = q.op === "range" ? q.value + "–" + q.upper : (q.op === "=" ? "" : q.op + " ") + q.value;
  if (q.unit) s += " " + q.unit;
  if (q.inferred) s += " (" + q.inferred + ")";
  return s;
}
function statusClass(s) { return ["met", "not_met", "unclear", "qualitative", "target_only"].includes(s) ? s : "other"; }
// Boxes: one per printed cell piece, shared by the records read from it.
for (const r of DATA.records) {
  const mine = [];
  // The indicator first, so selecting a record scrolls to its own row, not a shared cell.
  const fields = Object.entries(r.cells).sort((a, b) => (b[0] === "indicator") - (a[0] === "indicator"));
  for (const [field, refs] of fields) {
    for (const [page, x0, top, x1, bottom, table, row, column] of refs) {
      const key = [page, table, row, column, x0, top].join(":");
      let box = boxes.get(key);
      if (!box) {
        const sheet = document.querySelector('#page-' + page + ' .sheet');
        if (!sheet) continue;
        box = el("div", "box");
        const s = DATA.scale;
        box.style.left = (x0 * s) + "px"; box.style.top = (top * s) + "px";
        box.style.width = ((x1 - x0) * s) + "px"; box.style.height = ((bottom - top) * s) + "px";
        box.dataset.records = "";
        box.dataset.bbox = [x0, top, x1, bottom].join(",");
        box.dataset.page = page;
        box.title = "table " + table + ", row " + row + ", column " + column;
        box.addEventListener("click", (ev) => { ev.stopPropagation(); pickFromBox(box); });
        sheet.appendChild(box);
        boxes.set(key, box);
      }
      const list = box.dataset.records ? box.dataset.records.split(",") : [];
      if (!list.includes(String(r.index))) list.push(String(r.index));
      box.dataset.records = list.join(",");
      box.title += "\n" + field + " of #" + r.index;
      if (!mine.includes(box)) mine.push(box);
    }
  }
  byRecord.set(r.index, mine);
}
// Records list.
const listEl = document.getElementById("list");
const items = new Map();
for (const r of DATA.records) {
  const li = el("li", "record");
  li.id = "record-" + r.index;
  li.dataset.index = r.index;
  li.dataset.status = statusClass(r.status);
  li.dataset.warned = warningsOf.has(r.index) ? "1" : "0";
  const head = el("div");
  head.appendChild(el("span", "num", "#" + r.index));
  head.appendChild(el("span", "badge " + statusClass(r.status), r.status));
  head.appendChild(document.createTextNode(" p." + r.pages.join(",")));
  li.appendChild(head);
  const ctx = [r.project, r.category, r.goal, r.level1, r.level2].filter(Boolean).join(" › ");
  if (ctx) { const c = el("div", "ctx", ctx); c.title = ctx; li.appendChild(c); }
  li.appendChild(el("div", "ind", r.indicator));
  const t = el("table");
  const row = (label, value, numeric) => {
    if (value === null || value === undefined || value === "") return;
    const tr = el("tr"); tr.appendChild(el("td", "", label));
    tr.appendChild(el("td", numeric ? "num" : "", value)); t.appendChild(tr);
  };
  row("amount", r.amount_wan === null ? null : r.amount_wan + " 万元", true);
  row("target", r.target); row("actual", r.actual);
  row("weight", r.weight, true); row("score", r.score, true);
  row("unit", r.unit);
  for (const c of r.checks) {
    row("check", quantity(c.target) + "  →  " + quantity(c.actual) + "  [" + c.status + "]", true);
  }
  li.appendChild(t);
  for (const w of warningsOf.get(r.index) || []) li.appendChild(el("div", "warn", "⚠ " + w.code + ": " + w.message));
  li._search = JSON.stringify(r).toLowerCase() + JSON.stringify(warningsOf.get(r.index) || []).toLowerCase();
  li.addEventListener("click", () => select(r.index, true));
  listEl.appendChild(li);
  items.set(r.index, li);
}
// Page-level warnings under each page caption.
for (const w of DATA.warnings) {
  const fig = document.getElementById("page-" + w.page);
  if (fig && (w.record === null || w.record === undefined)) {
    fig.querySelector("figcaption").appendChild(el("div", "pagewarn", "⚠ " + w.code + ": " + w.message));
  }
}
let current = null;
function select(index, scrollPage) {
  for (const b of document.querySelectorAll(".box.selected")) b.classList.remove("selected");
  for (const li of document.querySelectorAll(".record.selected")) li.classList.remove("selected");
  current = index;
  const li = items.get(index);
  li.classList.add("selected");
  const mine = byRecord.get(index) || [];
  for (const b of mine) b.classList.add("selected");
  if (scrollPage && mine.length) mine[0].scrollIntoView({block: "center", inline: "nearest"});
  if (!scrollPage) li.scrollIntoView({block: "nearest"});
}
function pickFromBox(box) {
  const ids = box.dataset.records.split(",").map(Number).filter((i) => !items.get(i).classList.contains("hidden"));
  if (!ids.length) return;
  const at = ids.indexOf(current);
  select(ids[(at + 1) % ids.length], false); // clicking again cycles through shared cells
}
function applyFilters() {
  const statuses = new Set([...document.querySelectorAll("input.status:checked")].map((c) => c.value));
  const warned = document.getElementById("warned").checked;
  const q = document.getElementById("search").value.trim().toLowerCase();
  let shown = 0;
  for (const [index, li] of items) {
    const visible = statuses.has(li.dataset.status) && (!warned || li.dataset.warned === "1") && (!q || li._search.includes(q));
    li.classList.toggle("hidden", !visible);
    shown += visible;
  }
  for (const b of boxes.values()) {
    const any = b.dataset.records.split(",").some((i) => !items.get(Number(i)).classList.contains("hidden"));
    b.classList.toggle("muted", !any);
  }
  document.getElementById("count").textContent = shown + " of " + DATA.records.length + " records shown";
}
for (const input of document.querySelectorAll("#filters input")) input.addEventListener("input", applyFilters);
const hidden = DATA.pages_total - DATA.pages.length;
document.getElementById("summary").textContent =
  (DATA.title || "") + " · layout " + DATA.layout + " · " + DATA.records.length + " records · " +
  DATA.warnings.length + " warnings · " + DATA.pages.length + " of " + DATA.pages_total +
  " pages shown" + (hidden ? " (" + hidden + " without tables left out)" : "");
applyFilters();
