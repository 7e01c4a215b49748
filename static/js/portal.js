// On a phone the menu is one row that scrolls sideways: bring the current page's entry into view.
document.addEventListener("DOMContentLoaded", () => {
  for (const current of document.querySelectorAll('.main-nav a[aria-current="page"]')) {
    const row = current.closest("ul");
    if (row.scrollWidth > row.clientWidth) {
      row.scrollLeft = current.offsetLeft - row.offsetLeft - 16;
    }
  }
});
