/* Dashboards: draw the trend charts (Apache ECharts) and size the progress bars.
   Data comes from the page's <script type="application/json" id="chart-data"> (json_script);
   no inline script, so a strict Content-Security-Policy can forbid them. */
(function () {
  "use strict";

  var COLOURS = { value: "#0d6efd", expected: "#6c757d", target: "#dc3545" };

  function clamp(text) {
    var number = parseFloat(text);
    if (isNaN(number)) { return 0; }
    return Math.max(0, Math.min(100, number));
  }

  function sizeBars() {
    document.querySelectorAll("[data-width]").forEach(function (el) {
      el.style.width = clamp(el.dataset.width) + "%";
    });
    document.querySelectorAll("[data-left]").forEach(function (el) {
      el.style.left = clamp(el.dataset.left) + "%";
    });
  }

  function formatNumber(value) {
    if (value === null || value === undefined) { return "—"; }
    return Number(value).toLocaleString(undefined, { maximumFractionDigits: 2 });
  }

  function drawChart(el, series, labels) {
    var chart = echarts.init(el, null, { renderer: "svg" });
    var lines = [{
      name: labels.value,
      type: "line",
      data: series.values,
      connectNulls: true,
      symbolSize: 6,
      itemStyle: { color: COLOURS.value },
      areaStyle: { opacity: 0.08 },
      markLine: series.target === null ? undefined : {
        symbol: "none",
        silent: true,
        lineStyle: { type: "dashed", color: COLOURS.target },
        label: { formatter: labels.target + " " + formatNumber(series.target), position: "insideEndTop" },
        data: [{ yAxis: series.target }]
      }
    }];
    if (series.expected.some(function (v) { return v !== null; })) {
      lines.push({
        name: labels.expected,
        type: "line",
        data: series.expected,
        symbol: "none",
        lineStyle: { type: "dotted", width: 1.5 },
        itemStyle: { color: COLOURS.expected }
      });
    }
    chart.setOption({
      animation: false,
      grid: { left: 56, right: 16, top: 28, bottom: 28 },
      legend: { top: 0, right: 0, itemWidth: 14, textStyle: { fontSize: 11 } },
      tooltip: { trigger: "axis", valueFormatter: formatNumber },
      xAxis: { type: "category", data: series.labels, axisLabel: { fontSize: 10 } },
      yAxis: {
        type: "value",
        scale: true,
        name: series.unit,
        nameTextStyle: { fontSize: 10 },
        axisLabel: { fontSize: 10, formatter: formatNumber },
        max: function (extent) {
          // Keep the target line in view, and end the axis on a round number.
          var top = series.target === null ? extent.max : Math.max(extent.max, series.target);
          var span = top - extent.min || Math.abs(top) || 1;
          var step = Math.pow(10, Math.floor(Math.log10(span / 5)));
          return Math.ceil((top + span * 0.02) / step) * step;
        }
      },
      series: lines
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }

  function drawCharts() {
    var source = document.getElementById("chart-data");
    if (!source || typeof echarts === "undefined") { return; }
    var data = JSON.parse(source.textContent);
    document.querySelectorAll(".trend-chart[data-code]").forEach(function (el) {
      var series = data.indicators[el.dataset.code];
      var hasData = series && series.values.some(function (v) { return v !== null; });
      if (hasData) {
        drawChart(el, series, data.labels);
      } else {
        el.classList.add("d-flex", "align-items-center", "justify-content-center", "text-muted");
        el.textContent = data.labels.empty;
      }
    });
  }

  function start() {
    sizeBars();
    drawCharts();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
