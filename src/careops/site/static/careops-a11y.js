/* Accessibility fixes for markup the theme and the widget manager write:
   - the sidebar's expand/collapse toggles are <summary> elements holding only an icon: each gets
     an accessible name from its section's link;
   - an ipywidgets slider's handle (role="slider") has no name of its own: it takes the text of
     the slider's label. Widgets render after the page loads, so new ones are named as they appear. */
(function () {
  "use strict";
  function nameToggles(root) {
    root.querySelectorAll("details > summary").forEach(function (summary) {
      if (summary.textContent.trim() || summary.getAttribute("aria-label")) { return; }
      var item = summary.closest("li");
      var link = item ? item.querySelector(":scope > a") : null;
      var label = link ? link.textContent.trim() : "this section";
      summary.setAttribute("aria-label", "Show or hide the pages of " + label);
    });
  }
  function nameSliders(root) {
    root.querySelectorAll(".widget-slider [role='slider']:not([aria-label])").forEach(function (handle) {
      var slider = handle.closest(".widget-slider");
      var label = slider ? slider.querySelector(".widget-label") : null;
      var text = label ? label.textContent.trim() : "";
      handle.setAttribute("aria-label", text || "Slider");
    });
  }
  function fix() {
    nameToggles(document);
    nameSliders(document);
    new MutationObserver(function () { nameSliders(document); })
      .observe(document.body, { childList: true, subtree: true });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", fix);
  } else {
    fix();
  }
})();
