/* Accessibility fixes for theme markup: the sidebar's expand/collapse toggles are <summary>
   elements holding only an icon; give each an accessible name from its section's link. */
(function () {
  "use strict";
  function nameToggles() {
    document.querySelectorAll("details > summary").forEach(function (summary) {
      if (summary.textContent.trim() || summary.getAttribute("aria-label")) { return; }
      var item = summary.closest("li");
      var link = item ? item.querySelector(":scope > a") : null;
      var label = link ? link.textContent.trim() : "this section";
      summary.setAttribute("aria-label", "Show or hide the pages of " + label);
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", nameToggles);
  } else {
    nameToggles();
  }
})();
