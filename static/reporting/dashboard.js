/* The dashboard's charts (Chart.js, vendored from npm). The figures come from the page's
   <script type="application/json" id="dashboard-data"> (json_script): no inline script, for the CSP. */
(function () {
  "use strict";

  function draw() {
    var source = document.getElementById("dashboard-data");
    if (!source || typeof window.Chart === "undefined") {
      return;
    }
    var data = JSON.parse(source.textContent);
    var common = {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      interaction: { mode: "index", intersect: false },
      plugins: { legend: { position: "bottom" } }
    };
    var rates = document.getElementById("trend-rates");
    if (rates) {
      new window.Chart(rates, {
        type: "line",
        data: {
          labels: data.labels,
          datasets: [
            { label: data.names.on_time_rate, data: data.series.on_time_rate, borderColor: "#1d7a3a",
              backgroundColor: "#1d7a3a", spanGaps: true, tension: 0.2 },
            { label: data.names.online_rate, data: data.series.online_rate, borderColor: "#1f4e8c",
              backgroundColor: "#1f4e8c", spanGaps: true, tension: 0.2 }
          ]
        },
        options: Object.assign({}, common, { scales: { y: { min: 0, max: 100 } } })
      });
    }
    var counts = document.getElementById("trend-counts");
    if (counts) {
      new window.Chart(counts, {
        type: "bar",
        data: {
          labels: data.labels,
          datasets: [
            { label: data.names.received, data: data.series.received, backgroundColor: "#8fb3e0" },
            { label: data.names.resolved, data: data.series.resolved, backgroundColor: "#da251d" }
          ]
        },
        options: Object.assign({}, common, { scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } })
      });
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
