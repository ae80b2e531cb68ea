/* sopkit: keyboard access to tables that scroll sideways.
 *
 * On a narrow screen a wide table scrolls sideways inside its frame (the theme wraps it
 * when the page loads). Someone using a keyboard can scroll it only if the frame can take
 * the focus, so a frame that scrolls is made focusable and named after its table's
 * columns (WCAG 2.1.1). A frame that does not scroll is left alone: it would only be an
 * extra stop for the Tab key. */
(function () {
  "use strict";

  function label(wrap) {
    var headers = Array.prototype.map.call(wrap.querySelectorAll("th"), function (cell) {
      return cell.textContent.trim();
    }).filter(Boolean);
    return "Table" + (headers.length ? " of " + headers.join(", ") : "") + ", scrolls sideways";
  }

  function update() {
    Array.prototype.forEach.call(document.querySelectorAll(".md-typeset__scrollwrap"), function (wrap) {
      if (wrap.scrollWidth > wrap.clientWidth) {
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        wrap.setAttribute("aria-label", label(wrap));
      } else if (wrap.getAttribute("tabindex") === "0") {
        wrap.removeAttribute("tabindex");
        wrap.removeAttribute("role");
        wrap.removeAttribute("aria-label");
      }
    });
  }

  // The theme's document$ stream announces each page once its tables are wrapped.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(function () { window.setTimeout(update, 0); });
  } else {
    window.addEventListener("load", update);
  }
  window.addEventListener("resize", update);
})();
