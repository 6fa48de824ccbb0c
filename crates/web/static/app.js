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
