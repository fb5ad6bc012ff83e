// The editor: the form on the left, the pages on the right. Each change in
// the form is an edit (key path + op + value) sent to kehoach at once,
// one request at a time; the pages follow each render. Undo and redo are
// the page's own (Ctrl+Z, Ctrl+Y), over those same edits.
//
// Nothing typed is lost: edits not yet written stay queued (and in the
// browser's storage) while kehoach cannot be reached, the page warns before
// it closes with any, and an edit is written only onto the text it was made
// against — a file saved meanwhile by another editor is shown and the clerk
// chooses.

import * as may from "./may.js";
import { Form, showNumber } from "./bieu-mau.js";

const $ = (id) => document.getElementById(id);
const saveStatus = $("luu");
const pagesBox = $("trang");
const problemsBox = $("van-de");
const renderStatus = $("tinh-trang");

let form = null;
let base = null;
let version = 0;
let pagesVersion = 0;
let pending = [];
let inflight = null;
let conflict = null;
const undoStack = [];
let redoStack = [];
let sealed = true;
let lastEdit = null;
let lastProblems = [];
const stashKey = "kehoach-chua-luu:" + document.title;

if (/\/t\d+\/$/.test(location.pathname)) $("ve-dau").hidden = false;
$("tai-pdf").href = may.downloadAddress("pdf");
$("tai-docx").href = may.downloadAddress("docx");

function say(text, kind) {
  saveStatus.textContent = text;
  saveStatus.className = kind || "";
  document.body.dataset.luu = kind || "";
}

function unsaved() {
  return pending.length + (inflight ? inflight.length : 0);
}

function stash() {
  try {
    const edits = (inflight || []).concat(pending);
    if (edits.length) localStorage.setItem(stashKey, JSON.stringify({ base, edits }));
    else localStorage.removeItem(stashKey);
  } catch (e) {
    /* storage off: the queue still holds them */
  }
}

// ----- edits and saving ---------------------------------------------------

/** Typing in one field is one undo step until the clerk leaves the field
 *  or pauses this long. */
const UNDO_PAUSE = 1000;

function onEdit(edits, inverse, group) {
  const top = undoStack[undoStack.length - 1];
  const now = performance.now();
  if (group && top && top.group === group && !sealed && now - top.at < UNDO_PAUSE) {
    top.inverse = inverse.concat(top.inverse);
    top.at = now;
  } else {
    undoStack.push({ inverse, group, at: now });
  }
  sealed = group === null;
  redoStack = [];
  lastEdit = { path: edits[0] && edits[0].path, value: edits[0] && edits[0].value, at: performance.now() };
  queue(edits);
}

function queue(edits) {
  for (const edit of edits) {
    const last = pending[pending.length - 1];
    if (edit.op === "set" && last && last.op === "set" && last.path === edit.path) pending[pending.length - 1] = edit;
    else pending.push(edit);
  }
  updateUndo();
  stash();
  say("Chưa lưu…", "chua-luu");
  flush();
}

async function flush() {
  if (inflight || conflict || !pending.length || base === null) return;
  inflight = pending;
  pending = [];
  say("Đang lưu…", "dang-luu");
  let result;
  try {
    result = await may.save(base, inflight);
  } catch (e) {
    pending = inflight.concat(pending);
    inflight = null;
    stash();
    say(`Chưa lưu ${unsaved()} thay đổi: không kết nối được với kehoach (lệnh xem đã dừng?). Đang thử lại…`, "loi");
    setTimeout(flush, 1000);
    return;
  }
  const sent = inflight;
  inflight = null;
  if (result.kind === "saved") {
    base = result.base;
    stash();
    if (pending.length) flush();
    else say("Đã lưu", "da-luu");
  } else if (result.kind === "conflict") {
    pending = sent.concat(pending);
    stash();
    showConflict(result);
  } else if (result.kind === "refused") {
    say(`Không lưu được: ${result.message}`, "loi");
    pending = [];
    stash();
    await reload(true);
  } else {
    pending = sent.concat(pending);
    stash();
    say(`Chưa lưu: ${result.message}. Đang thử lại…`, "loi");
    setTimeout(flush, 2000);
  }
}

function describe(edit) {
  const value = edit.value === undefined ? "" : typeof edit.value === "object" ? JSON.stringify(edit.value) : String(edit.value);
  const what = { set: "đặt", remove: "xóa", insert: "chèn", append: "thêm", move: `chuyển tới ${edit.to}` }[edit.op] || edit.op;
  return `${edit.path}: ${what}${value ? " " + value.slice(0, 120) : ""}`;
}

/** Consecutive sets of one key as the last of them. */
function compact(edits) {
  const out = [];
  for (const edit of edits) {
    const last = out[out.length - 1];
    if (edit.op === "set" && last && last.op === "set" && last.path === edit.path) out[out.length - 1] = edit;
    else out.push(edit);
  }
  return out;
}

function showConflict(result) {
  conflict = result;
  pending = compact(pending);
  const list = $("xung-dot-sua");
  list.replaceChildren(
    ...pending.map((edit) => {
      const item = document.createElement("li");
      item.textContent = describe(edit);
      return item;
    }),
  );
  $("xung-dot").hidden = false;
  say(`Chưa lưu ${pending.length} thay đổi: tệp đã đổi trên đĩa`, "loi");
  $("ap-len").focus();
}

$("ap-len").addEventListener("click", () => {
  // Edits are data: the clerk's own go onto the newer text as they are.
  const mine = pending;
  const disk = conflict;
  conflict = null;
  $("xung-dot").hidden = true;
  base = disk.base;
  pending = [];
  form.show(disk.data);
  form.apply(mine);
  form.show(form.data);
  undoStack.length = 0;
  redoStack = [];
  queue(mine);
});

$("giu-dia").addEventListener("click", () => {
  const disk = conflict;
  conflict = null;
  $("xung-dot").hidden = true;
  base = disk.base;
  pending = [];
  undoStack.length = 0;
  redoStack = [];
  stash();
  form.show(disk.data);
  updateUndo();
  say("Đã lưu (bản trên đĩa)", "da-luu");
});

/** The plan as it is on disk now, into the form. */
async function reload(rebuild) {
  const plan = await may.plan();
  if (plan.loi) {
    showUnreadable(plan.loi);
    return;
  }
  base = plan.co_so;
  if (!form.built || rebuild) {
    form.show(plan.du_lieu);
    form.built = true;
  } else form.refresh(plan.du_lieu, false);
  form.problems(lastProblems);
}

function showUnreadable(message) {
  form.built = false;
  const note = document.createElement("div");
  note.className = "khong-doc";
  note.setAttribute("role", "alert");
  note.textContent = `Chưa hiện được biểu mẫu: ${message}. Sửa chỗ sai trong tệp (xem lỗi bên phải); biểu mẫu hiện lại ngay khi tệp đọc được.`;
  $("bieu-mau").replaceChildren(note);
}

// ----- undo and redo -------------------------------------------------------

function updateUndo() {
  $("hoan-tac").disabled = undoStack.length === 0;
  $("lam-lai").disabled = redoStack.length === 0;
}

function undo() {
  const entry = undoStack.pop();
  if (!entry) return;
  sealed = true;
  redoStack.push({ inverse: form.replay(entry.inverse) });
  queue(entry.inverse);
}

function redo() {
  const entry = redoStack.pop();
  if (!entry) return;
  sealed = true;
  const kept = redoStack;
  undoStack.push({ inverse: form.replay(entry.inverse), group: null });
  queue(entry.inverse);
  redoStack = kept;
  updateUndo();
}

$("hoan-tac").addEventListener("click", undo);
$("lam-lai").addEventListener("click", redo);
document.addEventListener(
  "keydown",
  (e) => {
    if (!(e.ctrlKey || e.metaKey) || e.altKey) return;
    const key = e.key.toLowerCase();
    if (key === "z" && !e.shiftKey) (e.preventDefault(), undo());
    else if (key === "y" || (key === "z" && e.shiftKey)) (e.preventDefault(), redo());
  },
  true,
);

window.addEventListener("beforeunload", (e) => {
  if (unsaved() || conflict) {
    e.preventDefault();
    e.returnValue = "";
  }
});

// ----- problems and pages -------------------------------------------------

function problemsView(problems, hidden) {
  const here = problems.filter((p) => p.here);
  const elsewhere = problems.filter((p) => !p.here);
  const items = here.map(problemView);
  let file = null;
  for (const p of elsewhere) {
    if (p.file !== file) {
      file = p.file;
      const heading = document.createElement("h3");
      heading.className = "ban-goc";
      heading.textContent = `Trong bản gốc ${p.file}:`;
      items.push(heading);
    }
    items.push(problemView(p));
  }
  if (hidden > 0) {
    const more = document.createElement("p");
    more.textContent = `… và ${hidden} lỗi/cảnh báo khác chưa hiện (sửa các lỗi trên trước)`;
    items.push(more);
  }
  problemsBox.replaceChildren(...items);
}

function problemView(p) {
  const box = document.createElement("div");
  box.className = p.error ? "van-de loi" : "van-de canh-bao";
  const where = document.createElement("p");
  where.className = "noi";
  const label = document.createElement("b");
  label.textContent = p.error ? "Lỗi" : "Cảnh báo";
  where.append(label);
  if (p.line) where.append(` · dòng ${p.line}, cột ${p.column}`);
  if (p.key) {
    where.append(" · khóa ");
    const code = document.createElement("code");
    code.textContent = p.key;
    where.append(code);
  }
  const message = document.createElement("p");
  message.textContent = p.message;
  box.append(where, message);
  if (p.help) {
    const help = document.createElement("p");
    help.className = "goi-y";
    help.textContent = `Gợi ý: ${p.help}`;
    box.append(help);
  }
  if (p.here && p.key && form && form.find(p.key)) {
    const go = document.createElement("button");
    go.type = "button";
    go.className = "den-o";
    go.dataset.key = p.key;
    go.textContent = "Sửa ở ô này";
    go.addEventListener("click", () => form.focus(p.key));
    box.append(go);
    box.addEventListener("click", (e) => e.target.tagName !== "BUTTON" && e.target.tagName !== "SUMMARY" && form.focus(p.key));
  }
  if (p.snippet) {
    const details = document.createElement("details");
    const summary = document.createElement("summary");
    summary.textContent = "Dòng trong tệp";
    const pre = document.createElement("pre");
    pre.textContent = p.snippet;
    details.append(summary, pre);
    box.append(details);
  }
  return box;
}

function showPages(pages) {
  const before = new Set(Array.from(pagesBox.children, (box) => box.dataset.ma));
  const shown = new Map();
  for (const box of pagesBox.children) shown.set(box.dataset.ma, box);
  const used = new Set();
  const boxes = pages.map((page, i) => {
    let box = shown.get(page.ma);
    if (box && used.has(box)) box = box.cloneNode(true);
    if (box) used.add(box);
    else {
      box = document.createElement("section");
      box.className = "trang";
      box.dataset.ma = page.ma;
      const img = document.createElement("img");
      img.alt = "";
      img.width = Math.round(page.rong);
      img.height = Math.round(page.cao);
      img.loading = "lazy";
      img.decoding = "async";
      img.src = may.pageAddress(page.ma);
      const text = document.createElement("p");
      text.className = "chu";
      text.textContent = page.chu;
      box.append(img, text);
    }
    box.dataset.trang = String(i + 1);
    box.setAttribute("aria-label", "Trang " + (i + 1));
    return box;
  });
  pagesBox.replaceChildren(...boxes);
  // After the clerk's own edit, show where it prints: the changed page
  // that holds the new value, else the first changed page.
  if (lastEdit && before.size) {
    const changed = boxes.filter((box) => !before.has(box.dataset.ma));
    const value = typeof lastEdit.value === "number" ? showNumber(lastEdit.value) : typeof lastEdit.value === "string" ? lastEdit.value.trim().split("\n")[0].slice(0, 40) : "";
    const holding = value ? changed.find((box) => box.textContent.includes(value)) : null;
    const target = holding || changed[0];
    if (target) {
      target.scrollIntoView({ block: "nearest" });
      document.body.dataset.trangSua = target.dataset.trang;
    }
    lastEdit = null;
  }
}

function apply(state) {
  version = state.ban;
  lastProblems = state.van_de;
  problemsView(state.van_de, state.an);
  if (form && form.built) form.problems(state.van_de);
  renderStatus.textContent = state.tinh_trang;
  renderStatus.className = state.so_loi > 0 ? "co-loi" : "hop-le";
  if (state.trang) {
    showPages(state.trang);
    pagesVersion = state.trang_ban;
  }
  const stale = state.so_loi > 0 && pagesBox.children.length > 0;
  pagesBox.classList.toggle("cu", stale);
  $("trang-cu").classList.toggle("hien", stale);
  const downloads = pagesBox.children.length > 0 ? "false" : "true";
  $("tai-pdf").setAttribute("aria-disabled", downloads);
  $("tai-docx").setAttribute("aria-disabled", downloads);
  document.body.dataset.ban = String(version);
  // Saved elsewhere (another editor), and nothing of ours in the air: the
  // form takes the file as it is now.
  if (state.co_so && state.co_so !== base && !inflight && !pending.length && !conflict) {
    reload(false).then(() => {
      if (base === state.co_so) {
        undoStack.length = 0;
        redoStack = [];
        updateUndo();
      }
    });
  }
}

async function poll() {
  for (;;) {
    try {
      apply(await may.nextState(version, pagesVersion));
    } catch (e) {
      renderStatus.textContent = "Mất kết nối với kehoach (đã dừng lệnh xem?)";
      renderStatus.className = "co-loi";
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}

// ----- start ----------------------------------------------------------------

async function start() {
  const schema = await may.schema();
  form = new Form($("bieu-mau"), schema, {
    edit: onEdit,
    seal: () => (sealed = true),
  });
  form.built = false;
  await reload(true);
  say("Đã lưu", "da-luu");
  offerStash();
  document.body.dataset.san = "1";
  poll();
}

/** Edits a closed tab or a stopped kehoach left unsaved, made against the
 *  text still on disk: offered back. */
function offerStash() {
  let saved = null;
  try {
    saved = JSON.parse(localStorage.getItem(stashKey) || "null");
  } catch (e) {
    saved = null;
  }
  if (!saved || !saved.edits || !saved.edits.length) return;
  if (saved.base !== base) {
    localStorage.removeItem(stashKey);
    return;
  }
  $("khoi-phuc-chu").textContent = `Lần trước còn ${saved.edits.length} thay đổi chưa lưu vào tệp. Khôi phục?`;
  $("khoi-phuc").hidden = false;
  $("khoi-phuc-co").onclick = () => {
    $("khoi-phuc").hidden = true;
    const inverse = form.apply(saved.edits);
    form.show(form.data);
    undoStack.push({ inverse, group: null });
    queue(saved.edits);
  };
  $("khoi-phuc-bo").onclick = () => {
    $("khoi-phuc").hidden = true;
    localStorage.removeItem(stashKey);
  };
}

start();
