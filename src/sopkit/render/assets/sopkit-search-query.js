/* sopkit: search queries without their small words.
 *
 * The theme's search makes every word of a query a prefix ("a" looks for every word that
 * starts with "a"), so in "file a complaint" the "a" matches hundreds of words and the
 * pages that say "complaint" fall below pages that say "assigned" and "arrest". The index
 * leaves out the same small words (its stop-word list, lunr's, copied below), so a query
 * loses nothing when they are dropped before it is searched: "file a complaint" is
 * searched as "file complaint", "what happens if my child is arrested" as "happens child
 * arrested". The word being typed is kept (it may be the start of a longer word: "a" of
 * "arrest"), and so is a query of small words only, or one that uses the search syntax
 * (quotes, +, -, field:, ~, ^, *).
 *
 * This script runs before the theme starts its search worker, and wraps the worker's
 * postMessage for search queries (and the offline copy's stand-in for a worker). */
(function () {
  "use strict";

  var SMALL = (
    "a able about across after all almost also am among an and any are as at be because " +
    "been but by can cannot could dear did do does either else ever every for from get got " +
    "had has have he her hers him his how however i if in into is it its just least let " +
    "like likely may me might most must my neither no nor not of off often on only or other " +
    "our own rather said say says she should since so some than that the their them then " +
    "there these they this tis to too twas us wants was we were what when where which while " +
    "who whom why will with would yet you your"
  ).split(" ").reduce(function (set, word) { set[word] = true; return set; }, {});

  function withoutSmallWords(query) {
    if (typeof query !== "string" || /["+\-:~^*]/.test(query)) {
      return query;
    }
    var typing = !/\s$/.test(query);
    var words = query.trim().split(/\s+/);
    var kept = words.filter(function (word, index) {
      var last = typing && index === words.length - 1;
      return last || !SMALL[word.toLowerCase()];
    });
    return kept.length ? kept.join(" ") : query;
  }

  function wrap(Kind) {
    if (!Kind || !Kind.prototype || Kind.prototype.__sopkitQueries) {
      return;
    }
    var post = Kind.prototype.postMessage;
    Kind.prototype.postMessage = function (message) {
      // The theme's search query message: {type: 2, data: "the query"}.
      if (message && message.type === 2 && typeof message.data === "string") {
        var args = Array.prototype.slice.call(arguments);
        args[0] = { type: message.type, data: withoutSmallWords(message.data) };
        return post.apply(this, args);
      }
      return post.apply(this, arguments);
    };
    Kind.prototype.__sopkitQueries = true;
  }

  wrap(window.Worker);
  wrap(window.IFrameWorker);
  window.sopkitSearchQuery = withoutSmallWords;  // for tests
})();
