/* Live validation panel of the funding-plan forms (Kaufbeuren aktiv, finance).
 *
 * Loaded with <script src defer> from /intern/finance/_static/: no inline code and no on…= attributes, so the
 * gateway's Content-Security-Policy (script-src 'self') lets it run. A form opts in with
 *   data-live-check="<url of the fragment endpoint>"  data-panel="<id of the panel element>"
 *   data-label-checking="…"  data-label-failed="…"   (texts in the page's language)
 * While the user types, the form is posted (action=check, nothing is saved) and the panel is replaced by the
 * answer. The "Prüfen" and "Speichern" buttons work without JavaScript too. */
(function () {
  "use strict";
  if (!window.fetch || !window.FormData || !document.querySelectorAll) {
    return;
  }
  var DELAY_MS = 600;

  function wire(form) {
    var url = form.getAttribute("data-live-check");
    var panel = document.getElementById(form.getAttribute("data-panel") || "");
    var status = form.querySelector("[data-live-status]");
    var timer = null;
    var sequence = 0;
    if (!url || !panel) {
      return;
    }

    function say(text) {
      if (status) {
        status.textContent = text || "";
      }
    }

    function check() {
      var mine = ++sequence;
      var data = new FormData(form);
      data.set("action", "check");
      say(form.getAttribute("data-label-checking"));
      fetch(url, {method: "POST", body: data, headers: {"X-Panel": "1"}, credentials: "same-origin"})
        .then(function (response) {
          if (!response.ok) {
            throw new Error(String(response.status));
          }
          return response.text();
        })
        .then(function (html) {
          if (mine === sequence) {  // an older answer never overwrites a newer one
            panel.innerHTML = html;
            say("");
          }
        })
        .catch(function () {
          if (mine === sequence) {
            say(form.getAttribute("data-label-failed"));
          }
        });
    }

    form.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(check, DELAY_MS);
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("form[data-live-check]"), wire);
})();
