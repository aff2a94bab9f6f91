// Owns the map from the engine's field paths to the form's controls. The engine gives each error
// a `path` of parts (`["visits", 0, "total"]`), so nothing here parses `visits[0].total`: a path
// is found by its parts, or failing that by its longest known prefix.

const keyOf = (parts) => JSON.stringify(parts);

export class FieldMap {
  constructor() {
    this.ids = new Map();
  }

  /** The control `id` holds the value at `parts`. */
  set(parts, id) {
    this.ids.set(keyOf(parts), id);
  }

  /**
   * The id of the control nearest to `parts` that passes `present`, or null. The empty path (the
   * input as a whole) has a control of its own; a field's path never falls back to it.
   */
  find(parts, present = () => true) {
    const p = Array.isArray(parts) ? parts : [];
    for (let n = p.length; n >= (p.length ? 1 : 0); n--) {
      const id = this.ids.get(keyOf(p.slice(0, n)));
      if (id && present(id)) return id;
    }
    return null;
  }
}
