// The preview page: long-polls the server for each new render and updates
// the problems and the pages in place (no reload, scroll position kept).
"use strict";
let version = 0;
let pagesVersion = 0;
const pagesBox = document.getElementById("trang");
const problemsBox = document.getElementById("van-de");
const status = document.getElementById("tinh-trang");
const staleNote = document.getElementById("trang-cu");

function apply(state) {
  version = state.ban;
  problemsBox.innerHTML = state.van_de;
  status.textContent = state.tinh_trang;
  status.className = state.so_loi > 0 ? "co-loi" : "hop-le";
  if (state.trang) {
    // Each page is an image addressed by its hash: unchanged pages keep
    // their node, changed ones load only when near the viewport.
    const shown = new Map();
    for (const box of pagesBox.children) shown.set(box.dataset.ma, box);
    const used = new Set();
    const boxes = state.trang.map((page, i) => {
      let box = shown.get(page.ma);
      if (box && used.has(box)) box = box.cloneNode(true);
      if (box) {
        used.add(box);
      } else {
        box = document.createElement("section");
        box.className = "trang";
        box.dataset.ma = page.ma;
        const img = document.createElement("img");
        img.alt = "";
        img.width = Math.round(page.rong);
        img.height = Math.round(page.cao);
        img.loading = "lazy";
        img.decoding = "async";
        img.src = "trang/" + page.ma + ".svg";
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
    pagesVersion = state.trang_ban;
  }
  const stale = state.so_loi > 0 && pagesBox.children.length > 0;
  pagesBox.classList.toggle("cu", stale);
  staleNote.classList.toggle("hien", stale);
  const downloads = pagesBox.children.length > 0 ? "false" : "true";
  document.getElementById("tai-pdf").setAttribute("aria-disabled", downloads);
  document.getElementById("tai-docx").setAttribute("aria-disabled", downloads);
  document.body.dataset.ban = String(version);
}

async function poll() {
  for (;;) {
    try {
      const response = await fetch(`trang-thai?sau=${version}&trang=${pagesVersion}`, { cache: "no-store" });
      if (!response.ok) throw new Error(String(response.status));
      apply(await response.json());
    } catch (e) {
      status.textContent = "Mất kết nối với kehoach (đã dừng lệnh xem?)";
      status.className = "co-loi";
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}

poll();
