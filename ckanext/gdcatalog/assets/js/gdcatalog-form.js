/* Dataset form of the GD Catalog standard (module "gdcatalog-form", on the
 * fields of the dataset form). Without JavaScript every field stays visible and the server
 * applies the same rules (an "other" text is cleared unless "other" is
 * chosen; public datasets are always harvestable).
 */
this.ckan.module('gdcatalog-form', function ($) {
  'use strict';

  function otherChosen(form, field) {
    var controls = form.find('[name="' + field + '"]');
    // A drop-down, or a value fixed by the page (the data type of a new
    // dataset is chosen by its tab and sent as a hidden field).
    if (controls.is('select') || controls.is('input[type="hidden"]')) {
      return controls.val() === 'other';
    }
    return controls.filter('[value="other"]').is(':checked');
  }

  return {
    initialize: function () {
      var form = this.el;
      var update = function () {
        form.find('[data-gdc-other-of]').each(function () {
          var input = $(this);
          var shown = otherChosen(form, input.data('gdc-other-of'));
          input.closest('.form-group').toggle(shown);
          // A disabled input is not sent: the server clears the text too.
          input.prop('disabled', !shown);
        });
        var isPrivate = form.find('[name="private"]').val() === 'True';
        form.find('[name="allow_harvest"]').closest('.form-group').toggle(isPrivate);
      };
      form.on('change', 'select, input[type="checkbox"]', update);
      update();
    }
  };
});
