// Copy buttons on the subscribe page. Without JavaScript the addresses are plain text to
// select and copy; with it, each gets a button.
(function () {
  "use strict";
  if (!navigator.clipboard) {
    return;
  }
  var status = document.querySelector(".ito-copy-status");
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(button.getAttribute("data-copy")).then(function () {
        if (status) {
          status.textContent = "Copied " + button.getAttribute("data-copy");
        }
      });
    });
  });
})();
