/* The booking form of the expense journal (Kaufbeuren aktiv, finance).
 *
 * Loaded with <script src defer> (CSP script-src 'self'). Without JavaScript the form works as it is: the server
 * checks the booking and, when the plan is exceeded, answers with the warning and a "Trotzdem buchen" checkbox.
 * With it:
 *  - the plan-position list shows only the positions of the chosen project (the option groups are the projects);
 *  - while the clerk types, the form is posted to data-booking-check (nothing is booked) and the answer, the
 *    warnings or refusals with the confirmation, replaces the [data-booking-check-result] region. */
(function () {
  "use strict";
  if (!window.fetch || !window.FormData || !document.querySelector) {
    return;
  }
  var DELAY_MS = 500;
  var form = document.querySelector("form[data-booking-check]");
  if (!form) {
    return;
  }
  var url = form.getAttribute("data-booking-check");
  var result = form.querySelector("[data-booking-check-result]");
  var project = form.querySelector("select[name=project_id]");
  var position = form.querySelector("select[data-position-picker]");
  var timer = null;
  var sequence = 0;

  function projectName() {
    return project && project.selectedIndex > 0 ? project.options[project.selectedIndex].text : "";
  }

  function filterPositions() {
    if (!project || !position) {
      return;
    }
    var name = projectName();
    var keep = false;
    Array.prototype.forEach.call(position.querySelectorAll("optgroup"), function (group) {
      var mine = group.label === name;
      group.hidden = !mine;
      group.disabled = !mine;
      if (mine && position.selectedOptions.length && position.selectedOptions[0].parentNode === group) {
        keep = true;
      }
    });
    if (!keep) {
      position.value = "";
    }
  }

  function check() {
    var mine = ++sequence;
    fetch(url, {method: "POST", body: new FormData(form), headers: {"X-Panel": "1"}, credentials: "same-origin"})
      .then(function (response) {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.text();
      })
      .then(function (html) {
        if (mine === sequence && result) {  // an older answer never overwrites a newer one
          var confirmed = form.querySelector("#confirm");
          var wasChecked = confirmed && confirmed.checked;
          var oldDigest = form.querySelector("[name=confirm_digest]");
          var before = oldDigest ? oldDigest.value : "";
          result.innerHTML = html;
          var box = form.querySelector("#confirm");
          var digest = form.querySelector("[name=confirm_digest]");
          if (box && wasChecked && digest && digest.value === before) {
            box.checked = true;  // the same warnings: keep the clerk's confirmation
          }
        }
      })
      .catch(function () { /* the server checks again when the form is sent */ });
  }

  if (project) {
    project.addEventListener("change", filterPositions);
    filterPositions();
  }
  form.addEventListener("input", function (event) {
    if (event.target && event.target.id === "confirm") {
      return;
    }
    window.clearTimeout(timer);
    timer = window.setTimeout(check, DELAY_MS);
  });
})();
