"""A slider a screen reader can name: the browser's own ``<input type="range">`` inside its ``<label>``.

ipywidgets' ``IntSlider`` draws its handle with noUiSlider, whose handle has
``role="slider"`` but no accessible name (axe-core: *aria-input-field-name*,
serious). :class:`RangeSlider` keeps the traits ``AmountWithSlider`` uses
(``value``, ``min``, ``max``, ``step``, ``description``) and sends the value
when the person lets go, as ``continuous_update=False`` does.
"""

from __future__ import annotations

import anywidget
import traitlets

__all__ = ["RangeSlider"]

_ESM = """
function render({ model, el }) {
  const label = document.createElement("label");
  label.className = "of-range";
  const text = document.createElement("span");
  text.className = "of-range-label";
  const input = document.createElement("input");
  input.type = "range";
  const draw = () => {
    text.textContent = model.get("description");
    input.min = String(model.get("min"));
    input.max = String(model.get("max"));
    input.step = String(model.get("step"));
    input.value = String(model.get("value"));
    if (model.get("value_text")) input.setAttribute("aria-valuetext", model.get("value_text"));
  };
  input.addEventListener("change", () => { model.set("value", Number(input.value)); model.save_changes(); });
  model.on("change", draw);
  label.append(text, input);
  el.appendChild(label);
  draw();
}
export default { render };
"""

_CSS = """
.of-range { display: flex; flex-wrap: wrap; align-items: center; gap: 0.2em 0.8em; font-weight: 600; color: #222; }
.of-range .of-range-label { font-size: 0.85em; }
.of-range input[type=range] { flex: 1 1 12em; max-width: 22em; min-width: 8em; accent-color: #136f55; }
"""


class RangeSlider(anywidget.AnyWidget):  # type: ignore[misc]
    """A whole-number slider with a real label; observe ``value``."""

    _esm = _ESM
    _css = _CSS
    value = traitlets.Int(0).tag(sync=True)
    min = traitlets.Int(0).tag(sync=True)
    max = traitlets.Int(100).tag(sync=True)
    step = traitlets.Int(1).tag(sync=True)
    description = traitlets.Unicode("").tag(sync=True)
    #: What a screen reader says for the value (``1.600 €``); empty: the number.
    value_text = traitlets.Unicode("").tag(sync=True)
