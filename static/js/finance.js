/* The office's finance page: financing by quarter and bank, and the budget (Apache ECharts).
   Data comes from <script type="application/json"> elements written by json_script;
   no inline script, so a strict Content-Security-Policy can forbid them. */
(function () {
  "use strict";

  var PALETTE = ["#0d6efd", "#198754", "#fd7e14", "#6f42c1", "#20c997", "#d63384", "#6c757d", "#ffc107"];
  var MAX_BANKS = 7; // more banks than this are added up as one "other" series

  function read(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }

  function formatNumber(value) {
    if (value === null || value === undefined) { return "—"; }
    return Number(value).toLocaleString(undefined, { maximumFractionDigits: 2 });
  }

  function shortNumber(value) {
    var abs = Math.abs(value);
    if (abs >= 1e8) { return (value / 1e8).toLocaleString(undefined, { maximumFractionDigits: 1 }) + "亿"; }
    if (abs >= 1e4) { return (value / 1e4).toLocaleString(undefined, { maximumFractionDigits: 1 }) + "万"; }
    return formatNumber(value);
  }

  function empty(el, text) {
    el.classList.add("d-flex", "align-items-center", "justify-content-center", "text-muted");
    el.textContent = text;
  }

  function bankSeries(banks, key, labels) {
    var shown = banks.slice(0, MAX_BANKS);
    var rest = banks.slice(MAX_BANKS);
    var series = shown.map(function (bank) {
      return { name: bank.lender, values: bank[key] };
    });
    if (rest.length) {
      var sum = rest[0][key].map(function (_v, i) {
        return rest.reduce(function (total, bank) { return total + bank[key][i]; }, 0);
      });
      series.push({ name: labels.other || "…", values: sum });
    }
    return series;
  }

  function drawBanks(el, data, labels, key) {
    var series = bankSeries(data.banks, key, labels);
    var any = series.some(function (s) { return s.values.some(function (v) { return v > 0; }); });
    if (!any) { empty(el, labels.empty); return; }
    var chart = echarts.init(el, null, { renderer: "svg" });
    chart.setOption({
      animation: false,
      color: PALETTE,
      grid: { left: 64, right: 16, top: 56, bottom: 28 },
      legend: { type: "scroll", top: 0, left: 0, right: 0, textStyle: { fontSize: 11 } },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, valueFormatter: formatNumber },
      xAxis: { type: "category", data: data.quarters, axisLabel: { fontSize: 11 } },
      yAxis: { type: "value", name: labels.yuan, nameGap: 10, nameTextStyle: { fontSize: 10, align: "right" },
               axisLabel: { fontSize: 10, formatter: shortNumber } },
      series: series.map(function (s) {
        return { name: s.name, type: "bar", stack: key, data: s.values, barMaxWidth: 48 };
      })
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }

  function drawBudget(el, data, labels) {
    if (!data.budget.length) { empty(el, labels.empty); return; }
    var chart = echarts.init(el, null, { renderer: "svg" });
    chart.setOption({
      animation: false,
      grid: { left: 8, right: 24, top: 28, bottom: 8, containLabel: true },
      legend: { top: 0, textStyle: { fontSize: 11 } },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, valueFormatter: formatNumber },
      yAxis: { type: "category", inverse: true, data: data.budget.map(function (b) { return b.label; }),
               axisLabel: { fontSize: 11, width: 180, overflow: "truncate" } },
      xAxis: { type: "value", axisLabel: { fontSize: 10, formatter: shortNumber } },
      series: [
        { name: labels.allocated, type: "bar", data: data.budget.map(function (b) { return b.allocated; }),
          itemStyle: { color: "#adb5bd" }, barGap: "-100%", barMaxWidth: 22 },
        { name: labels.spent, type: "bar", barMaxWidth: 22,
          data: data.budget.map(function (b) {
            return { value: b.spent, itemStyle: { color: b.spent > b.allocated ? "#dc3545" : "#0d6efd" } };
          }) }
      ]
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }

  function start() {
    var data = read("finance-data");
    var labels = read("finance-labels") || {};
    if (!data || typeof echarts === "undefined") { return; }
    document.querySelectorAll(".finance-chart").forEach(function (el) {
      el.style.height = el.dataset.kind === "budget"
        ? Math.max(220, 48 + 40 * data.budget.length) + "px"
        : "300px";
      if (el.dataset.kind === "budget") {
        drawBudget(el, data, labels);
      } else {
        drawBanks(el, data, labels, el.dataset.kind);
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
