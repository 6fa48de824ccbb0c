// Optional enhancement only: every page works without it. Asks before recording a reply,
// signing one or a withdrawal, which cannot be undone (a handler's draft reply can be).
document.addEventListener("submit", function (e) {
  var form = e.target;
  var final = form.id === "sign-form";
  if (form.id === "event-form") {
    var ev = form.querySelector("select[name=event]");
    var option = ev && ev.selectedOptions[0];
    var draft = option && option.textContent.indexOf("拟办") === 0;
    final = ev && (ev.value === "answer" || ev.value === "withdraw") && !draft;
  }
  if (final && !window.confirm("此操作记录后不能撤销，确定吗？")) {
    e.preventDefault();
  }
});

// A list of form errors links each message to its field; following the link puts the cursor
// in the field (a plain fragment link only scrolls there).
document.addEventListener("click", function (e) {
  var link = e.target.closest && e.target.closest(".errors a[href^='#']");
  if (!link) return;
  var field = document.getElementById(link.getAttribute("href").slice(1));
  if (field && typeof field.focus === "function") {
    e.preventDefault();
    field.focus();
    if (field.scrollIntoView) field.scrollIntoView({ block: "center" });
  }
});

// Tables marked `sortable`: a click on a column heading sorts the rows by it (numbers as
// numbers, "87.5%（7/8）" by its percentage, text in Chinese order); again to reverse. The first
// row of a table whose rows have a depth (the node itself) stays on top.
document.addEventListener("click", function (e) {
  var th = e.target.closest && e.target.closest("table.sortable thead th");
  if (!th) return;
  var table = th.closest("table");
  var body = table.tBodies[0];
  if (!body) return;
  var col = Array.prototype.indexOf.call(th.parentNode.children, th);
  var rows = Array.prototype.slice.call(body.rows);
  var fixed = rows.length && rows[0].querySelector(".depth-0") ? rows.shift() : null;
  var key = function (row) {
    var text = (row.cells[col] ? row.cells[col].textContent : "").trim();
    var n = parseFloat(text.replace(/[,，]/g, ""));
    return isNaN(n) ? text : n;
  };
  var down = th.getAttribute("aria-sort") !== "descending";
  rows.sort(function (a, b) {
    var x = key(a), y = key(b);
    var c = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y), "zh-CN");
    return down ? -c : c;
  });
  Array.prototype.forEach.call(th.parentNode.children, function (h) { h.removeAttribute("aria-sort"); });
  th.setAttribute("aria-sort", down ? "descending" : "ascending");
  if (fixed) body.appendChild(fixed);
  rows.forEach(function (r) { body.appendChild(r); });
});

// Uploads of report files show their progress (a folder of reports can take a while); without
// script the form posts as usual.
document.addEventListener("submit", function (e) {
  var form = e.target;
  if (form.id !== "upload-form" || !window.XMLHttpRequest || !window.FormData) return;
  e.preventDefault();
  var bar = document.getElementById("upload-progress");
  if (!bar) {
    bar = document.createElement("progress");
    bar.id = "upload-progress";
    bar.max = 100;
    bar.setAttribute("aria-label", "上传进度");
    form.appendChild(bar);
  }
  var status = document.getElementById("upload-status") || document.createElement("p");
  status.id = "upload-status";
  status.setAttribute("role", "status");
  form.appendChild(status);
  var xhr = new XMLHttpRequest();
  xhr.open("POST", form.action);
  xhr.upload.onprogress = function (p) {
    if (p.lengthComputable) {
      bar.value = Math.round((p.loaded / p.total) * 100);
      status.textContent = "已上传 " + bar.value + "%";
    }
  };
  xhr.upload.onload = function () { status.textContent = "上传完成，正在读取和归档……"; };
  xhr.onload = function () { window.location.href = xhr.responseURL || window.location.href; };
  xhr.onerror = function () { status.textContent = "上传失败，请重试"; };
  xhr.send(new FormData(form));
});
