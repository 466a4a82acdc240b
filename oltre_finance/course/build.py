"""The course build (``make course``): a static site, slides and printed sheets that work with no internet.

``python -m oltre_finance.course.build --assets DIR --out DIR`` runs every
document of every module (with :data:`~oltre_finance.course.lesson.STATIC`
set, so live apps become a box naming the app), then writes:

- ``index.html``: the modules, their documents and the competencies they teach;
- for each module, the HTML page of each document (no code shown) and the
  lesson's slides (reveal.js), all served from the site's ``_static`` folder;
- PDFs typeset with Typst: the handout, the exercises without and with
  solutions, and the facilitator guide.

Nothing is loaded from outside the site: reveal.js, MathJax, RequireJS are
copied from the npm packages in ``--assets`` (versions pinned in
:data:`NPM_PACKAGES`, checked), and :func:`external_references` finds any page
that would reach beyond it; the build fails if one does.
"""

from __future__ import annotations

import argparse
import copy
import json
import multiprocessing
import re
import shutil
import sys
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from html.parser import HTMLParser
from importlib.resources import files
from pathlib import Path
from typing import Any, ClassVar

from oltre_finance.course.markdown import document_blocks
from oltre_finance.course.material import DOCUMENTS, Course, Module, course, execute, read_document, readability

__all__ = ["NPM_PACKAGES", "BuiltCourse", "build_course", "external_references", "main", "sheet_pdf"]

#: The npm packages the site serves from its own folder, pinned (reveal.js 5.2.1 fits nbconvert's template).
NPM_PACKAGES = {"reveal.js": "5.2.1", "mathjax": "2.7.9", "requirejs": "2.3.8"}
# What the site needs of each package (MathJax 2: the TeX input and CommonHTML output only).
_COPIED = {
    "reveal.js": ["dist/reveal.js", "dist/reveal.css", "dist/reset.css", "dist/theme/white.css",
                  "dist/theme/fonts/source-sans-pro", "plugin/notes", "LICENSE"],
    "mathjax": ["MathJax.js", "config/TeX-AMS_CHTML-full.js", "config/Safe.js", "extensions", "jax/input/TeX",
                "jax/output/CommonHTML", "jax/element", "fonts/HTML-CSS/TeX/woff", "localization/it", "LICENSE"],
    "requirejs": ["require.js"],
}  # fmt: skip
MATHJAX_CONFIG = "TeX-AMS_CHTML-full,Safe"
TEMPLATES = files("oltre_finance.course") / "templates"
#: The printed sheets of a module: file name → (documents, Italian name).
SHEETS = {
    "scheda.pdf": (("scheda",), "Scheda per i partecipanti"),
    "esercizi.pdf": (("esercizi",), "Esercizi"),
    "esercizi_con_soluzioni.pdf": (("esercizi", "soluzioni"), "Esercizi con le soluzioni"),
    "guida.pdf": (("guida",), "Guida per chi conduce"),
}


@dataclass(frozen=True, kw_only=True)
class BuiltCourse:
    """Where the site is, and the executed documents (module slug → document name → notebook)."""

    out: Path
    executed: dict[str, dict[str, Any]]


def _run(path: str) -> str:
    """Run one document (in a worker process) and give it back as JSON; a warning here is an error too."""
    import warnings

    import nbformat

    warnings.simplefilter("error")

    notebook = execute(read_document(Path(path)), static=True, cwd=Path(path).parent)
    notebook.metadata.pop("widgets", None)  # no live widget in the site: their state would call a CDN renderer
    return str(nbformat.writes(notebook))


def _executed(everything: Course, jobs: int) -> dict[str, dict[str, Any]]:
    import nbformat

    paths = [(module.slug, name, module.document(name)) for module in everything.modules for name in DOCUMENTS]
    # Fresh worker processes (spawned, not forked): the caller may hold threads, a browser or a server.
    with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn")) as pool:
        results = list(pool.map(_run, [str(path) for _slug, _name, path in paths]))
    executed: dict[str, dict[str, Any]] = {}
    for (slug, name, _path), text in zip(paths, results, strict=True):
        executed.setdefault(slug, {})[name] = nbformat.reads(text, as_version=4)
    return executed


def _copy_assets(assets: Path, static: Path) -> None:
    for package, version in NPM_PACKAGES.items():
        source = assets / "node_modules" / package
        manifest = source / "package.json"
        if not manifest.is_file():
            raise FileNotFoundError(f"{package} is not installed in {assets} (make course installs it)")
        found = json.loads(manifest.read_text(encoding="utf-8"))["version"]
        if found != version:
            raise ValueError(f"{package} {found} is installed, the site is built with {version}")
        for part in _COPIED[package]:
            origin, target = source / part, static / package / part
            target.parent.mkdir(parents=True, exist_ok=True)
            if origin.is_dir():
                shutil.copytree(origin, target, dirs_exist_ok=True)
            else:
                shutil.copy2(origin, target)
    lab = _lab_static()
    (static / "lab").mkdir(parents=True, exist_ok=True)
    for name in ("index.css", "theme-light.css"):  # linked once instead of inlined in every page
        shutil.copy2(lab / name, static / "lab" / name)
    (static / "corso.css").write_text((TEMPLATES / "corso.css").read_text(encoding="utf-8"), encoding="utf-8")


def _lab_static() -> Path:
    """nbconvert's ``lab`` template styles."""
    from jupyter_core.paths import jupyter_path

    for folder in jupyter_path("nbconvert", "templates", "lab", "static"):
        if (Path(folder) / "index.css").is_file():
            return Path(folder)
    raise FileNotFoundError("nbconvert's lab template is not installed")


def _resources(everything: Course, module: Module, document: str) -> dict[str, Any]:
    return {"oltre": {"home": "../index.html", "static": "../_static", "course": everything.title,
                      "number": module.number, "module": module.title, "document": DOCUMENTS[document]}}  # fmt: skip


def _exporter_settings() -> dict[str, Any]:
    return {
        "extra_template_basedirs": [str(TEMPLATES)],
        "exclude_input": True,
        "exclude_input_prompt": True,
        "exclude_output_prompt": True,
        "exclude_anchor_links": True,
        "language_code": "it",
        "mathjax_url": f"../_static/mathjax/MathJax.js?config={MATHJAX_CONFIG}",
        "require_js_url": "../_static/requirejs/require.js",
        "mermaid_js_url": "",
    }


def _page(notebook: Any, title: str, resources: dict[str, Any]) -> str:
    from nbconvert import HTMLExporter

    notebook = copy.deepcopy(notebook)
    notebook.metadata["title"] = title
    exporter = HTMLExporter(template_name="corso", **_exporter_settings())
    body, _ = exporter.from_notebook_node(notebook, resources=resources)
    return str(body)


_HEADING = re.compile(r"^(#{1,3}) ")


def _split_at_headings(source: str) -> list[str]:
    """A Markdown cell cut before each heading (outside code fences), so that each heading opens a slide."""
    pieces: list[list[str]] = [[]]
    fenced = False
    pending: list[str] = []  # marker comments stay with the heading that follows them
    for line in source.splitlines():
        if line.startswith("```"):
            fenced = not fenced
        if not fenced and line.lstrip().startswith("<!--"):
            pending.append(line)
            continue
        if not fenced and _HEADING.match(line) and any(text.strip() for text in pieces[-1]):
            pieces.append([])
        pieces[-1].extend(pending)
        pending = []
        pieces[-1].append(line)
    pieces[-1].extend(pending)
    return ["\n".join(piece).strip("\n") for piece in pieces if "\n".join(piece).strip()]


def slide_notebook(notebook: Any) -> Any:
    """A copy of a lesson marked for reveal.js: ``#``/``##`` headings open slides, ``###`` slides below them."""
    import nbformat

    slides = copy.deepcopy(notebook)
    cells = []
    for cell in slides.cells:
        if cell.cell_type != "markdown":
            cell.metadata["slideshow"] = {"slide_type": "-" if cell.get("outputs") else "skip"}
            cells.append(cell)
            continue
        for piece in _split_at_headings(cell.source):
            first = next((line for line in piece.splitlines() if not line.lstrip().startswith("<!--")), "")
            heading = _HEADING.match(first)
            kind = "-" if heading is None else ("subslide" if len(heading.group(1)) == 3 else "slide")
            cells.append(nbformat.v4.new_markdown_cell(piece, metadata={"slideshow": {"slide_type": kind}}))
    slides.cells = cells
    return slides


def _slides(notebook: Any, title: str, resources: dict[str, Any]) -> str:
    from nbconvert import SlidesExporter

    deck = slide_notebook(notebook)
    deck.metadata["title"] = title
    exporter = SlidesExporter(template_name="corso_diapositive", reveal_url_prefix="../_static/reveal.js",
                              reveal_theme="white", **_exporter_settings())  # fmt: skip
    body, _ = exporter.from_notebook_node(deck, resources=resources)
    return str(body)


def sheet_pdf(notebooks: list[Any], *, title: str, header: str, footer: str) -> bytes:
    """A printed sheet: what a reader sees in ``notebooks`` (in order), typeset with Typst."""
    from oltre_finance.report.pdf import typeset

    blocks: list[dict[str, Any]] = []
    images: dict[str, bytes] = {}
    for notebook in notebooks:
        for block in document_blocks(notebook):
            if block["kind"] == "image":
                name = f"figura-{len(images) + 1}.{block['format']}"
                images[name] = block["data"]
                block = {"kind": "image", "file": name, "alt": block["alt"], "caption": block["caption"]}
            blocks.append(block)
    data = {"title": title, "header": header, "footer": footer, "blocks": blocks}
    return typeset((TEMPLATES / "sheet.typ").read_text(encoding="utf-8"), data, images)


def _index(everything: Course) -> str:
    import jinja2

    environment = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    template = environment.from_string((TEMPLATES / "site_index.html.j2").read_text(encoding="utf-8"))
    modules = []
    for module in everything.modules:
        folder = module.slug
        links = [{"href": f"{folder}/lezione.html", "text": "Lezione"},
                 {"href": f"{folder}/diapositive.html", "text": "Diapositive"},
                 {"href": f"{folder}/esercizi.html", "text": "Esercizi"},
                 {"href": f"{folder}/soluzioni.html", "text": "Soluzioni"},
                 {"href": f"{folder}/guida.html", "text": "Guida per chi conduce"},
                 {"href": f"{folder}/scheda.html", "text": "Scheda"}]  # fmt: skip
        links += [{"href": f"{folder}/{name}", "text": f"{label} (PDF)"} for name, (_docs, label) in SHEETS.items()]
        modules.append({"number": module.number, "title": module.title, "summary": module.summary, "links": links})
    claimed = {code: [m.number for m in everything.modules if code in m.competencies]
               for code in everything.competencies}  # fmt: skip
    competencies = [{"code": code, "text": text, "area": everything.areas[area],
                     "modules": ", ".join(str(number) for number in claimed[code])}
                    for code, (area, text, _terms) in everything.competencies.items()]  # fmt: skip
    return template.render(course=everything, modules=modules, competencies=competencies)


class _References(HTMLParser):
    """Every address a page loads or links to: attributes, CSS ``url()``/``@import``, script strings."""

    ATTRIBUTES: ClassVar[set[str]] = {
        "src",
        "href",
        "data",
        "poster",
        "action",
        "srcset",
        "formaction",
        "xlink:href",
        "manifest",
    }

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._inside: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name == "srcset":
                self.found.extend(part.split()[0] for part in value.split(",") if part.split())
            elif name in self.ATTRIBUTES:
                self.found.append(value.strip())
            elif name == "style":
                self.found.extend(_css_addresses(value))
        self._inside = tag if tag in ("style", "script") else None

    def handle_endtag(self, tag: str) -> None:
        self._inside = None

    def handle_data(self, data: str) -> None:
        if self._inside == "style":
            self.found.extend(_css_addresses(data))
        elif self._inside == "script":
            self.found.extend(_script_addresses(data))


def _css_addresses(css: str) -> Iterator[str]:
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)
    for match in re.finditer(r"url\(\s*['\"]?([^'\")]+)|@import\s+['\"]([^'\"]+)", css):
        yield (match.group(1) or match.group(2)).strip()


def _script_addresses(script: str) -> Iterator[str]:
    script = re.sub(r"/\*.*?\*/", "", script, flags=re.DOTALL)
    for line in script.splitlines():
        code = re.sub(r"(^|[^:])//.*$", r"\1", line)  # a // comment (not the // of an address)
        yield from re.findall(r"['\"]((?:https?:)?//[^'\"]+)['\"]", code)


def _outside(address: str) -> bool:
    return bool(re.match(r"^([a-z][a-z0-9+.-]*:)?//", address, re.IGNORECASE)) or address.startswith("http")


def external_references(page: str, *, css: bool = False) -> list[str]:
    """The addresses in an HTML page (or a CSS file) that point outside the site (another host, ``http(s)://``).

    Examples
    --------
    >>> external_references('<script src="https://cdn.example/x.js"></script><img src="data:image/png;base64,AA">')
    ['https://cdn.example/x.js']
    >>> external_references('<a href="../index.html">Il corso</a><style>@import "//fonts.example/f.css";</style>')
    ['//fonts.example/f.css']
    """
    if css:
        return [address for address in _css_addresses(page) if _outside(address)]
    parser = _References()
    parser.feed(page)
    return [address for address in parser.found if _outside(address)]


def build_course(out: Path, *, assets: Path, root: Path | None = None, jobs: int = 2) -> BuiltCourse:
    """Build the course site into ``out`` (emptied first) from ``root`` (default: the checkout's)."""
    everything = course(root)
    executed = _executed(everything, jobs)
    if out.exists():
        shutil.rmtree(out)
    static = out / "_static"
    _copy_assets(assets, static)
    (out / "index.html").write_text(_index(everything), encoding="utf-8")
    for module in everything.modules:
        folder = out / module.slug
        folder.mkdir(parents=True)
        documents = executed[module.slug]
        for name, label in DOCUMENTS.items():
            page = _page(documents[name], f"{module.title}: {label.lower()}", _resources(everything, module, name))
            (folder / f"{name}.html").write_text(page, encoding="utf-8")
        deck = _slides(documents["lezione"], f"{module.title}: diapositive", _resources(everything, module, "lezione"))
        (folder / "diapositive.html").write_text(deck, encoding="utf-8")
        for file_name, (names, label) in SHEETS.items():
            pdf = sheet_pdf([documents[name] for name in names], title=f"{module.title}: {label.lower()}",
                            header=f"{everything.title} · Modulo {module.number}: {module.title} · {label}",
                            footer=f"Riequilibriamoci · modulo {module.number}")  # fmt: skip
            (folder / file_name).write_bytes(pdf)
    outside = {}
    for written in sorted(out.rglob("*")):
        if written.suffix in (".html", ".css"):
            found = external_references(written.read_text(encoding="utf-8"), css=written.suffix == ".css")
            if found:
                outside[str(written.relative_to(out))] = found
    if outside:
        raise RuntimeError(f"pages reference addresses outside the site: {outside}")
    return BuiltCourse(out=out, executed=executed)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build the course site, slides and PDFs (no internet needed).")
    parser.add_argument("--out", type=Path, default=Path("build/corso"))
    parser.add_argument("--assets", type=Path, default=Path(".venv/course-assets"))
    parser.add_argument("--root", type=Path, default=None, help="the course_material folder")
    parser.add_argument("--npm-packages", action="store_true", help="print the pinned npm packages and stop")
    args = parser.parse_args(argv)
    if args.npm_packages:
        print(" ".join(f"{name}@{version}" for name, version in NPM_PACKAGES.items()))
        return 0
    built = build_course(args.out, assets=args.assets, root=args.root)
    print(f"Corso costruito in {built.out}: apri {built.out / 'index.html'}")
    print("Leggibilità (indice Gulpease del testo; soglie: lezione ed esercizi 50, scheda 60):")
    for slug, documents in built.executed.items():
        scores = ", ".join(f"{name} {readability(notebook).gulpease}" for name, notebook in documents.items())
        print(f"  {slug}: {scores}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
