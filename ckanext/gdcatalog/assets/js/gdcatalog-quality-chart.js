/* A chart of the quality dashboards: <canvas data-module="gdcatalog-quality-chart"
   data-module-chart='{"type": ..., "data": ..., "options": ...}'>, drawn with the
   vendored Chart.js. The tables next to each chart hold the same figures, so
   nothing is lost without JavaScript. */
this.ckan.module('gdcatalog-quality-chart', function ($) {
  return {
    options: {chart: null},
    initialize: function () {
      var config = this.options.chart;
      if (typeof config === 'string') { config = JSON.parse(config); }
      if (!config || typeof window.Chart === 'undefined') { return; }
      config.options = $.extend({responsive: true, maintainAspectRatio: false}, config.options || {});
      this.chart = new window.Chart(this.el[0], config);
    }
  };
});
