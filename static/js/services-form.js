// Online form: warn about a file that is too large or of the wrong type before it is uploaded.
// The server checks again (type by content, size); this only saves the citizen a wasted upload.
(function () {
  "use strict";
  var form = document.querySelector("form.svc-form");
  if (!form) return;
  var maxBytes = parseFloat(form.getAttribute("data-max-mb") || "20") * 1048576;
  var allowed = /\.(pdf|jpe?g|png)$/i;
  form.querySelectorAll("input[type=file]").forEach(function (input) {
    input.addEventListener("change", function () {
      var file = input.files && input.files[0];
      var message = "";
      if (file && !allowed.test(file.name)) message = "Chỉ nhận tệp PDF, JPEG hoặc PNG.";
      else if (file && file.size > maxBytes) message = "Tệp vượt quá dung lượng tối đa cho phép.";
      input.setCustomValidity(message);
      if (message) { input.reportValidity(); input.value = ""; input.setCustomValidity(""); }
    });
  });
})();
