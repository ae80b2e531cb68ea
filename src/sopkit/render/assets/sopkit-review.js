/* sopkit: re-check a section's review status when the page is viewed.
 *
 * A built page says whether its section was due for review on the day it was built, but
 * a page can be read long after that. Each review box carries its due date, the day it
 * becomes due soon, and the manual's time zone; this script compares them with today in
 * that time zone and replaces the banner when the status has changed since the build.
 * Without scripts, the text written at build time stays. */
(function () {
  "use strict";

  function today(zone) {
    var parts = {};
    try {
      new Intl.DateTimeFormat("en-US", {
        timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit"
      }).formatToParts(new Date()).forEach(function (part) { parts[part.type] = part.value; });
      return parts.year + "-" + parts.month + "-" + parts.day;
    } catch (error) {
      var now = new Date();
      return new Date(now.getTime() - now.getTimezoneOffset() * 60000).toISOString().slice(0, 10);
    }
  }

  var BANNERS = {
    "overdue": ["danger", "Overdue for review",
      "This section was due for review by {due}. Until the {team} reviews it, " +
      "check with its owner before relying on it."],
    "due-soon": ["note", "Review due soon", "This section is due for review by {due}."]
  };

  function banner(status, due, team) {
    var spec = BANNERS[status];
    var box = document.createElement("div");
    box.className = "admonition " + spec[0];
    var title = document.createElement("p");
    title.className = "admonition-title";
    title.textContent = spec[1];
    var text = document.createElement("p");
    text.textContent = spec[2].replace("{due}", due).replace("{team}", team);
    box.appendChild(title);
    box.appendChild(text);
    return box;
  }

  function recheck(box) {
    var now = today(box.getAttribute("data-sopkit-zone"));
    var due = box.getAttribute("data-sopkit-due");
    var status = now > due ? "overdue" : now >= box.getAttribute("data-sopkit-soon") ? "due-soon" : "current";
    if (status === box.getAttribute("data-sopkit-status")) {
      return;
    }
    box.setAttribute("data-sopkit-status", status);
    while (box.firstChild) {
      box.removeChild(box.firstChild);
    }
    if (BANNERS[status]) {
      box.appendChild(banner(status, box.getAttribute("data-sopkit-due-text"),
        box.getAttribute("data-sopkit-team") || "team"));
    }
  }

  function run() {
    Array.prototype.forEach.call(document.querySelectorAll(".sopkit-review[data-sopkit-due]"), recheck);
  }

  // With Material's instant navigation, pages are swapped in without a new load;
  // its document$ stream announces each one (the first included).
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(run);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", run);
  } else {
    run();
  }
})();
