/* dudao: the office pages' charts (ECharts). Each element with data-chart="pie|bar" is drawn
   from the JSON in the <script id="data-source"> that Django's json_script wrote; the words shown
   (the tooltip's format, the axis name) come translated in that JSON too. */
(function () {
  "use strict";
  var STATUS_COLORS = ["#9aa5b1", "#1f4e99", "#1e7a46", "#9a6700"];

  function pie(data) {
    return {
      color: STATUS_COLORS,
      tooltip: { trigger: "item", formatter: data.tooltip },
      legend: { bottom: 0, itemWidth: 10, itemHeight: 10, textStyle: { fontSize: 12 } },
      series: [{
        type: "pie", radius: ["42%", "68%"], center: ["50%", "42%"],
        label: { formatter: "{c}", fontSize: 12 },
        data: data.labels.map(function (label, i) { return { name: label, value: data.values[i] }; })
      }]
    };
  }

  function bar(data) {
    return {
      color: ["#1f4e99"],
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      grid: { left: 48, right: 16, top: 20, bottom: 96 },
      xAxis: { type: "category", data: data.names, axisLabel: { rotate: 60, interval: 0, fontSize: 11 } },
      yAxis: { type: "value", name: data.axis, min: 0 },
      series: [{ type: "bar", data: data.totals, barMaxWidth: 22 }]
    };
  }

  function draw(el) {
    var source = document.getElementById(el.dataset.source);
    if (!window.echarts || !source) { return; }
    var data = JSON.parse(source.textContent);
    var chart = window.echarts.init(el, null, { renderer: "svg" });
    chart.setOption(el.dataset.chart === "pie" ? pie(data) : bar(data));
    window.addEventListener("resize", function () { chart.resize(); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-chart]").forEach(draw);
  });
})();
