/* Kaufbeuren aktiv: a long select becomes searchable. Without JavaScript it stays a plain select. */
(function () {
  "use strict";
  var de = (document.documentElement.lang || "de") !== "en";
  function enhance(select) {
    if (select.options.length < 8 || select.dataset.pickerReady) { return; }
    select.dataset.pickerReady = "1";
    var label = document.querySelector('label[for="' + select.id + '"]');
    var name = label ? label.textContent.replace("*", "").trim() : "";
    var box = document.createElement("input");
    box.type = "search";
    box.className = "picker-search";
    box.id = select.id + "-suche";
    box.setAttribute("aria-controls", select.id);
    box.setAttribute("aria-label", (de ? "Auswahl durchsuchen: " : "Search the list: ") + name);
    box.placeholder = de ? "Tippen zum Filtern …" : "Type to filter …";
    var status = document.createElement("span");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    select.parentNode.insertBefore(box, select);
    select.parentNode.insertBefore(status, select.nextSibling);
    box.addEventListener("input", function () {
      var needle = box.value.trim().toLowerCase(), shown = 0, first = null;
      Array.prototype.forEach.call(select.options, function (option) {
        var hit = !needle || !option.value || option.text.toLowerCase().indexOf(needle) !== -1;
        option.hidden = !hit;
        if (hit && option.value) { shown += 1; if (!first) { first = option; } }
      });
      if (needle && first && select.selectedOptions.length && select.selectedOptions[0].hidden) {
        first.selected = true;
      }
      status.textContent = de ? shown + " Treffer" : shown + " matches";
    });
  }
  function run() { Array.prototype.forEach.call(document.querySelectorAll("select[data-picker]"), enhance); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", run); } else { run(); }
}());
