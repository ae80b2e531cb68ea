/* sopkit: the print stamp on every printed sheet.
 *
 * Each page ends with a stamp, written when the site is built: where the page is, which
 * edition it is, and what its dates are (hidden on screen). The print stylesheet puts
 * it in the footer of every sheet, through the custom property set here. When the site
 * has no address of its own on the web (no site_url), the stamp holds the page's path,
 * and a page opened from a web server is stamped with the address it was opened at. */
(function () {
  "use strict";

  function cssString(text) {
    return '"' + text.replace(/\\/g, "\\\\").replace(/"/g, '\\"') + '"';
  }

  function stamp() {
    var block = document.querySelector(".sopkit-print-stamp");
    if (!block) {
      return;
    }
    var address = block.querySelector(".sopkit-print-stamp__address");
    var opened = /^https?:$/.test(window.location.protocol);
    if (address && opened && block.getAttribute("data-sopkit-address") === "path") {
      address.textContent = window.location.href.split("#")[0];
    }
    var text = block.textContent.replace(/\s+/g, " ").trim();
    document.documentElement.style.setProperty("--sopkit-print-stamp", cssString(text));
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(stamp);
  } else {
    stamp();
  }
  window.addEventListener("beforeprint", stamp);

  // Paper cannot open a collapsed box: a section's facts print open, and close again.
  var opened = [];
  window.addEventListener("beforeprint", function () {
    opened = Array.prototype.filter.call(document.querySelectorAll("details.sopkit-facts"),
      function (box) { return !box.open; });
    opened.forEach(function (box) { box.open = true; });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (box) { box.open = false; });
    opened = [];
  });
})();
