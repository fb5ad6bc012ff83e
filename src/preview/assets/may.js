// The one door between the page and kehoach's engine. Every call the page
// makes goes through these functions; this file is their HTTP version
// (`kehoach xem` on this machine). A build with the engine inside the page
// provides the same functions, so the form and the pages never know which.
//
// Addresses are relative to the page: the server puts each open plan under
// its own path, and the token that guards it is part of that path.

async function json(response) {
  let body = null;
  try {
    body = await response.json();
  } catch (e) {
    body = null;
  }
  return { status: response.status, body: body || {} };
}

async function post(address, value) {
  const response = await fetch(address, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(value),
    cache: "no-store",
  });
  return json(response);
}

async function get(address) {
  const response = await fetch(address, { cache: "no-store" });
  if (!response.ok) throw new Error(`${address}: ${response.status}`);
  return response.json();
}

/** The schema the form is made from (the plan format plus form hints). */
export function schema() {
  return get("luoc-do");
}

/** The plan as it is now: `{ten, co_so, du_lieu}`, or `{ten, loi}` when the
 *  text is not TOML the form can show. */
export function plan() {
  return get("tep");
}

/** The next render after version `after` (waits for one, or answers with
 *  the current one after a while). Pages are sent only when the page does
 *  not have them (`havePages` is the version of those it has). */
export function nextState(after, havePages) {
  return get(`trang-thai?sau=${after}&trang=${havePages}`);
}

/** Saves `edits` (key path + op + value) made against version `base`.
 *  Resolves to `{kind: "saved", base, data}`, `{kind: "conflict", base,
 *  data}` (the file changed elsewhere: nothing written), `{kind:
 *  "refused", message}` or `{kind: "failed", message}`; rejects when
 *  kehoach cannot be reached (the edits are not saved). */
export async function save(base, edits) {
  const { status, body } = await post("sua", { co_so: base, sua: edits });
  if (status === 200) return { kind: "saved", base: body.co_so, data: body.du_lieu };
  if (status === 409) return { kind: "conflict", base: body.co_so, data: body.du_lieu };
  if (status === 422) return { kind: "refused", message: body.loi || "không áp được thay đổi" };
  return { kind: "failed", message: body.loi || `lỗi ${status}` };
}

/** Where page `hash` is drawn (an image address). */
export function pageAddress(hash) {
  return `trang/${hash}.svg`;
}

/** Where the document can be downloaded, as `format` ("pdf" or "docx"). */
export function downloadAddress(format) {
  return `ke-hoach.${format}`;
}

/** The start page's folder: `{thu_muc, ke_hoach: [names], loai: [{ma,
 *  mo_ta}], nam}`. */
export function folder() {
  return get("danh-sach");
}

/** Makes a new plan of kind `loai` for a commune; `{url}` of its editor, or
 *  `{loi, ten}` (a file of that name is there already). */
export async function create(loai, xa, tinh, nam) {
  const { body } = await post("tao", { loai, xa, tinh, nam });
  return body;
}

/** Opens one of the folder's plans (a name from `folder()`); `{url}`. */
export async function open(name) {
  const { body } = await post("mo", { ten: name });
  return body;
}

/** Imports last year's plan: `file` (a File from an `<input type=file>`)
 *  into a new plan file of the folder. `{url, ten, bao_cao}` (the editor
 *  of the new plan, its name, the import's report), or `{loi, ten?}`. */
export async function importFile(file) {
  const data = await new Promise((resolve, reject) => {
    const reader = new FileReader();
    // A data: URL is the file in base64 after its first comma.
    reader.onload = () => resolve(String(reader.result).split(",", 2)[1] || "");
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
  const { status, body } = await post("nhap", { ten: file.name, du_lieu: data });
  if (status === 413 && !body.loi) return { loi: "tệp quá lớn cho một kế hoạch" };
  return body;
}
