// Material names a navigation section by the label that opens it. With navigation.indexes
// that label holds only an arrow icon, so the section's <nav> has no name, and screen readers
// list several unnamed navigation landmarks (axe: landmark-unique). Name each such section
// after its own title, again after every instant page load.
(function () {
  function nameSections() {
    document.querySelectorAll("nav.md-nav[aria-labelledby]").forEach(function (nav) {
      var label = document.getElementById(nav.getAttribute("aria-labelledby"));
      var title = nav.querySelector(":scope > .md-nav__title");
      if (label && !label.textContent.trim() && title && title.textContent.trim()) {
        nav.removeAttribute("aria-labelledby");
        nav.setAttribute("aria-label", title.textContent.trim());
      }
    });
  }
  if (typeof document$ !== "undefined") {
    document$.subscribe(nameSections);
  } else {
    document.addEventListener("DOMContentLoaded", nameSections);
  }
})();
