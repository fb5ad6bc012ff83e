// The one door between the page and kehoach's engine, in its web version:
// the same functions as the HTTP one of `kehoach xem`, answered by the
// engine built to WebAssembly and running in a worker of this page. The
// form, the pages and the start page never know which one they have.
//
// The plan open in the editor lives in this tab (sessionStorage, key
// `kehoach-mo`): the start page puts it there, each applied edit updates
// it, so reloading the editor keeps the work. "Lưu" writes it back to the
// disk (the File System Access API where the browser has it, a download
// otherwise); nothing is ever sent anywhere.

const OPEN = "kehoach-mo";

let worker = null;
let nextId = 1;
const waiting = new Map();
let latest = null;
let stateWaiters = [];
const pageUrls = new Map();

function engine() {
  if (worker) return worker;
  worker = new Worker(new URL("may-worker.js", import.meta.url), { type: "module" });
  worker.onmessage = ({ data }) => {
    if (data.state) {
      for (const [hash, svg] of Object.entries(data.svgs)) {
        if (svg && !pageUrls.has(hash)) pageUrls.set(hash, URL.createObjectURL(new Blob([svg], { type: "image/svg+xml" })));
      }
      latest = data.state;
      const ready = stateWaiters.filter((w) => latest.ban > w.after);
      stateWaiters = stateWaiters.filter((w) => latest.ban <= w.after);
      for (const w of ready) w.resolve();
      return;
    }
    const call = waiting.get(data.id);
    waiting.delete(data.id);
    if (call) (data.ok ? call.resolve : call.reject)(data.ok ? data.value : new Error(data.value));
  };
  worker.onerror = (e) => {
    for (const call of waiting.values()) call.reject(new Error(e.message || "bộ máy kehoach dừng"));
    waiting.clear();
  };
  return worker;
}

function call(name, ...args) {
  return new Promise((resolve, reject) => {
    const id = nextId++;
    waiting.set(id, { resolve, reject });
    engine().postMessage({ id, call: name, args });
  });
}

function opened() {
  try {
    return JSON.parse(sessionStorage.getItem(OPEN) || "null");
  } catch (e) {
    return null;
  }
}

function remember(plan) {
  try {
    sessionStorage.setItem(OPEN, JSON.stringify(plan));
  } catch (e) {
    /* storage off: the worker still holds the text */
  }
}

function stem(name) {
  return name.replace(/\.toml$/i, "");
}

// ----- the editor ------------------------------------------------------------

let openedPlan = null;
let openCall = null;

/** Starts the engine on the plan this tab opened (once). */
function openInEngine() {
  if (!openCall) {
    openedPlan = opened();
    if (!openedPlan) {
      location.replace("./");
      return new Promise(() => {});
    }
    openCall = call("open", openedPlan.name, openedPlan.text, openedPlan.others || []);
  }
  return openCall;
}

if (document.body.classList.contains("soan")) {
  const plan = opened();
  if (plan) {
    document.title = `Soạn kế hoạch — ${plan.name}`;
    const heading = document.querySelector("header h1");
    if (heading) heading.textContent = plan.name;
    for (const format of ["pdf", "docx"]) {
      const link = document.getElementById(`tai-${format}`);
      if (link) link.download = `${stem(plan.name)}.${format}`;
    }
  }
  const back = document.getElementById("ve-dau");
  if (back) {
    back.href = "./";
    back.hidden = false;
  }
  addSaveButton();
}

/** "Lưu": the plan's text as it is now, written back to a .toml file. */
function addSaveButton() {
  const after = document.getElementById("tai-docx");
  if (!after) return;
  const button = document.createElement("button");
  button.id = "luu-tep";
  button.type = "button";
  button.title = "Ghi kế hoạch ra tệp .toml trên máy (Ctrl+S)";
  button.textContent = "Lưu";
  button.addEventListener("click", saveFile);
  after.after(button);
  document.addEventListener("keydown", (e) => {
    if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === "s") {
      e.preventDefault();
      saveFile();
    }
  });
}

let fileHandle = null;

async function saveFile() {
  await openInEngine();
  const text = await call("text");
  const name = (openedPlan && openedPlan.name) || "ke-hoach.toml";
  const blob = new Blob([text], { type: "application/toml" });
  const status = document.getElementById("luu");
  if (window.showSaveFilePicker) {
    try {
      fileHandle =
        fileHandle ||
        (await window.showSaveFilePicker({
          suggestedName: name,
          types: [{ description: "Kế hoạch (TOML)", accept: { "application/toml": [".toml"] } }],
        }));
      const writable = await fileHandle.createWritable();
      await writable.write(blob);
      await writable.close();
      if (status) status.textContent = `Đã ghi ${fileHandle.name}`;
      return;
    } catch (e) {
      if (e && e.name === "AbortError") return;
      /* not allowed here: a download instead */
    }
  }
  downloadBlob(blob, name);
  if (status) status.textContent = `Đã tải ${name} về máy`;
}

function downloadBlob(blob, name) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}

// "Tải PDF" and "Tải DOCX" are made in the page when clicked.
document.addEventListener("click", async (e) => {
  const link = e.target.closest && e.target.closest('a[href^="#tai-"]');
  if (!link) return;
  e.preventDefault();
  if (link.getAttribute("aria-disabled") === "true") return;
  const format = link.getAttribute("href").slice("#tai-".length);
  const status = document.getElementById("tinh-trang");
  try {
    const bytes = await call(format);
    const type = format === "pdf" ? "application/pdf" : "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    downloadBlob(new Blob([bytes], { type }), link.download || `ke-hoach.${format}`);
  } catch (err) {
    if (status) status.textContent = `Không dựng được tệp ${format.toUpperCase()}: ${err.message}`;
  }
});

/** The schema the form is made from (the plan format plus form hints). */
export function schema() {
  return call("schema");
}

/** The plan as it is now: `{ten, co_so, du_lieu}`, or `{ten, loi}`. */
export async function plan() {
  await openInEngine();
  return call("plan");
}

/** The next render after version `after`; its pages only when the page
 *  does not have them (`havePages`). */
export async function nextState(after, havePages) {
  await openInEngine();
  if (!latest || latest.ban <= after) await new Promise((resolve) => stateWaiters.push({ after, resolve }));
  if (latest.trang_ban === havePages) return { ...latest, trang: null };
  return latest;
}

/** Applies `edits` made against version `base` to the plan in the page. */
export async function save(base, edits) {
  await openInEngine();
  const result = await call("save", base, edits);
  if (result.kind === "saved") {
    remember({ ...openedPlan, text: await call("text") });
    return { kind: "saved", base: result.co_so, data: result.du_lieu };
  }
  if (result.kind === "conflict") return { kind: "conflict", base: result.co_so, data: result.du_lieu };
  if (result.kind === "refused") return { kind: "refused", message: result.loi || "không áp được thay đổi" };
  return { kind: "failed", message: result.loi || "lỗi không rõ" };
}

/** Where page `hash` is drawn: its SVG, made in the page. */
export function pageAddress(hash) {
  return pageUrls.get(hash) || "";
}

/** The download links: made when clicked (see the click handler above). */
export function downloadAddress(format) {
  return `#tai-${format}`;
}

// ----- the start page -----------------------------------------------------------

/** The plans bundled with the page (ke-hoach/danh-sach.json, written by the
 *  build), the plan kinds, and this year. */
export async function folder() {
  const [bundled, kinds] = await Promise.all([fetch("ke-hoach/danh-sach.json").then((r) => r.json()), call("kinds")]);
  return { thu_muc: "ke-hoach mẫu", ke_hoach: bundled, loai: kinds, nam: new Date().getFullYear() };
}

/** Opens a plan: its text into this tab, then the editor. */
export function openText(name, text, others) {
  remember({ name, text, others: others || [] });
  return { url: "soan.html" };
}

/** A new plan of kind `loai` for a commune, as `kehoach new` writes it. */
export async function create(loai, xa, tinh, nam) {
  const year = Number.parseInt(nam, 10);
  if (!Number.isInteger(year)) return { loi: `Năm “${nam}” không phải một số, ví dụ ${new Date().getFullYear()}.` };
  try {
    const made = await call("starter", loai, xa, tinh, year);
    return openText(made.name, made.text);
  } catch (e) {
    return { loi: e.message };
  }
}

/** Opens one of the bundled plans, with the others beside it (the
 *  original an adjustment names). */
export async function open(name) {
  const bundled = await fetch("ke-hoach/danh-sach.json").then((r) => r.json());
  const texts = await Promise.all(bundled.map((n) => fetch(`ke-hoach/${encodeURIComponent(n)}`).then((r) => r.text())));
  const others = bundled.map((n, i) => ({ name: n, text: texts[i] })).filter((f) => f.name !== name);
  return openText(name, texts[bundled.indexOf(name)], others);
}

/** A plan from the disk (a .toml, or a Word .docx made into one). */
export async function openFile(file) {
  if (/\.toml$/i.test(file.name)) return openText(file.name, await file.text());
  try {
    const text = await call("import", new Uint8Array(await file.arrayBuffer()), file.name);
    return openText(file.name.replace(/\.[^.]*$/, "") + ".toml", text);
  } catch (e) {
    return { loi: e.message };
  }
}
