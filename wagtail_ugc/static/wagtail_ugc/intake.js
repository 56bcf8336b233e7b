// Submission form enhancement: a size check before sending and an upload progress bar. The form works without it.
(function () {
  document.querySelectorAll("form.ugc-form").forEach(function (form) {
    var box = form.querySelector(".ugc-progress");
    var bar = box && box.querySelector("progress");
    var status = form.querySelector(".ugc-status");
    var button = form.querySelector("[type=submit]");
    form.addEventListener("submit", function (event) {
      if (!window.FormData || !bar) return;
      event.preventDefault();
      var problems = [];
      form.querySelectorAll("input[type=file]").forEach(function (input) {
        [].forEach.call(input.files, function (file) {
          if (file.size > +form.dataset.maxBytes) {
            problems.push(form.dataset.tooBig.replace("%(name)s", file.name));
          }
        });
      });
      status.textContent = problems.join(" ");
      if (problems.length) return;
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.action);
      xhr.upload.onprogress = function (e) {
        if (e.lengthComputable) bar.value = (100 * e.loaded) / e.total;
      };
      xhr.onload = function () {
        if (xhr.responseURL && xhr.responseURL !== form.action) {
          location.assign(xhr.responseURL);
          return;
        }
        document.open();
        document.write(xhr.responseText);
        document.close();
      };
      xhr.onerror = function () {
        box.hidden = true;
        button.disabled = false;
        status.textContent = form.dataset.failed;
      };
      box.hidden = false;
      button.disabled = true;
      xhr.send(new FormData(form));
    });
  });
})();
