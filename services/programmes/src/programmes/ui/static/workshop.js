/* Kaufbeuren aktiv, programme office: the running total while scoring the seven criteria of the idea workshop
 * (and of the evaluation's re-assessment).
 *
 * Loaded with <script src defer> from /intern/programmes/_static/: no inline code, so the gateway's
 * Content-Security-Policy (script-src 'self') lets it run. The page renders the box
 *   <div data-score-total data-threshold="14"> … <span data-sum> … <span data-count> … <span data-verdict
 *       data-pass="…" data-fail="…"> …
 * with the server's figures (texts in the page's language); this script updates them at every click on a
 * radio button of a <fieldset data-criterion>. Without JavaScript the total shows after saving. */
(function () {
  "use strict";
  if (!document.querySelectorAll) {
    return;
  }

  function wire(box) {
    var form = box.closest("form");
    var threshold = parseInt(box.getAttribute("data-threshold"), 10);
    var sum = box.querySelector("[data-sum]");
    var count = box.querySelector("[data-count]");
    var verdict = box.querySelector("[data-verdict]");
    if (!form || !sum || !count || !verdict || isNaN(threshold)) {
      return;
    }

    function update() {
      var total = 0;
      var scored = 0;
      Array.prototype.forEach.call(form.querySelectorAll("fieldset[data-criterion]"), function (group) {
        var checked = group.querySelector("input[type=radio]:checked");
        if (checked) {
          total += parseInt(checked.value, 10) || 0;
          scored += 1;
        }
      });
      sum.textContent = String(total);
      count.textContent = String(scored);
      var passed = total >= threshold;
      verdict.textContent = verdict.getAttribute(passed ? "data-pass" : "data-fail");
      box.classList.toggle("passed", passed);
    }

    form.addEventListener("change", update);
    update();
  }

  function run() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-score-total]"), wire);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", run);
  } else {
    run();
  }
}());
