// The plan as a form, made from the schema (`kehoach schema` plus the
// `x-kehoach-*` hints): every key of the plan has a field whose element
// carries its key path in `data-key`, in the diagnostics' notation
// (`nguoi_ky.ho_ten`, `chi_tieu[16].chi_tieu_giao`).
//
// The form sends edits (key path + op + value) to its `edit` handler and
// never rewrites the field being typed in: values from elsewhere (another
// editor's save, undo) are written only into fields without the cursor,
// unless the change is the clerk's own undo.
//
// DOM only: how edits reach the file is the caller's (see may.js).

import { Grid, idFor } from "./o-luoi.js";

// ----- key paths ---------------------------------------------------------

/** `chi_tieu[3].ten` → ["chi_tieu", 3, "ten"] (indices 1-based). */
export function parsePath(path) {
  const out = [];
  for (const part of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    out.push(part[2] !== undefined ? Number(part[2]) : part[1]);
  }
  return out;
}

export function formatPath(segments) {
  let out = "";
  for (const s of segments) {
    if (typeof s === "number") out += `[${s}]`;
    else out += out ? `.${s}` : s;
  }
  return out;
}

export function child(path, key) {
  return typeof key === "number" ? `${path}[${key}]` : path ? `${path}.${key}` : key;
}

export function getIn(data, path) {
  let node = data;
  for (const s of parsePath(path)) {
    if (node === undefined || node === null) return undefined;
    node = typeof s === "number" ? (Array.isArray(node) ? node[s - 1] : undefined) : node[s];
  }
  return node;
}

function parentOf(data, path, create) {
  const segs = parsePath(path);
  let node = data;
  for (const s of segs.slice(0, -1)) {
    const key = typeof s === "number" ? s - 1 : s;
    if (node[key] === undefined) {
      if (!create) return [undefined, undefined];
      node[key] = {};
    }
    node = node[key];
  }
  const last = segs[segs.length - 1];
  return [node, typeof last === "number" ? last - 1 : last];
}

function clone(value) {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}

/** Applies one edit to the plan's values in the page (as the edit module
 *  applies it to the file). */
export function applyEdit(data, edit) {
  const value = clone(edit.value);
  if (edit.op === "append") {
    const list = getIn(data, edit.path);
    if (Array.isArray(list)) list.push(value);
    else {
      const [parent, key] = parentOf(data, edit.path, true);
      parent[key] = [value];
    }
    return;
  }
  const [parent, key] = parentOf(data, edit.path, edit.op === "set");
  if (parent === undefined) return;
  if (edit.op === "set") parent[key] = value;
  else if (edit.op === "remove") {
    if (Array.isArray(parent)) parent.splice(key, 1);
    else delete parent[key];
  } else if (edit.op === "insert") parent.splice(key, 0, value);
  else if (edit.op === "move") {
    const [moved] = parent.splice(key, 1);
    parent.splice(edit.to - 1, 0, moved);
  }
}

/** The edit that undoes `edit`, computed before it is applied. */
export function inverseOf(data, edit) {
  const old = clone(getIn(data, edit.path));
  const segs = parsePath(edit.path);
  const last = segs[segs.length - 1];
  switch (edit.op) {
    case "set":
      return old === undefined ? { op: "remove", path: edit.path } : { op: "set", path: edit.path, value: old };
    case "remove":
      return typeof last === "number"
        ? { op: "insert", path: edit.path, value: old }
        : { op: "set", path: edit.path, value: old };
    case "insert":
      return { op: "remove", path: edit.path };
    case "append":
      return Array.isArray(old)
        ? { op: "remove", path: child(edit.path, old.length + 1) }
        : { op: "remove", path: edit.path };
    case "move": {
      const list = formatPath(segs.slice(0, -1));
      return { op: "move", path: child(list, edit.to), to: last };
    }
    default:
      return null;
  }
}

// ----- Vietnamese values -------------------------------------------------

/** A number as a Vietnamese clerk types it: "35,4" → 35.4, "3.277.000.000"
 *  → 3277000000, "1.500" → 1500; anything else stays text (check says
 *  what is wrong with it). */
export function parseNumber(text) {
  let s = text.trim().replace(/\s+/g, "").replace(/%$/, "");
  if (s.includes(",")) s = s.replace(/\./g, "").replace(",", ".");
  else if (/^-?\d{1,3}(\.\d{3})+$/.test(s)) s = s.replace(/\./g, "");
  if (/^-?\d+(\.\d+)?$/.test(s)) return Number(s);
  return text;
}

/** A number as the page shows it: 35.4 → "35,4". */
export function showNumber(value) {
  if (typeof value !== "number") return value === undefined || value === null ? "" : String(value);
  return String(value).replace(".", ",");
}

/** "24/01/2026" or "2026-01-24" → "2026-01-24"; other text as typed. */
export function parseDate(text) {
  const t = text.trim();
  const vn = t.match(/^(\d{1,2})\/(\d{1,2})\/(\d{4})$/);
  if (vn) return `${vn[3]}-${vn[2].padStart(2, "0")}-${vn[1].padStart(2, "0")}`;
  return t;
}

// ----- schema ------------------------------------------------------------

/** Follows `$ref` (and a one-element `allOf` around it), keeping the key's
 *  own description. */
export function resolve(schema, node) {
  if (!node) return {};
  let target = node;
  if (node.allOf && node.allOf.length === 1) target = node.allOf[0];
  if (target.$ref) {
    const name = target.$ref.split("/").pop();
    return { ...schema.definitions[name], ...stripRef(node), "x-definition": name };
  }
  return node;
}

function stripRef(node) {
  const out = { ...node };
  delete out.$ref;
  delete out.allOf;
  return out;
}

/** A table's keys in writing order, then any the hints do not know. */
export function orderedKeys(node) {
  const keys = Object.keys(node.properties || {});
  const order = (node["x-kehoach-form-order"] || node["x-kehoach-order"] || []).filter((k) => keys.includes(k));
  return order.concat(keys.filter((k) => !order.includes(k)));
}

/** The label and help of a key: its description's first phrase, and the
 *  whole description. */
export function labelOf(node, key) {
  const help = (node && node.description) || "";
  let text = help
    .replace(/^`true`:\s*/, "")
    .replace(/\([^)]*`[^)]*\)/g, "")
    .replace(/`[^`]*`/g, "")
    .replace(/\s+/g, " ")
    .trim();
  const cut = text.search(/[.;:,]\s|\s\(|: |—/);
  let label = (cut > 0 ? text.slice(0, cut) : text).trim().replace(/\s+(trong|của|ở|là|cho)$/, "");
  if (label.length > 60) label = label.slice(0, label.lastIndexOf(" ", 57)) + " …";
  if (!label) label = key;
  return { label: label[0].toUpperCase() + label.slice(1), help };
}

function kindOf(node) {
  if (node["x-kehoach-prose"]) return "prose";
  if (node["x-definition"] === "Target") return "target";
  if (node["x-kehoach-ref"]) return node.type === "array" ? "refs" : "ref";
  if (node.anyOf) {
    const types = node.anyOf.map((b) => b.type);
    if (types.includes("array")) return "ref-or-refs";
    if (node.anyOf.some((b) => b.format === "date")) return "deadline";
  }
  if (node.enum) return "select";
  if (node.type === "array") {
    const items = node.items || {};
    if (node["x-kehoach-grid"]) return "grid";
    if (items.$ref) return items.$ref.endsWith("/Milestone") ? "years" : "tables";
    if (items.enum) return "choices";
    return "texts";
  }
  if (node.type === "object" && node.additionalProperties) return "map";
  if (node.type === "object" || node.properties) return "table";
  if (node.type === "boolean") return "check";
  if (node.type === "integer" || node.type === "number") return "number";
  if (node.format === "date") return "date";
  return "text";
}

const TARGET_FORMS = [
  ["ty_le", "Tỷ lệ (%)"],
  ["so", "Số"],
  ["tu", "Từ … đến …"],
  ["toi_thieu", "Tối thiểu (≥ …%)"],
  ["toi_da", "Tối đa (≤ …%)"],
  ["tren", "Trên (> …%)"],
  ["duoi", "Dưới (< …%)"],
  ["chu", "Bằng chữ"],
];

/** Pasted text as a target: "35,4%" → {ty_le: 35.4}, "≥ 85%" → {toi_thieu:
 *  85}, "2-3 đơn/năm", "2 mô hình", anything else as words. */
export function parseTarget(text) {
  const t = text.trim();
  if (!t) return undefined;
  const num = "(-?[\\d.,]+)";
  const signs = [["≥", "toi_thieu"], [">=", "toi_thieu"], ["≤", "toi_da"], ["<=", "toi_da"], [">", "tren"], ["<", "duoi"]];
  for (const [sign, key] of signs) {
    const m = t.match(new RegExp(`^${sign}\\s*${num}\\s*(.*)$`));
    if (m) return withUnit({ [key]: parseNumber(m[1]) }, m[2]);
  }
  let m = t.match(new RegExp(`^${num}\\s*%$`));
  if (m) return { ty_le: parseNumber(m[1]) };
  m = t.match(new RegExp(`^${num}\\s*[-–]\\s*${num}\\s*(.*)$`));
  if (m) return withUnit({ tu: parseNumber(m[1]), den: parseNumber(m[2]) }, m[3]);
  m = t.match(new RegExp(`^${num}(\\s+.*)?$`));
  if (m && typeof parseNumber(m[1]) === "number") return withUnit({ so: parseNumber(m[1]) }, m[2] || "");
  return { chu: t };
}

function withUnit(target, unit) {
  const u = unit.trim().replace(/^%$/, "");
  if (u) target.don_vi = u;
  return target;
}

// ----- the form ----------------------------------------------------------

let uid = 0;

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "class") node.className = v;
    else if (k === "text") node.textContent = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children) if (c) node.append(c);
  return node;
}

export class Form {
  /** `handlers.edit(edits, inverse, group)`: the clerk changed something;
   *  `inverse` undoes it; `group` names the field being typed in, so
   *  consecutive typing is one undo step. */
  constructor(root, schema, handlers) {
    this.root = root;
    this.schema = schema;
    this.handlers = handlers;
    this.data = {};
    this.controls = [];
  }

  /** Builds the whole form for `data`. */
  show(data) {
    const focused = document.activeElement;
    const focusKey = focused && this.root.contains(focused) ? focused.dataset.key : null;
    const selection = focusKey && "selectionStart" in focused ? [focused.selectionStart, focused.selectionEnd] : null;
    this.data = data;
    this.controls = [];
    this.shape = shapeOf(data);
    const top = this.table("", resolve(this.schema, this.schema), data, { top: true });
    this.root.replaceChildren(top);
    if (focusKey) {
      const again = this.find(focusKey);
      if (again) {
        again.focus({ preventScroll: true });
        if (selection && "setSelectionRange" in again) {
          try {
            again.setSelectionRange(...selection);
          } catch (e) {
            /* not a text field */
          }
        }
      }
    }
  }

  /** New values from elsewhere: written into every field but the one being
   *  typed in (unless `force`, for the clerk's own undo); the form is built
   *  again when lists grew or shrank. */
  refresh(data, force) {
    if (shapeOf(data) !== this.shape) {
      this.show(data);
      return;
    }
    this.data = data;
    for (const control of this.controls) {
      const active = control.element.contains(document.activeElement);
      if (active && !force) continue;
      control.write(getIn(data, control.path));
    }
  }

  /** The element of `key`, or of the nearest key above it that has one. */
  find(key) {
    let segs = parsePath(key || "");
    while (segs.length) {
      const found = this.root.querySelector(`[data-key="${CSS.escape(formatPath(segs))}"]`);
      if (found) return found;
      segs = segs.slice(0, -1);
    }
    return null;
  }

  /** Shows `key`'s field (opening what hides it) and puts the cursor in it. */
  focus(key) {
    const found = this.find(key);
    if (!found) return false;
    for (let up = found; up && up !== this.root; up = up.parentElement) {
      if (up.tagName === "DETAILS") up.open = true;
      if (up.hidden) up.hidden = false;
    }
    const target = found.matches("input, select, textarea, button")
      ? found
      : found.querySelector("input, select, textarea, button");
    (target || found).scrollIntoView({ block: "center" });
    if (target) target.focus();
    return true;
  }

  /** Puts each problem of this plan at its field. */
  problems(list) {
    for (const old of this.root.querySelectorAll(".loi-o")) old.remove();
    for (const old of this.root.querySelectorAll(".co-loi, .co-canh-bao")) {
      old.classList.remove("co-loi", "co-canh-bao");
      old.removeAttribute("aria-invalid");
    }
    for (const p of list) {
      if (!p.here || !p.key) continue;
      const found = this.find(p.key);
      if (!found) continue;
      const box = found.closest(".o, td, .muc") || found;
      box.classList.add(p.error ? "co-loi" : "co-canh-bao");
      const control = found.matches("input, select, textarea") ? found : found.querySelector("input, select, textarea");
      if (control && p.error) control.setAttribute("aria-invalid", "true");
      const note = el("p", { class: "loi-o", "data-van-de": p.key, text: (p.error ? "Lỗi: " : "Cảnh báo: ") + p.message + (p.help ? ` (${p.help})` : "") });
      box.append(note);
    }
  }

  /** Applies `edits` to the values; the edits that undo them. */
  apply(edits) {
    const inverse = [];
    for (const edit of edits) {
      inverse.unshift(inverseOf(this.data, edit));
      applyEdit(this.data, edit);
    }
    return inverse.filter(Boolean);
  }

  emit(edits, group) {
    const inverse = this.apply(edits);
    this.handlers.edit(edits, inverse, group);
  }

  /** An edit that changes the lists: applied, then the form built again. */
  restructure(edits) {
    const inverse = this.apply(edits);
    this.handlers.edit(edits, inverse, null);
    this.show(this.data);
  }

  /** Undo and redo: `edits` applied and every field shown as it now is,
   *  the one with the cursor too. The edits that undo these. */
  replay(edits) {
    const inverse = this.apply(edits);
    this.refresh(this.data, true);
    return inverse;
  }

  register(path, element, write) {
    this.controls.push({ path, element, write });
  }

  // ----- widgets -----

  /** A field for `path`, whatever its kind. */
  field(path, key, node, value, options = {}) {
    node = resolve(this.schema, node);
    const kind = kindOf(node);
    switch (kind) {
      case "table":
        return this.section(path, key, node, value);
      case "grid":
        return this.wrap(path, key, node, new Grid(this, path, node, value || []).element, { block: true });
      case "tables":
        return this.items(path, key, node, value || []);
      case "years":
        return this.wrap(path, key, node, this.years(path, node, value || []), { block: true });
      case "texts":
      case "choices":
        return this.wrap(path, key, node, this.texts(path, node, value || [], kind), { block: true });
      case "refs":
        return this.wrap(path, key, node, this.texts(path, node, value || [], "refs"), { block: true });
      case "map":
        return this.wrap(path, key, node, this.map(path, node, value || {}), { block: true });
      default:
        return this.wrap(path, key, node, this.control(path, node, value, kind, options));
    }
  }

  /** A label, the control, and the help shown while the field is in use. */
  wrap(path, key, node, control, { block } = {}) {
    const { label, help } = labelOf(node, key);
    const id = control.id || (control.querySelector && control.querySelector("input, select, textarea")?.id);
    const box = el(
      "div",
      { class: block ? "o khoi" : "o" },
      el(block ? "span" : "label", { class: "nhan", for: block ? null : id }, label, el("code", { class: "khoa", text: key })),
      control,
    );
    if (help && help !== label) box.append(el("small", { class: "goi-y-o", text: help }));
    return box;
  }

  /** One control for a single value (also a grid cell's). */
  control(path, node, value, kind, { compact } = {}) {
    kind = kind || kindOf(node);
    const id = `o${++uid}`;
    if (kind === "target") return this.target(path, value, id);
    if (kind === "select" || kind === "ref") return this.select(path, node, value, id, kind);
    if (kind === "ref-or-refs") {
      if (Array.isArray(value)) return this.texts(path, { ...node, "x-kehoach-ref": node["x-kehoach-ref"] }, value, "refs");
      return this.select(path, node, value, id, "ref");
    }
    if (kind === "check") {
      const box = el("input", { type: "checkbox", id, "data-key": path });
      box.checked = value === true;
      box.addEventListener("change", () => this.emit([{ op: "set", path, value: box.checked }], null));
      this.register(path, box, (v) => (box.checked = v === true));
      return box;
    }
    const prose = kind === "prose";
    const input = prose
      ? el("textarea", { id, "data-key": path, rows: 8, spellcheck: "false" })
      : el("input", {
          id,
          "data-key": path,
          type: "text",
          inputmode: kind === "number" ? "decimal" : null,
          placeholder: kind === "date" ? "24/01/2026" : kind === "deadline" ? "30/6/2026 hoặc Tháng 6/2026" : null,
          autocomplete: "off",
        });
    const show = (v) => (kind === "number" ? showNumber(v) : v === undefined || v === null ? "" : kind === "date" || kind === "deadline" ? showDate(v) : String(v));
    input.value = show(value);
    const convert = (text) => {
      if (kind === "number") return parseNumber(text);
      if (kind === "date" || kind === "deadline") return parseDate(text);
      if (prose && text && !text.endsWith("\n")) return text + "\n";
      return text;
    };
    this.typing(input, path, convert);
    this.register(path, input, (v) => {
      const text = show(v);
      if (input.value !== text && convert(input.value) !== v) input.value = text;
    });
    if (!prose) return input;
    return el("div", { class: "van-ban" }, toolbar(input), input);
  }

  /** Sends the field's value as the clerk types it; nothing while an input
   *  method is composing a character. */
  typing(input, path, convert) {
    let composing = false;
    const send = () => {
      const text = input.value;
      if (text === "" || text.trim() === "") {
        if (getIn(this.data, path) !== undefined) this.emit([{ op: "remove", path }], path);
        return;
      }
      const value = convert(text);
      if (JSON.stringify(getIn(this.data, path)) === JSON.stringify(value)) return;
      this.emit([{ op: "set", path, value }], path);
    };
    input.addEventListener("compositionstart", () => (composing = true));
    input.addEventListener("compositionend", () => {
      composing = false;
      send();
    });
    input.addEventListener("input", (event) => {
      if (composing || event.isComposing) return;
      send();
    });
    input.addEventListener("blur", () => this.handlers.seal && this.handlers.seal());
  }

  select(path, node, value, id, kind) {
    const select = el("select", { id, "data-key": path });
    const list = node["x-kehoach-ref"];
    const fill = (current) => {
      const options = [el("option", { value: "", text: "— chưa chọn —" })];
      if (kind === "ref") {
        for (const item of this.data[list] || []) {
          if (item && item.id) options.push(el("option", { value: item.id, text: item.ten ? `${item.ten} (${item.id})` : item.id }));
        }
      } else {
        for (const choice of node.enum || []) options.push(el("option", { value: choice, text: choice }));
      }
      if (current !== undefined && current !== "" && !options.some((o) => o.value === String(current))) {
        options.push(el("option", { value: String(current), text: `${current} (không có trong danh sách)` }));
      }
      if (kind === "ref" && list === "don_vi") options.push(el("option", { value: "\u0000them", text: "+ Thêm đơn vị…" }));
      select.replaceChildren(...options);
      select.value = current === undefined ? "" : String(current);
    };
    fill(value);
    const box = el("span", { class: "chon" }, select);
    select.addEventListener("change", () => {
      if (select.value === "\u0000them") {
        this.addUnit(box, path, () => fill(getIn(this.data, path)));
        return;
      }
      const edits = select.value === "" ? [{ op: "remove", path }] : [{ op: "set", path, value: select.value }];
      if (select.value === "" && getIn(this.data, path) === undefined) return;
      this.emit(edits, null);
    });
    this.register(path, select, (v) => fill(v));
    return box;
  }

  /** "Thêm đơn vị": a name, a new unit made from it, chosen here. */
  addUnit(box, path, cancel) {
    if (box.querySelector(".them-don-vi")) return;
    const name = el("input", { type: "text", placeholder: "Tên đơn vị, ví dụ Phòng Kinh tế", "aria-label": "Tên đơn vị mới" });
    const done = () => {
      const ten = name.value.trim();
      form.remove();
      if (!ten) return cancel();
      const units = this.data.don_vi || [];
      const id = idFor(ten, units.map((u) => u.id));
      this.restructure([{ op: "append", path: "don_vi", value: { id, ten } }, { op: "set", path, value: id }]);
    };
    const form = el(
      "span",
      { class: "them-don-vi" },
      name,
      el("button", { type: "button", text: "Thêm", onclick: done }),
      el("button", { type: "button", text: "Thôi", onclick: () => (form.remove(), cancel()) }),
    );
    name.addEventListener("keydown", (e) => {
      if (e.key === "Enter") (e.preventDefault(), done());
      if (e.key === "Escape") (form.remove(), cancel());
    });
    box.append(form);
    name.focus();
  }

  /** The form of a target and its number(s): "35,4" typed as a rate is
   *  35.4, printed 35,4%. */
  target(path, value, id) {
    const target = value && typeof value === "object" ? value : {};
    const box = el("span", { class: "chi-tieu-giao", "data-key": path, role: "group", "aria-label": "Chỉ tiêu giao" });
    const form = el("select", { id, "aria-label": "Dạng chỉ tiêu" });
    for (const [key, label] of TARGET_FORMS) form.append(el("option", { value: key, text: label }));
    const first = el("input", { type: "text", inputmode: "decimal", autocomplete: "off", "aria-label": "Giá trị" });
    const second = el("input", { type: "text", inputmode: "decimal", autocomplete: "off", "aria-label": "Đến" });
    const unit = el("input", { type: "text", autocomplete: "off", placeholder: "đơn vị", "aria-label": "Đơn vị" });
    const write = (v) => {
      const t = v && typeof v === "object" ? v : {};
      const key = TARGET_FORMS.map(([k]) => k).find((k) => k in t) || (t.den !== undefined ? "tu" : "ty_le");
      form.value = key;
      first.dataset.key = child(path, key);
      second.dataset.key = child(path, "den");
      unit.dataset.key = child(path, "don_vi");
      for (const [input, text] of [
        [first, key === "chu" ? t.chu ?? "" : showNumber(t[key])],
        [second, showNumber(t.den)],
        [unit, t.don_vi ?? ""],
      ]) {
        if (document.activeElement !== input) input.value = text;
      }
      second.hidden = key !== "tu";
      first.inputMode = key === "chu" ? "text" : "decimal";
    };
    write(target);
    const read = () => {
      const key = form.value;
      const out = {};
      if (first.value.trim()) out[key] = key === "chu" ? first.value : parseNumber(first.value);
      if (key === "tu" && second.value.trim()) out.den = parseNumber(second.value);
      if (unit.value.trim()) out.don_vi = unit.value;
      return out;
    };
    let composing = false;
    const send = () => {
      if (composing) return;
      const out = read();
      const edits = Object.keys(out).length ? [{ op: "set", path, value: out }] : getIn(this.data, path) !== undefined ? [{ op: "remove", path }] : [];
      if (!edits.length || JSON.stringify(getIn(this.data, path)) === JSON.stringify(out)) return;
      this.emit(edits, path);
    };
    for (const input of [first, second, unit]) {
      input.addEventListener("compositionstart", () => (composing = true));
      input.addEventListener("compositionend", () => ((composing = false), send()));
      input.addEventListener("input", (e) => !e.isComposing && send());
      input.addEventListener("blur", () => this.handlers.seal && this.handlers.seal());
    }
    form.addEventListener("change", () => {
      first.dataset.key = child(path, form.value);
      second.hidden = form.value !== "tu";
      send();
    });
    box.append(form, first, second, unit);
    this.register(path, box, write);
    return box;
  }

  /** A table: its keys' fields, in writing order. */
  section(path, key, node, value) {
    const fields = this.table(path, node, value || {});
    if (!key) return fields;
    const { label, help } = labelOf(node, key);
    return el("section", { class: "muc", "data-key": path }, el("h2", { text: label, title: help }), fields);
  }

  table(path, node, value, { top, skip } = {}) {
    const box = el("div", { class: top ? "bieu-mau" : "bang-o" });
    for (const key of orderedKeys(node)) {
      if (skip && skip.includes(key)) continue;
      box.append(this.field(child(path, key), key, node.properties[key], value ? value[key] : undefined));
    }
    return box;
  }

  /** A list of tables shown one under another (sections, appendices). */
  items(path, key, node, list) {
    const { label, help } = labelOf(node, key);
    const item = resolve(this.schema, node.items);
    const box = el("section", { class: "muc danh-sach", "data-key": path }, el("h2", { text: label, title: help }));
    list.forEach((value, i) => {
      const at = child(path, i + 1);
      const title = value && (value.tieu_de || value.ten || value.id);
      const summary = el("summary", {}, el("span", { text: `${i + 1}. ${title || "(chưa có tên)"}` }), this.rowButtons(path, i + 1, list.length));
      box.append(el("details", { class: "phan-tu", "data-key": at, open: list.length <= 4 ? true : null }, summary, this.table(at, item, value)));
    });
    box.append(
      el("button", {
        type: "button",
        class: "them",
        "data-them": path,
        text: `+ Thêm ${label.toLowerCase()}`,
        onclick: () => this.restructure([{ op: "append", path, value: {} }]),
      }),
    );
    return box;
  }

  /** ↑ ↓ ✕ for element `i` (1-based) of the list at `path`. */
  rowButtons(path, i, length) {
    const at = child(path, i);
    return el(
      "span",
      { class: "nut-dong" },
      el("button", { type: "button", title: "Chuyển lên", "aria-label": `Chuyển mục ${i} lên`, disabled: i === 1, text: "↑", onclick: (e) => (e.preventDefault(), this.restructure([{ op: "move", path: at, to: i - 1 }])) }),
      el("button", { type: "button", title: "Chuyển xuống", "aria-label": `Chuyển mục ${i} xuống`, disabled: i === length, text: "↓", onclick: (e) => (e.preventDefault(), this.restructure([{ op: "move", path: at, to: i + 1 }])) }),
      el("button", { type: "button", title: "Xóa", "aria-label": `Xóa mục ${i}`, class: "xoa", text: "✕", onclick: (e) => (e.preventDefault(), this.restructure([{ op: "remove", path: at }])) }),
    );
  }

  /** A list of single values (căn cứ, cơ quan, phối hợp, cột). */
  texts(path, node, list, kind) {
    const box = el("div", { class: "danh-sach-chu", "data-key": path });
    const items = kind === "refs" ? { ...node, type: "string", "x-kehoach-ref": node["x-kehoach-ref"] } : resolve(this.schema, node.items || { type: "string" });
    const itemKind = kind === "refs" ? "ref" : kind === "choices" ? "select" : "text";
    const ordered = el("ol", {});
    (Array.isArray(list) ? list : [list]).forEach((value, i) => {
      const at = child(path, i + 1);
      ordered.append(el("li", {}, this.control(at, items, value, itemKind), this.rowButtons(path, i + 1, list.length)));
    });
    box.append(ordered);
    box.append(
      el("button", {
        type: "button",
        class: "them",
        "data-them": path,
        text: "+ Thêm dòng",
        onclick: () => this.restructure([{ op: "append", path, value: itemKind === "text" ? "" : (items.enum || [])[0] || "" }]),
      }),
    );
    return box;
  }

  /** Milestones: one column a year. */
  years(path, node, list) {
    const item = resolve(this.schema, node.items);
    const table = el("table", { class: "moc", "data-key": path });
    const head = el("tr", {}, el("th", { text: "Năm" }));
    const values = el("tr", {}, el("th", { text: "Giá trị" }));
    const notes = el("tr", {}, el("th", { text: "Ghi chú" }));
    const tools = el("tr", {}, el("th", {}));
    list.forEach((m, i) => {
      const at = child(path, i + 1);
      head.append(el("td", { "data-key": at }, this.control(child(at, "nam"), item.properties.nam, m.nam, "number")));
      values.append(el("td", {}, this.control(child(at, "gia_tri"), item.properties.gia_tri, m.gia_tri, "target")));
      notes.append(el("td", {}, this.control(child(at, "ghi_chu"), item.properties.ghi_chu, m.ghi_chu, "text")));
      tools.append(el("td", {}, this.rowButtons(path, i + 1, list.length)));
    });
    table.append(head, values, notes, tools);
    const lastYear = list.length ? Number(list[list.length - 1].nam) || 2025 : Number((this.data.van_ban || {}).nam) || 2025;
    return el(
      "div",
      { class: "cuon-ngang" },
      table,
      el("button", {
        type: "button",
        class: "them",
        "data-them": path,
        text: "+ Thêm năm",
        onclick: () => this.restructure([{ op: "append", path, value: { nam: list.length ? lastYear + 5 : lastYear } }]),
      }),
    );
  }

  /** A table of chosen keys (`ten_cot`, `ly_do_bai_bo`). */
  map(path, node, value) {
    const box = el("div", { class: "bang-khoa", "data-key": path });
    const names = (node.propertyNames && node.propertyNames.enum) || null;
    for (const [key, text] of Object.entries(value)) {
      const at = child(path, key);
      box.append(
        el(
          "div",
          { class: "dong-khoa" },
          el("code", { text: key }),
          this.control(at, { type: "string" }, text, "text"),
          el("button", { type: "button", class: "xoa", "aria-label": `Xóa ${key}`, text: "✕", onclick: () => this.restructure([{ op: "remove", path: at }]) }),
        ),
      );
    }
    const newKey = names
      ? el("select", { "aria-label": "Khóa mới" }, ...names.filter((n) => !(n in value)).map((n) => el("option", { value: n, text: n })))
      : el("input", { type: "text", placeholder: "mã", "aria-label": "Khóa mới" });
    box.append(
      el(
        "div",
        { class: "dong-khoa" },
        newKey,
        el("button", {
          type: "button",
          class: "them",
          "data-them": path,
          text: "+ Thêm",
          onclick: () => {
            const key = newKey.value.trim();
            if (key && /^[A-Za-z0-9_-]+$/.test(key)) this.restructure([{ op: "set", path: child(path, key), value: "" }]);
          },
        }),
      ),
    );
    return box;
  }
}

function showDate(v) {
  const m = String(v).match(/^(\d{4})-(\d{2})-(\d{2})$/);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : String(v);
}

/** The lengths of every list (and which keys hold lists), so the form
 *  knows when it must be built again. */
function shapeOf(data) {
  const walk = (v) => {
    if (Array.isArray(v)) return `[${v.map(walk).join(",")}]`;
    if (v && typeof v === "object") {
      return `{${Object.keys(v)
        .sort()
        .filter((k) => v[k] && typeof v[k] === "object")
        .map((k) => k + (Array.isArray(v[k]) ? walk(v[k]) : walk(v[k])))
        .join(",")}}`;
    }
    return "";
  };
  return walk(data);
}

/** Bold, italic, bullet, heading: Markdown the format reads, put in as if
 *  typed (the same `input` event carries it to the file). */
function toolbar(area) {
  const wrapSelection = (mark) => {
    const [start, end] = [area.selectionStart, area.selectionEnd];
    const inner = area.value.slice(start, end) || "chữ";
    area.setRangeText(mark + inner + mark, start, end, "select");
    area.setSelectionRange(start + mark.length, start + mark.length + inner.length);
    area.dispatchEvent(new Event("input", { bubbles: true }));
    area.focus();
  };
  const prefixLines = (prefix) => {
    const value = area.value;
    const start = value.lastIndexOf("\n", area.selectionStart - 1) + 1;
    let end = value.indexOf("\n", Math.max(area.selectionEnd - 1, start));
    if (end < 0) end = value.length;
    const lines = value
      .slice(start, end)
      .split("\n")
      .map((line) => prefix + line.replace(/^(#{1,3} |- )/, ""));
    area.setRangeText(lines.join("\n"), start, end, "end");
    area.dispatchEvent(new Event("input", { bubbles: true }));
    area.focus();
  };
  area.addEventListener("keydown", (e) => {
    if ((e.ctrlKey || e.metaKey) && !e.shiftKey && (e.key === "b" || e.key === "i")) {
      e.preventDefault();
      wrapSelection(e.key === "b" ? "**" : "*");
    }
  });
  const button = (text, title, action) => el("button", { type: "button", title, "aria-label": title, text, onclick: action });
  return el(
    "div",
    { class: "cong-cu", role: "toolbar", "aria-label": "Định dạng lời văn" },
    button("Đ", "Chữ đậm (Ctrl+B)", () => wrapSelection("**")),
    button("N", "Chữ nghiêng (Ctrl+I)", () => wrapSelection("*")),
    button("• Gạch đầu dòng", "Gạch đầu dòng", () => prefixLines("- ")),
    button("1. Mục", "Mục đánh số 1., 2. …", () => prefixLines("# ")),
    button("a) Mục con", "Mục con a), b) …", () => prefixLines("## ")),
  );
}
