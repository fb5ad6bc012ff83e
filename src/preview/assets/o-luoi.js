// A list of tables as a grid (indicators, tasks, units, recipients): one
// row an entry, the hinted keys as columns, the other keys of a row below
// it. Cells are edited in place; Tab goes to the next cell, Enter to the
// same cell of the next row; a block pasted from Excel or Word
// (tab-separated rows) fills rows and columns, adding rows as needed.

import { child, getIn, parseNumber, parseDate, parseTarget, labelOf, resolve } from "./bieu-mau.js";

/** A new `id` from a name: ASCII, no diacritics, a few words, unique among
 *  `taken` ("Tỷ lệ hộ dân" → "ty-le-ho-dan"). */
export function idFor(name, taken) {
  const base =
    String(name || "")
      .toLowerCase()
      .replace(/đ/g, "d")
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/[^a-z0-9]+/g, " ")
      .trim()
      .split(" ")
      .filter(Boolean)
      .slice(0, 5)
      .join("-") || "muc";
  let id = base;
  for (let n = 2; taken.includes(id); n++) id = `${base}-${n}`;
  return id;
}

/** Tab-separated rows as Excel and Word put them on the clipboard (a cell
 *  holding a tab, a line break or a quote comes quoted). */
export function parseRows(text) {
  const rows = [];
  let row = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"' && cell === "") quoted = true;
    else if (c === "\t") row.push(cell), (cell = "");
    else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
    } else cell += c;
  }
  if (cell !== "" || row.length) row.push(cell), rows.push(row);
  return rows.map((r) => r.map((c) => c.trim()));
}

export class Grid {
  constructor(form, path, node, list) {
    this.form = form;
    this.path = path;
    this.columns = node["x-kehoach-grid"];
    this.item = resolve(form.schema, node.items);
    this.list = list;
    this.element = this.build();
  }

  build() {
    const { form, path, columns, item, list } = this;
    const head = document.createElement("tr");
    head.append(th("STT"));
    for (const column of columns) {
      const { label, help } = labelOf(item.properties[column], column);
      const cell = th(label);
      cell.title = help;
      head.append(cell);
    }
    head.append(th(""));
    const body = document.createElement("tbody");
    list.forEach((value, i) => {
      const at = child(path, i + 1);
      const row = document.createElement("tr");
      row.dataset.key = at;
      row.dataset.dong = String(i + 1);
      row.append(td(String(i + 1), "stt"));
      columns.forEach((column, c) => {
        const cell = td("", "o");
        cell.dataset.cot = String(c);
        if (column === "ten") cell.classList.add("rong");
        const prop = resolve(form.schema, item.properties[column]);
        const cellValue = value ? value[column] : undefined;
        const kind = prop.type === "array" ? "list" : null;
        cell.append(
          kind === "list"
            ? form.texts(child(at, column), prop, cellValue || [], prop["x-kehoach-ref"] ? "refs" : "texts")
            : form.control(child(at, column), prop, cellValue, null, { compact: true }),
        );
        row.append(cell);
      });
      const details = document.createElement("tr");
      details.className = "chi-tiet";
      details.hidden = true;
      const inner = td("");
      inner.colSpan = columns.length + 2;
      inner.append(form.table(at, item, value || {}, { skip: columns }));
      details.append(inner);
      const toggle = document.createElement("button");
      toggle.type = "button";
      toggle.textContent = "Chi tiết";
      toggle.setAttribute("aria-expanded", "false");
      toggle.setAttribute("aria-label", `Chi tiết dòng ${i + 1}`);
      toggle.addEventListener("click", () => {
        details.hidden = !details.hidden;
        toggle.setAttribute("aria-expanded", String(!details.hidden));
      });
      const tools = td("", "cong-cu-dong");
      tools.append(toggle, form.rowButtons(path, i + 1, list.length));
      row.append(tools);
      body.append(row, details);
    });
    const table = document.createElement("table");
    table.className = "luoi";
    table.dataset.key = path;
    const thead = document.createElement("thead");
    thead.append(head);
    table.append(thead, body);
    table.addEventListener("keydown", (e) => this.keys(e));
    table.addEventListener("paste", (e) => this.paste(e));
    const add = document.createElement("button");
    add.type = "button";
    add.className = "them";
    add.dataset.them = path;
    add.textContent = "+ Thêm dòng";
    add.addEventListener("click", () => form.restructure([{ op: "append", path, value: this.newRow({}) }]));
    const box = document.createElement("div");
    box.className = "cuon-ngang";
    box.append(table, add);
    this.add = add;
    return box;
  }

  /** A new row's values, with the `id` a row must have. */
  newRow(values) {
    const row = { ...values };
    if ((this.item.required || []).includes("id") && !row.id) {
      const taken = this.list.map((r) => r && r.id).filter(Boolean);
      row.id = idFor(row.ten || "muc", taken);
      taken.push(row.id);
    }
    return row;
  }

  /** Enter: the same cell one row down (Shift+Enter: up). */
  keys(e) {
    if (e.key !== "Enter" || e.target.tagName === "TEXTAREA" || e.target.tagName === "BUTTON") return;
    const cell = e.target.closest("td.o");
    const row = e.target.closest("tr[data-dong]");
    if (!cell || !row) return;
    e.preventDefault();
    let next = row;
    do next = e.shiftKey ? next.previousElementSibling : next.nextElementSibling;
    while (next && !next.dataset.dong);
    const target = next && next.querySelector(`td[data-cot="${cell.dataset.cot}"] input, td[data-cot="${cell.dataset.cot}"] select`);
    (target || (e.shiftKey ? null : this.add))?.focus();
  }

  /** A block from a spreadsheet: its rows and columns from the cell pasted
   *  into. One undo step. */
  paste(e) {
    const cell = e.target.closest("td.o");
    const row = e.target.closest("tr[data-dong]");
    const text = e.clipboardData && e.clipboardData.getData("text/plain");
    if (!cell || !row || !text || !/[\t\n]/.test(text.replace(/\s+$/, ""))) return;
    e.preventDefault();
    const rows = parseRows(text);
    const firstRow = Number(row.dataset.dong);
    const firstColumn = Number(cell.dataset.cot);
    const edits = [];
    const taken = this.list.map((r) => r && r.id).filter(Boolean);
    rows.forEach((cells, r) => {
      const index = firstRow + r;
      const values = {};
      cells.forEach((text, c) => {
        const column = this.columns[firstColumn + c];
        if (column) values[column] = this.value(column, text);
      });
      if (index <= this.list.length) {
        for (const [column, value] of Object.entries(values)) {
          const at = child(child(this.path, index), column);
          edits.push(value === undefined ? { op: "remove", path: at } : { op: "set", path: at, value });
        }
      } else {
        const fresh = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined));
        if ((this.item.required || []).includes("id") && !fresh.id) {
          fresh.id = idFor(fresh.ten || "muc", taken);
          taken.push(fresh.id);
        }
        edits.push({ op: "append", path: this.path, value: fresh });
      }
    });
    // A set of a key that is not there yet is fine; a remove is not.
    const kept = edits.filter((e) => e.op !== "remove" || this.form.data && getIn(this.form.data, e.path) !== undefined);
    this.form.restructure(kept);
  }

  /** A pasted cell as the column's value. */
  value(column, text) {
    if (text === "") return undefined;
    const prop = resolve(this.form.schema, this.item.properties[column]);
    if (prop["x-definition"] === "Target") return parseTarget(text);
    const ref = prop["x-kehoach-ref"];
    if (ref) {
      const ids = text.split(/[,;\n]/).map((t) => this.refId(ref, t.trim())).filter(Boolean);
      return prop.type === "array" ? ids : ids[0];
    }
    if (prop.type === "number" || prop.type === "integer") return parseNumber(text);
    if (prop.format === "date" || (prop.anyOf && prop.anyOf.some((b) => b.format === "date"))) return parseDate(text);
    return text;
  }

  /** A unit or group named by its id, its name or its short name. */
  refId(list, text) {
    const wanted = text.toLowerCase();
    const found = (this.form.data[list] || []).find(
      (u) => u && [u.id, u.ten, u.viet_tat].some((v) => v && String(v).toLowerCase() === wanted),
    );
    return found ? found.id : text;
  }
}

function th(text) {
  const cell = document.createElement("th");
  cell.scope = "col";
  cell.textContent = text;
  return cell;
}

function td(text, className) {
  const cell = document.createElement("td");
  if (className) cell.className = className;
  if (text) cell.textContent = text;
  return cell;
}
