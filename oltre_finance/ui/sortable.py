"""A list whose order a person sets by dragging, or with ▲ ▼ buttons on a phone or keyboard.

ipywidgets has no drag-and-drop list, so this small widget is written with
anywidget: the browser side is the few lines of JavaScript below, and the
order travels back to Python as the ``order`` trait (a list of names). The
list is named by ``label`` for screen readers; each ▲ ▼ button names the
item it moves.
"""

from __future__ import annotations

import anywidget
import traitlets

__all__ = ["SortableList"]

_ESM = """
function render({ model, el }) {
  const list = document.createElement("ol");
  list.className = "of-sortable";
  const named = () => { if (model.get("label")) list.setAttribute("aria-label", model.get("label")); };
  named();
  model.on("change:label", named);
  el.appendChild(list);
  let dragged = null;

  function move(from, to) {
    const order = [...model.get("order")];
    if (to < 0 || to >= order.length || from === to) return;
    const [name] = order.splice(from, 1);
    order.splice(to, 0, name);
    model.set("order", order);
    model.save_changes();
  }

  function button(text, label, onClick) {
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = text;
    b.title = label;
    b.setAttribute("aria-label", label);
    b.addEventListener("click", onClick);
    return b;
  }

  function draw() {
    list.replaceChildren();
    const order = model.get("order");
    order.forEach((name, index) => {
      const item = document.createElement("li");
      item.draggable = true;
      item.dataset.index = String(index);
      const handle = document.createElement("span");
      handle.className = "of-sortable-handle";
      handle.textContent = "⠿";
      const text = document.createElement("span");
      text.className = "of-sortable-name";
      text.textContent = name;
      item.append(handle, text,
        button("▲", "Sposta su: " + name, () => move(index, index - 1)),
        button("▼", "Sposta giù: " + name, () => move(index, index + 1)));
      item.addEventListener("dragstart", (event) => {
        dragged = index;
        item.classList.add("of-dragging");
        event.dataTransfer.effectAllowed = "move";
        event.dataTransfer.setData("text/plain", String(index));
      });
      item.addEventListener("dragend", () => item.classList.remove("of-dragging"));
      item.addEventListener("dragover", (event) => { event.preventDefault(); item.classList.add("of-over"); });
      item.addEventListener("dragleave", () => item.classList.remove("of-over"));
      item.addEventListener("drop", (event) => {
        event.preventDefault();
        item.classList.remove("of-over");
        const from = dragged !== null ? dragged : Number(event.dataTransfer.getData("text/plain"));
        dragged = null;
        move(from, index);
      });
      list.appendChild(item);
    });
  }

  model.on("change:order", draw);
  draw();
}
export default { render };
"""

_CSS = """
.of-sortable { list-style: none; counter-reset: of-item; padding: 0; margin: 0.3em 0; max-width: 34em; }
.of-sortable li { display: flex; align-items: center; gap: 0.5em; padding: 0.35em 0.6em; margin: 0.25em 0;
  border: 1px solid #ccc; border-radius: 6px; background: #fff; cursor: grab; counter-increment: of-item; }
.of-sortable li::before { content: counter(of-item) "."; font-weight: 700; color: #136f55; min-width: 1.4em; }
.of-sortable li.of-dragging { opacity: 0.5; }
.of-sortable li.of-over { border-color: #136f55; background: #eef6f2; }
.of-sortable .of-sortable-handle { color: #888; }
.of-sortable .of-sortable-name { flex: 1; }
.of-sortable button { font-size: 1em; padding: 0.1em 0.5em; cursor: pointer; }
"""


class SortableList(anywidget.AnyWidget):  # type: ignore[misc]
    """Names in an order the person can change; observe ``order``."""

    _esm = _ESM
    _css = _CSS
    order = traitlets.List(traitlets.Unicode()).tag(sync=True)
    #: The list's accessible name (what a screen reader says before the items).
    label = traitlets.Unicode("").tag(sync=True)
