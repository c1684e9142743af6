/* The funding-plan grid (Kaufbeuren aktiv, finance): add and remove rows in place.
 *
 * Loaded with <script src defer> (CSP script-src 'self'). Without JavaScript the form still works: it carries
 * spare rows, "Weitere Zeilen" adds more, and an emptied row is ignored. With it, the "… hinzufügen" buttons copy
 * the row <template> (its names hold "__i__", replaced by the next free index, and "__n__", the row number), the
 * "Entfernen" buttons delete a row, and the source rows' position lists follow the cost rows as they are typed.
 * After each change the form gets an "input" event, so the live check (plan-panel.js) runs again.
 * Texts come from the form's data-label-* attributes, in the page's language. */
(function () {
  "use strict";
  if (!document.querySelectorAll || !window.HTMLTemplateElement) {
    return;
  }

  function wire(form) {
    var status = form.querySelector("[data-live-status]");

    function say(key) {
      if (status) {
        status.textContent = form.getAttribute("data-label-" + key) || "";
      }
    }

    function changed() {
      refreshPositions();
      form.dispatchEvent(new Event("input", {bubbles: true}));
    }

    function tableOf(kind) {
      return form.querySelector("[data-grid-table='" + kind + "'] tbody");
    }

    /* Rows are numbered in order, as the server reads them; each cell's label and the remove button's name end
       with the row's number and follow it. */
    function renumber(tbody) {
      Array.prototype.forEach.call(tbody.querySelectorAll("tr[data-row]"), function (row, i) {
        var n = String(i + 1);
        row.querySelector("[data-row-number]").textContent = n;
        Array.prototype.forEach.call(row.querySelectorAll("label"), function (label) {
          label.textContent = label.textContent.replace(/\d+$/, n);
        });
        Array.prototype.forEach.call(row.querySelectorAll("[aria-label]"), function (el) {
          el.setAttribute("aria-label", el.getAttribute("aria-label").replace(/\d+$/, n));
        });
      });
    }

    function nextIndex(tbody, kind) {
      var highest = -1;
      var pattern = new RegExp("^" + kind + "-(\\d+)-");
      Array.prototype.forEach.call(tbody.querySelectorAll("[name]"), function (el) {
        var m = pattern.exec(el.getAttribute("name"));
        if (m) {
          highest = Math.max(highest, parseInt(m[1], 10));
        }
      });
      return highest + 1;
    }

    function addRow(kind) {
      var tbody = tableOf(kind);
      var template = form.querySelector("template[data-row-template='" + kind + "']");
      if (!tbody || !template) {
        return;
      }
      var index = String(nextIndex(tbody, kind));
      var number = String(tbody.querySelectorAll("tr[data-row]").length + 1);
      var html = template.innerHTML.split("__i__").join(index).split("__n__").join(number);
      tbody.insertAdjacentHTML("beforeend", html);
      var row = tbody.lastElementChild;
      showButtons(row);
      var first = row.querySelector("input, select");
      if (first) {
        first.focus();
      }
      say("added");
      changed();
    }

    function removeRow(button) {
      var row = button.closest("tr");
      var tbody = row.parentNode;
      var next = row.nextElementSibling || row.previousElementSibling;
      tbody.removeChild(row);
      renumber(tbody);
      var target = next ? next.querySelector("input, select") : null;
      (target || form.querySelector("[data-add-row]")).focus();
      say("removed");
      changed();
    }

    function showButtons(scope) {
      Array.prototype.forEach.call(scope.querySelectorAll("[data-remove-row], [data-add-row]"), function (b) {
        b.hidden = false;
      });
    }

    /* Mirrors PlanGridForm.positions(): the filled cost rows' positions, a row without one numbered on. */
    function positions() {
      var rows = Array.prototype.slice.call(form.querySelectorAll("[data-grid-table='costs'] tbody tr"));
      var filled = rows.filter(function (row) {
        var amount = row.querySelector(".grid-amount input, input.grid-amount");
        var label = row.querySelector("[data-position-label]");
        return (amount && amount.value.trim()) || (label && label.value.trim());
      });
      var numbers = filled.map(function (row) {
        return row.querySelector("[data-position]").value.trim();
      });
      var following = numbers.reduce(function (max, n) {
        return /^\d+$/.test(n) ? Math.max(max, parseInt(n, 10)) : max;
      }, 0) + 1;
      var out = [];
      var seen = {};
      filled.forEach(function (row, i) {
        var n = numbers[i];
        if (!n) {
          n = String(following);
          following += 1;
        }
        var label = row.querySelector("[data-position-label]").value.trim();
        if (!seen[n] || (label && !seen[n].label)) {
          if (!seen[n]) {
            out.push(n);
          }
          seen[n] = {label: label};
        }
      });
      return out.map(function (n) {
        var label = seen[n].label;
        var text = label ? form.getAttribute("data-label-position-named").replace("{n}", n).replace("{label}", label)
          : form.getAttribute("data-label-position").replace("{n}", n);
        return [n, text];
      });
    }

    function refreshPositions() {
      var options = positions();
      Array.prototype.forEach.call(form.querySelectorAll("select[data-source-position]"), function (select) {
        var chosen = select.value;
        while (select.options.length) {
          select.remove(0);
        }
        select.add(new Option(form.getAttribute("data-label-all-positions"), ""));
        var found = !chosen;
        options.forEach(function (pair) {
          select.add(new Option(pair[1], pair[0], false, pair[0] === chosen));
          found = found || pair[0] === chosen;
        });
        if (!found) {  // keep a position that was removed, so the check can say so
          select.add(new Option(form.getAttribute("data-label-position").replace("{n}", chosen), chosen, false, true));
        }
      });
    }

    showButtons(form);
    Array.prototype.forEach.call(form.querySelectorAll("[data-more-rows]"), function (b) {
      b.hidden = true;
    });
    form.addEventListener("click", function (event) {
      var add = event.target.closest("[data-add-row]");
      var remove = event.target.closest("[data-remove-row]");
      if (add) {
        event.preventDefault();
        addRow(add.getAttribute("data-add-row"));
      } else if (remove) {
        event.preventDefault();
        removeRow(remove);
      }
    });
    form.addEventListener("input", function (event) {
      if (event.target.matches && event.target.matches("[data-position], [data-position-label], input.grid-amount")) {
        refreshPositions();
      }
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("form[data-grid]"), wire);
})();
