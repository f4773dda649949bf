/* reisverhaal share kit: a copy button copies exactly the value of the field it names.
 *
 * <button data-rv-copy="ID"> copies the value of the <textarea> or <input> with that id;
 * the element "ID-status" (role=status) says whether it worked. One listener on the
 * document, so buttons on pages loaded later (Material's instant navigation) work too.
 */
(function () {
  "use strict";
  if (window.reisverhaalShareKit) {
    return;
  }
  window.reisverhaalShareKit = true;

  var timers = {};

  function announce(id, message) {
    var status = document.getElementById(id + "-status");
    if (!status) {
      return;
    }
    status.textContent = message;
    clearTimeout(timers[id]);
    timers[id] = setTimeout(function () {
      status.textContent = "";
    }, 4000);
  }

  function copy(field) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(field.value);
    }
    return Promise.reject(new Error("clipboard unavailable"));
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("button[data-rv-copy]") : null;
    if (!button) {
      return;
    }
    var id = button.getAttribute("data-rv-copy");
    var field = document.getElementById(id);
    if (!field || !("value" in field)) {
      return;
    }
    copy(field).then(
      function () {
        announce(id, "Gekopieerd");
      },
      function () {
        field.focus();
        field.select();
        announce(id, "Kopiëren lukte niet: de tekst is geselecteerd, kopieer hem met Ctrl+C");
      }
    );
  });
})();
