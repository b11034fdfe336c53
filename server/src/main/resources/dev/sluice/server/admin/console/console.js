// Draws the console's charts with uPlot: fetches the JSON that the section's data-charts attribute names
// (sample times in epoch seconds, and per chart one line per destination) and makes one small chart of each.
// Redraws every 5 seconds. No figures are computed here: the server sends rates and lag as they are drawn.
(function () {
  "use strict";
  var COLOURS = ["#2563eb", "#dc2626", "#16a34a", "#9333ea", "#ea580c", "#0891b2", "#ca8a04", "#db2777"];

  function draw(section, data) {
    section.textContent = "";
    data.charts.forEach(function (chart) {
      var figure = document.createElement("figure");
      figure.id = chart.id;
      figure.className = "chart";
      var caption = document.createElement("figcaption");
      caption.textContent = chart.title;
      figure.appendChild(caption);
      section.appendChild(figure);
      if (chart.series.length === 0) {
        var none = document.createElement("p");
        none.className = "none";
        none.textContent = "no samples yet";
        figure.appendChild(none);
        return;
      }
      var series = [{}];
      var values = [data.times];
      chart.series.forEach(function (line, index) {
        series.push({label: line.label, stroke: COLOURS[index % COLOURS.length], width: 1.5, spanGaps: false});
        values.push(line.values);
      });
      new uPlot({width: 360, height: 160, series: series, legend: {show: true}, scales: {y: {range: [0, null]}},
                 axes: [{}, {size: 50}]}, values, figure);
    });
  }

  function refresh(section) {
    fetch(section.getAttribute("data-charts"), {cache: "no-store"})
      .then(function (response) {
        if (!response.ok) { throw new Error("HTTP " + response.status); }
        return response.json();
      })
      .then(function (data) { draw(section, data); })
      .catch(function (error) { section.setAttribute("data-error", String(error)); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var section = document.getElementById("charts");
    if (section) {
      refresh(section);
      setInterval(function () { refresh(section); }, 5000);
    }
  });
})();
