// On a phone the menu is one row that scrolls sideways: bring the current page's entry into view.
document.addEventListener("DOMContentLoaded", () => {
  for (const current of document.querySelectorAll('.main-nav a[aria-current="page"]')) {
    const row = current.closest("ul");
    if (row.scrollWidth > row.clientWidth) {
      row.scrollLeft = current.offsetLeft - row.offsetLeft - 16;
    }
  }
});

// A select that submits its form when changed (the language switch); no inline handler, for the CSP.
document.addEventListener("change", (event) => {
  if (event.target.matches("select[data-submit-on-change]")) {
    event.target.form.submit();
  }
});
