/* Enforcement statistics: draw the charts (Apache ECharts) from the page's
   <script type="application/json" id="case-chart-data"> (json_script). No inline script. */
(function () {
  "use strict";

  function pie(rows) {
    return {
      tooltip: { trigger: "item", formatter: "{b}: {c} ({d}%)" },
      legend: { type: "scroll", orient: "vertical", right: 0, top: "middle", textStyle: { fontSize: 11 } },
      series: [{
        type: "pie",
        radius: ["35%", "68%"],
        center: ["38%", "50%"],
        avoidLabelOverlap: true,
        label: { formatter: "{c}", fontSize: 11 },
        data: rows.filter(function (r) { return r[1] > 0; })
          .map(function (r) { return { name: r[0], value: r[1] }; })
      }]
    };
  }

  function bar(rows, horizontal) {
    var labels = rows.map(function (r) { return r[0]; });
    var values = rows.map(function (r) { return r[1]; });
    var category = { type: "category", data: labels, axisLabel: { fontSize: 10 } };
    var value = { type: "value", minInterval: 1, axisLabel: { fontSize: 10 } };
    if (horizontal) { category.inverse = true; }
    return {
      tooltip: { trigger: "axis" },
      grid: { containLabel: true, left: 8, right: 24, top: 20, bottom: 8 },
      xAxis: horizontal ? value : category,
      yAxis: horizontal ? category : value,
      series: [{ type: "bar", data: values, itemStyle: { color: "#0d6efd" },
                 label: { show: true, position: horizontal ? "right" : "top", fontSize: 10 } }]
    };
  }

  function draw() {
    var source = document.getElementById("case-chart-data");
    if (!source || typeof echarts === "undefined") { return; }
    var data = JSON.parse(source.textContent);
    document.querySelectorAll(".case-chart[data-series]").forEach(function (el) {
      var rows = data[el.dataset.series] || [];
      if (!rows.some(function (r) { return r[1] > 0; })) {
        el.classList.add("d-flex", "align-items-center", "justify-content-center", "text-muted");
        el.textContent = "—";
        return;
      }
      var kind = el.dataset.kind;
      el.style.height = (kind === "hbar" ? Math.max(260, rows.length * 26 + 50) : 280) + "px";
      var chart = echarts.init(el, null, { renderer: "svg" });
      chart.setOption(Object.assign({ animation: false },
        kind === "pie" ? pie(rows) : bar(rows, kind === "hbar")));
      el.dataset.drawn = "true";
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
