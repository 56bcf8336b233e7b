// Keyboard moderation: j/k move, a approves, r rejects, Enter opens. Without JS the forms still work.
(function () {
  var queue = document.querySelector("[data-ugc-queue]");
  if (!queue) return;
  var status = queue.querySelector("[data-ugc-status]");
  var remaining = queue.querySelector("[data-ugc-remaining]");
  var items = Array.prototype.slice.call(queue.querySelectorAll("[data-ugc-item]"));
  var current = -1;
  var left = Number(queue.dataset.total) || 0;

  function open(index) {
    var live = items.filter(function (item) { return !item.classList.contains("is-done"); });
    if (!live.length) {
      // This page is done; fetch the next batch if any are left.
      if (left > 0) location.reload();
      return;
    }
    index = Math.max(0, Math.min(index, items.length - 1));
    if (items[current]) items[current].classList.remove("is-current");
    current = index;
    items[current].classList.add("is-current");
    items[current].focus();
    items[current].scrollIntoView({ block: "nearest" });
  }

  function step(direction) {
    for (var i = current + direction; i >= 0 && i < items.length; i += direction) {
      if (!items[i].classList.contains("is-done")) return open(i);
    }
    open(current);
  }

  function say(text) { status.textContent = text; }

  function send(form, item, done) {
    var request = new XMLHttpRequest();
    request.open("POST", form.action);
    request.setRequestHeader("X-Requested-With", "XMLHttpRequest");
    request.onload = function () {
      var answer = {};
      try { answer = JSON.parse(request.responseText); } catch (error) { answer = { message: request.statusText }; }
      say(answer.message || "");
      if (answer.missing) {
        var list = item.querySelector("[data-ugc-missing]");
        list.textContent = "";
        answer.missing.forEach(function (text) {
          var entry = document.createElement("li");
          entry.textContent = text;
          list.appendChild(entry);
        });
      }
      if (done) done(answer.ok || request.status === 409);
    };
    request.send(new FormData(form));
  }

  function decide(item, selector) {
    var form = item.querySelector(selector);
    send(form, item, function (finished) {
      if (!finished) return;
      item.classList.add("is-done");
      left = Math.max(0, left - 1);
      remaining.textContent = remaining.textContent.replace(/^\d+/, String(left));
      step(1);
    });
  }

  items.forEach(function (item, index) {
    item.addEventListener("focusin", function () {
      if (items[current]) items[current].classList.remove("is-current");
      current = index;
      item.classList.add("is-current");
    });
    var edit = item.querySelector("[data-ugc-edit]");
    edit.addEventListener("submit", function (event) { event.preventDefault(); send(edit, item); item.focus(); });
    var reject = item.querySelector("[data-ugc-reject]");
    reject.addEventListener("submit", function (event) { event.preventDefault(); decide(item, "[data-ugc-reject]"); });
    item.querySelector("[data-ugc-approve]").addEventListener("submit", function (event) {
      event.preventDefault(); decide(item, "[data-ugc-approve]");
    });
  });

  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    var tag = event.target.tagName;
    if (event.key === "Enter" && tag === "SELECT" && event.target.form && event.target.form.hasAttribute("data-ugc-reject")) {
      event.preventDefault();
      event.target.form.requestSubmit();
      return;
    }
    if (tag === "INPUT" || tag === "SELECT" || tag === "TEXTAREA" || event.target.isContentEditable) {
      if (event.key === "Escape" && items[current]) items[current].focus();
      return;
    }
    var item = items[current];
    if (event.key === "j") { event.preventDefault(); step(1); }
    else if (event.key === "k") { event.preventDefault(); step(-1); }
    else if (!item || item.classList.contains("is-done")) { return; }
    else if (event.key === "a") { event.preventDefault(); decide(item, "[data-ugc-approve]"); }
    else if (event.key === "r") { event.preventDefault(); item.querySelector("[data-ugc-reject] select").focus(); say(queue.dataset.rejectHint || ""); }
    else if (event.key === "Enter" && event.target === item) { event.preventDefault(); location.href = item.dataset.inspectUrl; }
  });

  if (items.length) open(0);
})();
