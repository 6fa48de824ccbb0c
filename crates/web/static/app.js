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
