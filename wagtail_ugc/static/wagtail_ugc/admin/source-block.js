/*
 * The editor of a UGC block with a "Show" source (the gallery and reviews
 * blocks) shows only the fields the chosen source needs: the campaign chooser
 * for "A campaign", the tags for "Tags", the submissions for "Hand-picked".
 * Hidden fields keep their values; the server ignores those the source does
 * not need. A field with an error stays visible, so no error is hidden.
 * Which source needs which field comes from the block (source_needs in
 * wagtail_ugc/display/blocks.py).
 */
(() => {
  const { StructBlockDefinition } = window.wagtailStreamField.blocks;

  function wrapperOf(child) {
    const element = child.container?.[0] || child.element;
    return element.closest("[data-contentpath]") || element;
  }

  class SourceBlockDefinition extends StructBlockDefinition {
    render(placeholder, prefix, initialState, initialError) {
      const block = super.render(placeholder, prefix, initialState, initialError);
      const fieldsBySource = this.meta.ugcSourceFields || {};
      const dependent = [...new Set(Object.values(fieldsBySource).flat())];
      const source = block.childBlocks.source.element.querySelector("select");
      if (!source) return block;

      const showFields = () => {
        const needed = fieldsBySource[source.value] || [];
        for (const name of dependent) {
          const wrapper = wrapperOf(block.childBlocks[name]);
          const hasError = wrapper.querySelector(".error-message") !== null;
          wrapper.hidden = !needed.includes(name) && !hasError;
        }
      };
      source.addEventListener("change", showFields);
      for (const method of ["setState", "setError"]) {
        const original = block[method].bind(block);
        block[method] = (...args) => {
          original(...args);
          showFields();
        };
      }
      showFields();
      return block;
    }
  }

  window.telepath.register("wagtail_ugc.blocks.SourceBlock", SourceBlockDefinition);
})();
