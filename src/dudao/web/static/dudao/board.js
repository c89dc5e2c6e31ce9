/* dudao: the office pages' charts (ECharts). Each element with data-chart="pie|bar|grades|heatmap|radar" is drawn
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

  var GRADE_COLORS = ["#1e7a46", "#1f4e99", "#875a00", "#b3261e", "#56616d"];

  function grades(data) {
    return {
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      grid: { left: 40, right: 12, top: 24, bottom: 28 },
      xAxis: { type: "category", data: data.names, axisLabel: { fontSize: 12 } },
      yAxis: { type: "value", name: data.axis, minInterval: 1 },
      series: [{
        type: "bar", barMaxWidth: 36, label: { show: true, position: "top", fontSize: 12 },
        data: data.totals.map(function (n, i) { return { value: n, itemStyle: { color: GRADE_COLORS[i % GRADE_COLORS.length] } }; })
      }]
    };
  }

  function heatmap(data, el) {
    el.style.height = Math.max(240, data.items.length * 24 + 170) + "px";
    return {
      tooltip: {
        formatter: function (p) {
          var v = p.data;
          return data.items[v[1]] + "<br>" + data.units[v[0]] + "：" + v[3] + "（" + v[4] + "）";
        }
      },
      grid: { left: 260, right: 16, top: 40, bottom: 110 },
      xAxis: { type: "category", data: data.units, axisLabel: { rotate: 60, interval: 0, fontSize: 11 }, splitArea: { show: true } },
      yAxis: {
        type: "category", data: data.items, inverse: true,
        axisLabel: { fontSize: 11, width: 240, overflow: "truncate" }
      },
      visualMap: {
        min: 0, max: 1, calculable: false, dimension: 2, orient: "horizontal", right: 16, top: 4,
        itemHeight: 160, text: [data.high, data.low], textStyle: { fontSize: 11 },
        inRange: { color: ["#b3261e", "#f4b183", "#fff4d6", "#e6f4ec", "#1e7a46"] }
      },
      series: [{ type: "heatmap", data: data.cells, itemStyle: { borderColor: "#fff", borderWidth: 1 } }]
    };
  }

  function radar(data) {
    var colors = ["#1f4e99", "#9aa5b1"];
    return {
      color: colors,
      tooltip: { trigger: "item" },
      legend: { bottom: 0, itemWidth: 10, itemHeight: 10, textStyle: { fontSize: 12 } },
      radar: {
        indicator: data.indicators, radius: "62%", center: ["50%", "48%"],
        axisName: { color: "#1f2933", fontSize: 11, width: 96, overflow: "break" }
      },
      series: [{
        type: "radar", symbolSize: 4,
        data: data.series.map(function (s, i) {
          return { name: s.name, value: s.values, areaStyle: i === 0 ? { opacity: 0.18 } : undefined, lineStyle: { width: i === 0 ? 2 : 1, type: i === 0 ? "solid" : "dashed" } };
        })
      }]
    };
  }

  var BUILD = { pie: pie, bar: bar, grades: grades, heatmap: heatmap, radar: radar };

  function draw(el) {
    var source = document.getElementById(el.dataset.source);
    if (!window.echarts || !source) { return; }
    var data = JSON.parse(source.textContent);
    var chart = window.echarts.init(el, null, { renderer: "svg" });
    var build = BUILD[el.dataset.chart] || bar;
    var option = build(data, el);
    chart.resize();
    chart.setOption(option);
    window.addEventListener("resize", function () { chart.resize(); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-chart]").forEach(draw);
  });
})();
