// The kiosk: a form is sent once (a second tap waits for the first; the server's one-time token is the
// real guard), the receipt prints itself once, and the page goes back to the buttons for the next person.
document.addEventListener("submit", (event) => {
  const form = event.target.closest("form[data-submit-once]");
  if (!form) {
    return;
  }
  if (form.dataset.sent) {
    event.preventDefault();
  } else {
    form.dataset.sent = "1";
  }
});

document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) {
    window.print();
  }
});

const receipt = document.querySelector("[data-autoprint]");
if (receipt) {
  const key = `counter-printed-${receipt.dataset.autoprint}`;
  if (!sessionStorage.getItem(key)) {
    sessionStorage.setItem(key, "1");
    window.print();
  }
  const back = Number(receipt.dataset.returnAfter || 0);
  if (back > 0) {
    setTimeout(() => window.location.assign(receipt.dataset.returnUrl), back * 1000);
  }
}
