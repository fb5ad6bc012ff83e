// Opened as a file (file://), a browser runs no module script and no
// WebAssembly from the disk: the page would stay at "Đang đọc…". This
// classic script (which a browser does run from a file) says so and what to
// do instead.
if (location.protocol === "file:") {
  document.addEventListener("DOMContentLoaded", () => {
    const note = document.createElement("div");
    note.setAttribute("role", "alert");
    note.className = "khong-doc";
    note.textContent =
      "Trang này không chạy khi mở thẳng từ ổ đĩa (file://): trình duyệt chặn bộ máy của trang. " +
      "Hãy mở trang qua một máy chủ web, ví dụ trong thư mục này chạy lệnh " +
      "“python3 -m http.server 8000” rồi mở http://localhost:8000/, hoặc dùng địa chỉ trang mà tỉnh đã đăng.";
    document.body.prepend(note);
  });
}
