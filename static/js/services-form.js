// Online form: warn about a file that is too large or of the wrong type before it is uploaded.
// The server checks again (type by content, size); this only saves the citizen a wasted upload.
// Deleting a draft asks for confirmation first (the form carries the question in data-confirm).
(function () {
  "use strict";
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.getAttribute("data-confirm"))) event.preventDefault();
    });
  });
  var form = document.querySelector("form.svc-form");
  if (!form) return;
  var maxBytes = parseFloat(form.getAttribute("data-max-mb") || "20") * 1048576;
  var allowed = /\.(pdf|jpe?g|png)$/i;
  form.querySelectorAll("input[type=file]").forEach(function (input) {
    input.addEventListener("change", function () {
      var file = input.files && input.files[0];
      var message = "";
      if (file && !allowed.test(file.name)) message = form.getAttribute("data-msg-type");
      else if (file && file.size > maxBytes) message = form.getAttribute("data-msg-size");
      input.setCustomValidity(message);
      if (message) { input.reportValidity(); input.value = ""; input.setCustomValidity(""); }
    });
  });
})();
