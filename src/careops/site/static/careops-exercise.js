/* The Check of every exercise on the static site (no kernel), shared by all exercises.
   Each exercise's static version (careops.widgets.static) is a chart whose controls are
   Vega-Lite parameters, and a <div class="careops-check"> holding, encoded, what the kernel's
   check says at every grid point. This script reads the grid point from the chart's signals,
   parses the typed answers as careops.widgets.core.parse_number does, and writes the kernel's
   own sentences. It only looks up and compares: every number was computed by careops. */
(function () {
  "use strict";
  var NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
  var HINT = "color:#475569";

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;" }[c];
    });
  }

  function hint(text) {
    return '<em style="' + HINT + '">' + escapeHtml(text) + "</em>";
  }

  function decode(el) {
    var key = el.dataset.careopsKey.match(/../g).map(function (h) { return parseInt(h, 16); });
    var raw = atob(el.dataset.careopsCheck);
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) {
      bytes[i] = raw.charCodeAt(i) ^ key[i % key.length];
    }
    return JSON.parse(new TextDecoder("utf-8").decode(bytes));
  }

  /* Python's f"{x:,.0f}" for whole numbers, else f"{x:,.4g}" (careops.widgets.core._fmt). */
  function fmt(x) {
    if (Number.isInteger(x)) {
      return x.toLocaleString("en-US", { maximumFractionDigits: 0 });
    }
    if (x === 0) { return "0"; }
    var exp = Math.floor(Math.log10(Math.abs(Number(x.toPrecision(4)))));
    if (exp < -4 || exp >= 4) {
      var parts = x.toExponential(3).split("e");
      var mant = parts[0].replace(/\.?0+$/, "");
      var e = parseInt(parts[1], 10);
      return mant + "e" + (e < 0 ? "-" : "+") + (Math.abs(e) < 10 ? "0" : "") + Math.abs(e);
    }
    var fixed = x.toFixed(Math.max(0, 3 - exp)).replace(/(\.\d*?)0+$/, "$1").replace(/\.$/, "");
    var sign = fixed.charAt(0) === "-" ? "-" : "";
    var body = sign ? fixed.slice(1) : fixed;
    var bits = body.split(".");
    bits[0] = bits[0].replace(/\B(?=(\d{3})+(?!\d))/g, ",");
    return sign + bits.join(".");
  }

  /* What careops.widgets.core.parse_number does, with its messages: {value} or {error}. */
  function parseNumber(part, raw) {
    var m = part.messages;
    var text = String(raw == null ? "" : raw).trim();
    if (!text) { return { error: m.required }; }
    var cleaned = text.replace(/[, $]/g, "");
    if (part.percent && cleaned.slice(-1) === "%") { cleaned = cleaned.slice(0, -1); }
    if (!NUMBER.test(cleaned)) { return { error: m.number.replace("{text}", text) }; }
    var value = parseFloat(cleaned);
    if (!isFinite(value)) { return { error: m.finite.replace("{text}", raw) }; }
    if (part.whole && value !== Math.floor(value)) {
      return { error: m.whole.replace("{value}", fmt(value)) };
    }
    if (part.minimum === 0 && value < 0) {
      return { error: m.non_negative.replace("{value}", fmt(value)) };
    }
    if (part.minimum !== null && value < part.minimum) {
      return { error: m.at_least.replace("{value}", fmt(value)) };
    }
    if (part.maximum !== null && value > part.maximum) {
      return { error: m.at_most.replace("{value}", fmt(value)) };
    }
    if (part.whole) { return { value: value }; }
    return { value: part.percent ? value / 100 : value };
  }

  /* math.isclose(a, b, rel_tol, abs_tol), as careops.widgets.core.close_to uses it. */
  function close(a, b, rel, abs) {
    return a === b || Math.abs(a - b) <= Math.max(rel * Math.max(Math.abs(a), Math.abs(b)), abs);
  }

  /* The class of a typed number: the right answer (0), a named slip (its own tolerance when it
     has one), or the generic class of a value above or below the right answer. */
  function classify(entry, value) {
    for (var i = 0; i < entry.cands.length; i++) {
      var cand = entry.cands[i];
      var near = cand.length > 1 ? close(value, cand[0], 0, cand[1]) :
        close(value, cand[0], entry.rel, entry.abs);
      if (near) { return i; }
    }
    if (value > entry.cands[0][0]) { return entry.above >= 0 ? entry.above : entry.below; }
    return entry.below >= 0 ? entry.below : entry.above;
  }

  function chartOf(el) {
    var scope = el.closest(".cell") || el.closest(".cell_output") || el.parentElement;
    return scope ? scope.querySelector(".careops-vega") : null;
  }

  /* The grid point the chart's controls show (row-major over the grid inputs). */
  function gridPoint(view, grid) {
    var index = 0;
    grid.forEach(function (axis) {
      var now = view.signal(axis.name);
      var best = 0;
      if (typeof axis.values[0] === "number") {
        axis.values.forEach(function (v, i) {
          if (Math.abs(v - now) < Math.abs(axis.values[best] - now)) { best = i; }
        });
      } else {
        best = Math.max(0, axis.values.indexOf(now));
      }
      index = index * axis.values.length + best;
    });
    return index;
  }

  function feedbackHtml(lines) {
    var correct = lines.length > 0 && lines.every(function (l) { return l[0]; });
    var items = lines.map(function (l) {
      var mark = l[0] ? "✓ Right" : "✗ Not yet";
      var colour = l[0] ? "#15803d" : "#b45309";
      return '<li><strong style="color:' + colour + '">' + mark + ".</strong> " +
        escapeHtml(l[1]) + "</li>";
    });
    var verdict = correct ? "All correct — well done." : "Some answers need another look.";
    return '<div role="status"><p><strong>' + verdict + "</strong></p><ul>" +
      items.join("") + "</ul></div>";
  }

  function check(el, state) {
    var out = el.querySelector(".careops-feedback");
    var view = state.chart && state.chart.careopsView;
    if (!view) {
      out.innerHTML = hint("The chart is still loading: press Check again in a moment.");
      return;
    }
    var table = state.table || (state.table = decode(el));
    var point = table.points[gridPoint(view, table.grid)];
    var problems = [];
    var picked = [];
    var alert = null;
    table.parts.forEach(function (part, i) {
      var box = el.querySelector('[data-answer="' + part.name + '"]');
      var entry = point.answers[i];
      var cls;
      if (part.kind === "choice") {
        var radio = box.querySelector("input:checked");
        if (!radio) { problems.push(part.unanswered); return; }
        cls = parseInt(radio.value, 10);
      } else {
        var parsed = parseNumber(part, box.querySelector("input").value);
        if ("error" in parsed) { problems.push(parsed.error); return; }
        cls = classify(entry, parsed.value);
      }
      if (entry.alerts && cls in entry.alerts) {
        alert = alert || table.sentences[entry.alerts[cls]];
      }
      picked.push(cls);
    });
    /* each feedback line: the kernel's sentence for the classes of the answers it depends on */
    var lines = problems.length ? [] : point.lines.map(function (line) {
      var key = 0;
      line.of.forEach(function (a, j) { key = key * line.n[j] + picked[a]; });
      var said = line.says[key];
      if (said[0] === 2) { alert = alert || table.sentences[said[1]]; }
      return [said[0] === 1, table.sentences[said[1]]];
    });
    state.answered = false;
    if (problems.length) {
      out.innerHTML = '<div role="alert"><strong>' + escapeHtml(table.please) + "</strong><ul>" +
        problems.map(function (p) { return "<li>" + escapeHtml(p) + "</li>"; }).join("") +
        "</ul></div>";
    } else if (alert) {
      out.innerHTML = '<div role="alert">' + escapeHtml(alert) + "</div>";
    } else {
      out.innerHTML = feedbackHtml(lines);
      state.answered = true;
    }
  }

  /* Once the chart is drawn: a control that moves after a Check asks for a new Check (as the
     kernel does); the chart's description and the exercise's summary follow the grid point. */
  function watch(el, state) {
    var chart = state.chart;
    var view = chart.careopsView;
    var specNode = document.getElementById(chart.dataset.specId);
    var meta = specNode ? (JSON.parse(specNode.textContent).usermeta || {}).careops || {} : {};
    var grid = meta.grid || [];
    var descriptions = meta.descriptions || [];
    var summaries = meta.summaries || [];
    var summaryBox = el.querySelector(".careops-summary");
    grid.forEach(function (axis) {
      view.addSignalListener(axis.name, function () {
        var point = gridPoint(view, grid);
        if (summaries.length && summaryBox) {
          summaryBox.innerHTML = summaries[meta.summary_of[point]];
        }
        if (descriptions.length) {
          var text = descriptions[point];
          chart.setAttribute("aria-label", text);
          var svg = chart.querySelector("svg");
          if (svg) { svg.setAttribute("aria-label", text); }
        }
        if (state.answered) {
          state.answered = false;
          el.querySelector(".careops-feedback").innerHTML =
            hint("The situation changed: press Check again.");
        }
      });
    });
  }

  function setup(el) {
    if (el.dataset.careopsReady) { return; }
    el.dataset.careopsReady = "1";
    var state = { chart: chartOf(el), table: null, answered: false };
    el.querySelector(".careops-check-button").addEventListener("click", function () {
      check(el, state);
    });
    el.querySelectorAll('input[type="text"]').forEach(function (box) {
      box.addEventListener("keydown", function (event) {  /* Enter in a box checks, too */
        if (event.key === "Enter") { check(el, state); }
      });
    });
    if (!state.chart) { return; }
    if (state.chart.careopsView) {
      watch(el, state);
    } else {
      state.chart.addEventListener("careops-drawn", function () { watch(el, state); },
        { once: true });
    }
  }

  function setupAll() {
    document.querySelectorAll("div.careops-check[data-careops-check]").forEach(setup);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setupAll);
  } else {
    setupAll();
  }
})();
