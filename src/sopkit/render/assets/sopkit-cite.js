/* sopkit: a "copy citation" button for each clause of a policy.
 *
 * Each clause (and each definition) of a policy page carries the words a reader cites it
 * by, in data-sopkit-cite, and ends its first paragraph with its permanent link (#). This
 * script puts a button after that link which copies the citation with the link's
 * address: "… Roles and Expectations, item 5 (version 2) — https://…#roles-jurisdiction".
 * Without JavaScript there is no button (there would be nothing to make it work), and
 * the link is still there to copy by hand.
 *
 * A polite live region says "Citation copied" for screen readers; the button shows a
 * tick for a moment. Where the Clipboard API is missing or refused (a page opened from
 * disk in some browsers), the text is copied through a selected text field, and when
 * even that fails it is shown in a prompt, selected, to copy by hand. */
(function () {
  "use strict";

  var ICON_COPY =
    '<svg viewBox="0 0 24 24" width="16" height="16" aria-hidden="true" focusable="false">' +
    '<path fill="currentColor" d="M19 21H8V7h11m0-2H8a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h11a2 ' +
    '2 0 0 0 2-2V7a2 2 0 0 0-2-2m-3-4H4a2 2 0 0 0-2 2v14h2V3h12z"/></svg>';
  var ICON_DONE =
    '<svg viewBox="0 0 24 24" width="16" height="16" aria-hidden="true" focusable="false">' +
    '<path fill="currentColor" d="M21 7 9 19l-5.5-5.5 1.41-1.41L9 16.17 19.59 5.59z"/></svg>';

  function liveRegion() {
    var region = document.getElementById("sopkit-cite-status");
    if (!region) {
      region = document.createElement("div");
      region.id = "sopkit-cite-status";
      region.className = "sopkit-visually-hidden";
      region.setAttribute("role", "status");
      region.setAttribute("aria-live", "polite");
      region.setAttribute("data-search-exclude", "");
      document.body.appendChild(region);
    }
    return region;
  }

  function announce(message) {
    var region = liveRegion();
    // Emptied first, so that the same message twice is announced twice.
    region.textContent = "";
    window.setTimeout(function () { region.textContent = message; }, 50);
  }

  function citationOf(clause) {
    var address = window.location.href.split("#")[0] + "#" + clause.id;
    return clause.getAttribute("data-sopkit-cite") + " — " + address;
  }

  function copyWithSelection(text) {
    var field = document.createElement("textarea");
    field.value = text;
    field.setAttribute("readonly", "");
    field.className = "sopkit-visually-hidden";
    document.body.appendChild(field);
    field.select();
    var copied = false;
    try {
      copied = document.execCommand("copy");
    } catch (error) {
      copied = false;
    }
    document.body.removeChild(field);
    return copied;
  }

  function copy(text, done) {
    function fallback() {
      if (copyWithSelection(text)) {
        done("Citation copied");
      } else {
        window.prompt("Copy this citation:", text);
        done("Citation shown to copy");
      }
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () { done("Citation copied"); }, fallback);
    } else {
      fallback();
    }
  }

  function button(clause, link) {
    var control = document.createElement("button");
    control.type = "button";
    control.className = "sopkit-cite-button";
    control.setAttribute("data-search-exclude", "");
    var name = "Copy citation of " + link.getAttribute("aria-label").replace(/^Permanent link to /, "");
    control.setAttribute("aria-label", name);
    control.title = "Copy citation";
    control.innerHTML = ICON_COPY;
    control.addEventListener("click", function () {
      copy(citationOf(clause), function (message) {
        announce(message);
        control.innerHTML = ICON_DONE;
        control.classList.add("sopkit-cite-button--done");
        window.setTimeout(function () {
          control.innerHTML = ICON_COPY;
          control.classList.remove("sopkit-cite-button--done");
        }, 2000);
      });
    });
    return control;
  }

  function addButtons() {
    liveRegion();
    Array.prototype.forEach.call(document.querySelectorAll("[data-sopkit-cite][id]"), function (clause) {
      var link = clause.querySelector('a.sopkit-clause-link[href="#' + (window.CSS && CSS.escape ? CSS.escape(clause.id) : clause.id) + '"]');
      if (!link || (link.nextElementSibling && link.nextElementSibling.classList.contains("sopkit-cite-button"))) {
        return;
      }
      link.parentNode.insertBefore(button(clause, link), link.nextSibling);
    });
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(function () { addButtons(); });
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", addButtons);
  } else {
    addButtons();
  }
})();
