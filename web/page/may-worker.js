// The engine in the page: a worker that holds the WebAssembly build of
// kehoach and one open plan, so checking and laying out never hold up the
// form. may.js (the web version) is the only one that talks to it.
//
// Messages in: {id, call, args}; out: {id, ok, value} for each call, and
// {state, svgs} after each render (the page's JSON, and the SVG of each
// page this worker has not sent before).

import init, * as engine from "./kehoach_web.js";

const ready = init();
let session = null;
const sent = new Set();
let renderQueued = false;

function render() {
  renderQueued = false;
  session.render();
  const state = JSON.parse(session.state(0n));
  const svgs = {};
  for (const page of state.trang || []) {
    if (!sent.has(page.ma)) {
      svgs[page.ma] = session.page_svg(page.ma);
      sent.add(page.ma);
    }
  }
  postMessage({ state, svgs });
}

/** Renders once the messages already waiting are handled: edits typed in
 *  a burst are laid out once. */
function queueRender() {
  if (renderQueued) return;
  renderQueued = true;
  setTimeout(render, 0);
}

const calls = {
  open(name, text, others) {
    for (const file of others || []) engine.provide(file.name, file.text);
    session = new engine.Session();
    session.open(name, text);
    queueRender();
  },
  plan: () => JSON.parse(session.plan()),
  save(base, edits) {
    const result = JSON.parse(session.save(base, JSON.stringify(edits)));
    if (result.kind === "saved") queueRender();
    return result;
  },
  text: () => session.text(),
  pdf: () => session.pdf(),
  docx: () => session.docx(),
  schema: () => JSON.parse(engine.schema()),
  kinds: () => JSON.parse(engine.kinds()),
  starter: (kind, xa, tinh, nam) => ({ text: engine.starter(kind, xa, tinh, BigInt(nam)), name: engine.starter_name(xa, tinh, BigInt(nam)) }),
  import: (bytes, name) => engine.import_document(bytes, name),
};

onmessage = async ({ data }) => {
  await ready;
  try {
    postMessage({ id: data.id, ok: true, value: calls[data.call](...data.args) });
  } catch (e) {
    postMessage({ id: data.id, ok: false, value: String(e && e.message ? e.message : e) });
  }
};
