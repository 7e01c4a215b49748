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
