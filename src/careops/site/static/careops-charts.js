/* Draw every Vega-Lite chart on the page with the vendored vega-embed (no CDN).
   Each chart is a <div class="careops-vega"> followed by its spec in a JSON <script>. */
(function () {
  "use strict";
  function drawAll() {
    var nodes = document.querySelectorAll("div.careops-vega[data-spec-id]");
    nodes.forEach(function (el) {
      if (el.dataset.drawn) { return; }
      var specNode = document.getElementById(el.dataset.specId);
      if (!specNode || typeof window.vegaEmbed !== "function") { return; }
      el.dataset.drawn = "1";
      var spec = JSON.parse(specNode.textContent);
      window.vegaEmbed(el, spec, { actions: false, renderer: "svg" })
        .then(function (result) {
          el.classList.add("careops-vega-drawn");
          var svg = el.querySelector("svg");
          if (svg && el.getAttribute("aria-label")) {
            svg.setAttribute("role", "img");
            svg.setAttribute("aria-label", el.getAttribute("aria-label"));
          }
          el.careopsView = result.view;
          el.dispatchEvent(new CustomEvent("careops-drawn"));  /* careops-exercise.js waits */
        })
        .catch(function (err) {
          el.classList.add("careops-vega-error");
          el.textContent = "This chart could not be drawn: " + err;
          console.error(err);
        });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
  window.careopsDrawCharts = drawAll;
})();
