// Sends votes without reloading the page; without this script the vote forms post normally.
// A vote form holds one button per direction (name="value"); its other buttons (a comment's
// delete or moderation actions) post normally.
(function () {
  "use strict";

  function setPressed(box, value) {
    box.querySelectorAll("button[data-vote]").forEach(function (button) {
      var own = Number(button.dataset.vote);
      var pressed = value === own;
      button.setAttribute("aria-pressed", pressed ? "true" : "false");
      button.querySelector(".vote-label").textContent = pressed ? button.dataset.labelOn : button.dataset.labelOff;
      button.value = pressed ? "0" : String(own);
    });
  }

  function announce(box, text) {
    var status = box.querySelector("[data-vote-status]");
    status.textContent = "";
    window.setTimeout(function () { status.textContent = text; }, 50);
  }

  function postWithoutScript(form, button) {
    var value = document.createElement("input");
    value.type = "hidden";
    value.name = button.name;
    value.value = button.value;
    form.appendChild(value);
    HTMLFormElement.prototype.submit.call(form);
  }

  // The count, and the hidden word after it that agrees with it (the server words it).
  function showCount(element, count, word) {
    element.textContent = count;
    element.parentElement.querySelector(".visually-hidden").textContent = word;
  }

  function send(event) {
    var form = event.target.closest("[data-vote-form]");
    var button = event.submitter;
    if (!form || !button || !button.hasAttribute("data-vote")) { return; }
    event.preventDefault();
    var box = form.closest("[data-vote-box]");
    var data = new FormData(form);
    data.set("value", button.value);
    fetch(form.action, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "Accept": "application/json", "X-CSRFToken": data.get("csrf_token") }
    }).then(function (response) {
      return response.json().then(function (body) { return { ok: response.ok, body: body }; });
    }).then(function (result) {
      if (!result.ok) { announce(box, result.body.message); return; }
      showCount(box.querySelector("[data-votes-up]"), result.body.votes_up, result.body.votes_up_word);
      showCount(box.querySelector("[data-votes-down]"), result.body.votes_down, result.body.votes_down_word);
      setPressed(box, result.body.value);
      announce(box, result.body.message);
    }).catch(function () {
      postWithoutScript(form, button);
    });
  }

  document.addEventListener("submit", send);
})();
