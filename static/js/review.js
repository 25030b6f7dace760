// The review queue: one box ticks or unticks every item.
document.addEventListener("DOMContentLoaded", function () {
  var all = document.getElementById("tick-all");
  if (!all) return;
  all.addEventListener("change", function () {
    document.querySelectorAll("#bulk-form .tick").forEach(function (box) { box.checked = all.checked; });
  });
});
