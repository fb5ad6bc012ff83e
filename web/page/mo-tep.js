// The start page's web part: a plan from the disk, picked with the file
// picker or dropped on the page (a .toml, or last year's Word .docx made
// into a plan), opened in the editor. Nothing leaves the computer.

import * as may from "./may.js";

const $ = (id) => document.getElementById(id);

async function openFile(file) {
  const error = $("tao-loi");
  error.replaceChildren();
  if (!file) return;
  const opened = await may.openFile(file);
  if (opened.url) location.href = opened.url;
  else error.textContent = `Không mở được ${file.name}: ${opened.loi}`;
}

const picker = document.createElement("input");
picker.type = "file";
picker.id = "chon-tep";
picker.accept = ".toml,.docx";
picker.addEventListener("change", () => openFile(picker.files[0]));
const label = document.createElement("label");
label.className = "chon-tep";
label.append("Mở tệp trên máy (.toml, hoặc tệp Word .docx của năm trước): ", picker);
const word = $("mo-word");
if (word) word.parentElement.replaceWith(label);
else $("danh-sach-tep").after(label);

document.addEventListener("dragover", (e) => e.preventDefault());
document.addEventListener("drop", (e) => {
  e.preventDefault();
  openFile(e.dataTransfer && e.dataTransfer.files[0]);
});
