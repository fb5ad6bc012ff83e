// The start page: the folder's plan files, and a new plan of a kind for a
// commune and a year (written by the same code as `kehoach new`).

import * as may from "./may.js";

const $ = (id) => document.getElementById(id);

function go(url) {
  location.href = url;
}

async function openPlan(name) {
  const opened = await may.open(name);
  if (opened.url) go(opened.url);
  else $("tao-loi").textContent = opened.loi || "không mở được tệp";
}

async function start() {
  const folder = await may.folder();
  const list = $("danh-sach-tep");
  if (!folder.ke_hoach.length) {
    const none = document.createElement("li");
    none.textContent = "Chưa có tệp kế hoạch nào: tạo kế hoạch mới bên dưới.";
    list.replaceChildren(none);
  } else {
    list.replaceChildren(
      ...folder.ke_hoach.map((name) => {
        const item = document.createElement("li");
        const button = document.createElement("button");
        button.type = "button";
        button.className = "mo-tep";
        button.dataset.ten = name;
        button.textContent = name;
        button.addEventListener("click", () => openPlan(name));
        item.append(button);
        return item;
      }),
    );
  }
  const kinds = $("cac-loai");
  kinds.replaceChildren(
    ...folder.loai.map((kind, i) => {
      const label = document.createElement("label");
      label.className = "loai";
      const radio = document.createElement("input");
      radio.type = "radio";
      radio.name = "loai";
      radio.value = kind.ma;
      radio.checked = i === 0;
      const name = document.createElement("b");
      name.textContent = kind.ma;
      const text = document.createElement("span");
      text.textContent = kind.mo_ta;
      label.append(radio, name, text);
      return label;
    }),
  );
  $("nam").value = String(folder.nam);
  document.body.dataset.san = "1";
}

$("tao").addEventListener("submit", async (e) => {
  e.preventDefault();
  const error = $("tao-loi");
  error.replaceChildren();
  const kind = document.querySelector('input[name="loai"]:checked');
  const xa = $("xa").value.trim();
  if (!xa) {
    error.textContent = "Ghi tên xã, ví dụ Quảng Ngọc.";
    $("xa").focus();
    return;
  }
  $("tao-nut").disabled = true;
  const made = await may.create(kind ? kind.value : "", xa, $("tinh").value.trim(), $("nam").value.trim());
  $("tao-nut").disabled = false;
  if (made.url) {
    go(made.url);
    return;
  }
  error.textContent = made.loi || "không tạo được kế hoạch";
  if (made.ten) {
    const open = document.createElement("button");
    open.type = "button";
    open.textContent = `Mở ${made.ten}`;
    open.addEventListener("click", () => openPlan(made.ten));
    error.append(" ", open);
  }
});

start();
