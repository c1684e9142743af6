/* The consent record's "Drucken" button: the gateway's CSP (script-src 'self') blocks inline handlers such as
 * onclick="window.print()", so the button carries data-print and this file wires it up. */
(function () {
  'use strict';
  document.querySelectorAll('[data-print]').forEach(function (button) {
    button.addEventListener('click', function () { window.print(); });
  });
}());
