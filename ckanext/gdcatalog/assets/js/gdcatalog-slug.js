/* URL name of a dataset, romanised from its (Thai) title.
 *
 * Takes the place of CKAN's "slug-preview-slug" module on the name field.
 * CKAN slugifies the title in the browser, keeping only ASCII letters and
 * digits, so a Thai title gives "" or "__". This module asks the site
 * instead (action gdcatalog_slug_suggest: RTGS romanisation, made unique)
 * and otherwise behaves as CKAN's module: a URL preview with an Edit
 * button, and no more changes once the user types a name.
 *
 * The title field keeps CKAN's "slug-preview-target" module, which
 * publishes the title as it is typed ("slug-target-changed") until it
 * hears that the name was edited by hand ("slug-preview-modified").
 *
 * Options: prefix and placeholder of the preview, datasetId of a dataset
 * being edited (its own name counts as free), title (selector of the
 * title field), delay (ms of quiet typing before asking).
 */
this.ckan.module('gdcatalog-slug', function ($) {
  return {
    options: {
      prefix: '',
      placeholder: '<dataset>',
      datasetId: '',
      title: '#field-title',
      delay: 300
    },

    initialize: function () {
      var module = this;
      var group;

      this.slug = this.el.slug();  // keeps typed text URL-safe, as in core
      this.preview = null;
      this.edited = false;
      this.timer = null;
      this.latest = 0;  // number of the latest request: older answers are dropped

      group = this.slug.parents('.form-group');
      if (!group.length) {
        return;
      }
      // After a validation error the field itself stays in view, as in core.
      if (!group.hasClass('error')) {
        this.preview = group.slugPreview({
          prefix: this.options.prefix,
          placeholder: this.options.placeholder,
          i18n: {'URL': this._('URL'), 'Edit': this._('Edit')}
        });
        this.sandbox.publish('slug-preview-created', this.preview[0]);
      }

      this.onNameEdited = function (event) {
        // keypress without a character (arrows, tab) is not an edit
        if (event.type === 'keypress' && !event.charCode) {
          return;
        }
        module.edited = true;
        clearTimeout(module.timer);
        module.sandbox.publish('slug-preview-modified', module.preview && module.preview[0]);
      };
      this.onTitleChanged = function (title) {
        if (module.edited) {
          return;
        }
        clearTimeout(module.timer);
        module.timer = setTimeout(function () {
          module.suggest(title);
        }, module.options.delay);
      };

      // "input" catches pasting and deleting; typed characters go through
      // the slug plugin's keypress handler, which fires no "input".
      this.slug.on('keypress.gdcatalog-slug input.gdcatalog-slug', this.onNameEdited);
      this.sandbox.subscribe('slug-target-changed', this.onTitleChanged);

      // A form shown again (after an error elsewhere) has a title but no
      // name, and CKAN watches only titles that start empty.
      if (!this.slug.val() && $(this.options.title).val()) {
        this.suggest($(this.options.title).val());
      }
    },

    teardown: function () {
      clearTimeout(this.timer);
      if (this.onTitleChanged) {
        this.sandbox.unsubscribe('slug-target-changed', this.onTitleChanged);
        this.slug.off('.gdcatalog-slug');
      }
    },

    /* Asks the site for a name and shows it, unless the user typed one or
     * a newer title was sent meanwhile. On failure the name stays as it is:
     * the site derives one from the title when the dataset is saved. */
    suggest: function (title) {
      var module = this;
      var request = ++this.latest;
      var query = {title: $.trim(title || '')};

      if (!query.title) {
        this.setName('');
        return;
      }
      if (this.options.datasetId) {
        query.id = this.options.datasetId;
      }
      this.sandbox.client.call(
        'GET', 'gdcatalog_slug_suggest', '?' + $.param(query),
        function (response) {
          if (request === module.latest && !module.edited) {
            module.setName(response.result.name);
          }
        },
        function () {}
      );
    },

    setName: function (name) {
      // "change" updates the preview (and the slug plugin's clean-up)
      this.slug.val(name).trigger('change');
    }
  };
});
