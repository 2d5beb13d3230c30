// While a title is typed, show existing solutions of the challenge that look similar.
(function () {
  "use strict";
  var box = document.getElementById("similar-solutions");
  var title = document.getElementById("title");
  if (!box || !title) { return; }
  var timer = null;
  var lastAsked = "";

  function refresh() {
    var text = title.value.trim();
    if (text === lastAsked) { return; }
    lastAsked = text;
    fetch(box.dataset.similarUrl + "?title=" + encodeURIComponent(text), { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : ""; })
      .then(function (html) { if (text === lastAsked) { box.innerHTML = html; } })
      .catch(function () { /* hints are optional */ });
  }

  title.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(refresh, 350);
  });
})();
