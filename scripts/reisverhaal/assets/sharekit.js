/* reisverhaal share kit: a copy button copies exactly the value of the field it names.
 *
 * <button data-rv-copy="ID"> copies the value of the <textarea> or <input> with that id;
 * the element "ID-status" (role=status) says whether it worked, in the words of the kit's
 * data-rv-copied and data-rv-copy-failed (labels.yml). One listener on the document, so
 * buttons on pages loaded later (Material's instant navigation) work too.
 *
 * A link to a post (#rv-...-bericht, from the calendar) opens the tab the post is in.
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

  function words(element, name, fallback) {
    var kit = element.closest ? element.closest("[" + name + "]") : null;
    return kit ? kit.getAttribute(name) : fallback;
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
        announce(id, words(button, "data-rv-copied", "Gekopieerd"));
      },
      function () {
        field.focus();
        field.select();
        announce(id, words(button, "data-rv-copy-failed", "Kopiëren lukte niet"));
      }
    );
  });

  function openTabOf(target) {
    var block = target.closest ? target.closest(".tabbed-block") : null;
    if (!block || !block.parentElement) {
      return;
    }
    var set = block.parentElement.closest(".tabbed-set");
    var index = Array.prototype.indexOf.call(block.parentElement.children, block);
    var inputs = set ? set.querySelectorAll(":scope > input") : [];
    if (inputs[index]) {
      inputs[index].checked = true;
      target.scrollIntoView();
    }
  }

  function showLinkedPost() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    var target = id ? document.getElementById(id) : null;
    if (target) {
      openTabOf(target);
    }
  }

  function start() {
    showLinkedPost();
    if (window.document$ && window.document$.subscribe) {
      // Material's instant navigation loads later pages without a new document.
      window.document$.subscribe(showLinkedPost);
    }
  }

  window.addEventListener("hashchange", showLinkedPost);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
