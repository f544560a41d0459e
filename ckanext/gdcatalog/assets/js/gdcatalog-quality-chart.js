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
      // No motion for readers who asked their system for less of it.
      if (window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)').matches) {
        config.options.animation = false;
      }
      // A canvas draws its text with the fonts it is given, not the page's:
      // give it the page's web font (Sarabun has the Thai glyphs that the
      // default Helvetica/Arial lack on many systems), once it has loaded.
      window.Chart.defaults.font.family = window.getComputedStyle(document.body).fontFamily;
      var el = this.el[0], self = this;
      var draw = function () { self.chart = new window.Chart(el, config); };
      if (document.fonts && document.fonts.ready) {
        document.fonts.load('12px ' + window.Chart.defaults.font.family, 'ก').then(draw, draw);
      } else {
        draw();
      }
    }
  };
});
