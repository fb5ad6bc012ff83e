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

/** A button after a refusal that opens the file already there. */
function offerToOpen(where, name) {
  const open = document.createElement("button");
  open.type = "button";
  open.textContent = `Mở ${name}`;
  open.addEventListener("click", () => openPlan(name));
  where.append(" ", open);
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
  if (made.ten) offerToOpen(error, made.ten);
});

// The file chooser opens from a real button, so the keyboard reaches it.
$("mo-word").addEventListener("click", () => $("tep-word").click());

$("tep-word").addEventListener("change", async (e) => {
  const file = e.target.files && e.target.files[0];
  if (!file) return;
  const status = $("nhap-trang-thai");
  const error = $("nhap-loi");
  error.replaceChildren();
  $("bao-cao-nhap").hidden = true;
  status.textContent = `Đang đọc ${file.name}…`;
  let made;
  try {
    made = await may.importFile(file);
  } catch (err) {
    made = { loi: `không đọc được ${file.name}` };
  }
  status.textContent = "";
  // The same file may be chosen again after a fix (a change event needs a
  // new value).
  e.target.value = "";
  if (made.url) {
    status.textContent = `Đã nhập ${file.name} thành ${made.ten}.`;
    $("bao-cao-chu").textContent = made.bao_cao || "";
    $("bao-cao-nhap").hidden = false;
    const open = $("mo-tep-nhap");
    open.onclick = () => go(made.url);
    open.focus();
    return;
  }
  error.textContent = made.loi || "không nhập được tệp";
  if (made.ten) offerToOpen(error, made.ten);
});

start();
