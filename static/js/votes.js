// Sends vote forms without reloading the page; without this script they post normally.
(function () {
  "use strict";

  function setPressed(box, value) {
    box.querySelectorAll("[data-vote-form]").forEach(function (form) {
      var own = Number(form.querySelector("[data-vote-value]").dataset.voteValue);
      var pressed = value === own;
      var button = form.querySelector("button");
      button.setAttribute("aria-pressed", pressed ? "true" : "false");
      button.querySelector(".vote-label").textContent = pressed ? button.dataset.labelOn : button.dataset.labelOff;
      form.querySelector("input[name=value]").value = pressed ? "0" : String(own);
    });
  }

  function announce(box, text) {
    var status = box.querySelector("[data-vote-status]");
    status.textContent = "";
    window.setTimeout(function () { status.textContent = text; }, 50);
  }

  function send(event) {
    var form = event.target.closest("[data-vote-form]");
    if (!form) { return; }
    event.preventDefault();
    var box = form.closest("[data-vote-box]");
    var data = new FormData(form);
    fetch(form.action, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "Accept": "application/json", "X-CSRFToken": data.get("csrf_token") }
    }).then(function (response) {
      return response.json().then(function (body) { return { ok: response.ok, body: body }; });
    }).then(function (result) {
      if (!result.ok) { announce(box, result.body.message); return; }
      box.querySelector("[data-votes-up]").textContent = result.body.votes_up;
      box.querySelector("[data-votes-down]").textContent = result.body.votes_down;
      setPressed(box, result.body.value);
      announce(box, result.body.message);
    }).catch(function () {
      form.submit();
    });
  }

  document.addEventListener("submit", send);
})();
