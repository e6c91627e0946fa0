// Progressive enhancement only: every feature works without this file.
(function () {
  "use strict";
  // "/" focuses the search box, as on most search sites.
  document.addEventListener("keydown", function (ev) {
    var box = document.getElementById("q");
    var tag = (ev.target && ev.target.tagName) || "";
    if (ev.key === "/" && box && tag !== "INPUT" && tag !== "TEXTAREA") {
      ev.preventDefault();
      box.focus();
      box.select();
    }
  });
  // Long facet lists get a filter box: type to narrow the values shown.
  document.querySelectorAll(".facet[data-facet]").forEach(function (section) {
    var items = section.querySelectorAll("li");
    if (items.length <= 10) { return; }
    var title = section.querySelector("h2");
    var input = document.createElement("input");
    input.type = "search";
    input.className = "facet-filter";
    input.placeholder = "Filter " + (title ? title.textContent.toLowerCase() : "values");
    input.setAttribute("aria-label", input.placeholder);
    section.insertBefore(input, section.querySelector("ul"));
    input.addEventListener("input", function () {
      var needle = input.value.toLowerCase();
      items.forEach(function (li) {
        li.hidden = needle !== "" && li.textContent.toLowerCase().indexOf(needle) === -1;
      });
    });
  });
  // The front page (no search yet) starts with the search box focused. Pages reached by a filter link keep
  // focus at the top instead, so a facet click does not jump into the box (or open a phone's keyboard).
  var q = document.getElementById("q");
  if (q && document.querySelector(".results") && !location.search && !location.hash && window.scrollY === 0) {
    q.focus();
  }
})();
