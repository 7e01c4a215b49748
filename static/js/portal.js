// The phone menu: its button opens and closes the header's tools and navigation; Escape closes it.
function setMenu(toggle, open) {
  toggle.closest(".site-header").classList.toggle("menu-open", open);
  toggle.setAttribute("aria-expanded", String(open));
}

document.addEventListener("click", (event) => {
  const toggle = event.target.closest("[data-menu-toggle]");
  if (toggle) {
    setMenu(toggle, toggle.getAttribute("aria-expanded") !== "true");
  }
});

document.addEventListener("keydown", (event) => {
  const toggle = document.querySelector('[data-menu-toggle][aria-expanded="true"]');
  if (event.key === "Escape" && toggle) {
    setMenu(toggle, false);
    toggle.focus();
  }
});

// A select that submits its form when changed (the language switch); no inline handler, for the CSP.
document.addEventListener("change", (event) => {
  if (event.target.matches("select[data-submit-on-change]")) {
    event.target.form.submit();
  }
});

// The staff menu keeps to one row: the entries that do not fit move, last first, under its "Khác" entry,
// and come back when the window widens. On a phone the menu is a column and nothing moves.
function fitStaffMenu() {
  const row = document.querySelector(".staff-nav > ul");
  const more = row && row.querySelector(":scope > .nav-more");
  if (!more) {
    return;
  }
  const folded = more.querySelector("ul");
  folded.querySelectorAll(":scope > li[data-moved]").forEach((item) => {
    item.removeAttribute("data-moved");
    more.before(item);
  });
  if (getComputedStyle(row).flexDirection === "column") {
    return;
  }
  const first = row.firstElementChild;
  const wraps = () => [...row.children].some((item) => item.offsetParent && item.offsetTop > first.offsetTop);
  while (wraps() && more.previousElementSibling !== first) {
    const last = more.previousElementSibling;
    last.dataset.moved = "";
    folded.prepend(last);
  }
}

let fitQueued = false;
function queueFit() {
  if (!fitQueued) {
    fitQueued = true;
    requestAnimationFrame(() => {
      fitQueued = false;
      fitStaffMenu();
    });
  }
}
queueFit();
window.addEventListener("resize", queueFit);
document.fonts?.ready.then(queueFit);
document.addEventListener("htmx:afterSwap", queueFit); // a count badge widens its entry
