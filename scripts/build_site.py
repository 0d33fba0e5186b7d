#!/usr/bin/python3
"""Build the kit's static HTML site: `npm run site` (scripts/site.sh runs this with Debian's python3).

    build_site.py [--from DIR] [--out DIR] [--partial]

* --from DIR: the executed notebooks to publish (default notebooks/, the committed ones,
  which carry their outputs after `npm run notebooks -- --publish`; the test run passes the
  executed copies of `npm run notebooks -- --write build/notebooks`). A notebook without
  any output is an error: the site shows executed notebooks only.
* --out DIR (default site/, git-ignored): rebuilt from scratch, and only if it is a site
  built by this script (it holds .msms-site) or does not exist.

Contents: index.html (every notebook with its title and figure count, links to the
figure gallery), notebooks/<name>.html (Debian's nbconvert 6.5 HTML export, lab template),
figures.html (every interactive figure of every notebook), and assets/ with ONE copy of
each library: plotly.min.js (from node_modules/plotly.js-dist-min), require.min.js
(libjs-requirejs; the nbconvert template loads it) and a MathJax 2.7 subset (libjs-mathjax:
TeX input, SVG output, so that math renders offline, even from file://, with no web
fonts). Nothing is loaded from the network.

Figures: every output that carries a plotly figure as JSON (application/vnd.plotly.v1+json,
written by showFigure in lib/plots) becomes an interactive figure drawn by the shared
plotly bundle (assets/figures.js); its PNG stays inside as the fallback for readers
without scripts.
"""

from __future__ import annotations

import argparse
import base64
import html
import json
import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PLOTLY_MIME = "application/vnd.plotly.v1+json"
MARKER = ".msms-site"
MATHJAX = Path("/usr/share/javascript/mathjax")
REQUIREJS = Path("/usr/share/javascript/requirejs/require.min.js")
PLOTLY = ROOT / "node_modules" / "plotly.js-dist-min" / "plotly.min.js"
# TeX input + SVG output (glyphs drawn from the font data in JS: no web fonts to load)
MATHJAX_PARTS = [
    "MathJax.js",
    "config/TeX-AMS_SVG-full.js",
    "config/Safe.js",
    "extensions",
    "jax/input/TeX",
    "jax/element",
    "jax/output/SVG/config.js",
    "jax/output/SVG/jax.js",
    "jax/output/SVG/autoload",
    "jax/output/SVG/fonts/TeX",
    "localization/en",
]
MATHJAX_URL = "../assets/mathjax/MathJax.js?config=TeX-AMS_SVG-full,Safe"

FIGURES_JS = """// Draws every interactive figure of the page with the shared plotly bundle (../assets/plotly.min.js).
(function () {
  var figures = document.querySelectorAll('.msms-plotly');
  Array.prototype.forEach.call(figures, function (el) {
    var spec = JSON.parse(document.getElementById(el.getAttribute('data-spec')).textContent);
    el.innerHTML = ''; // the PNG fallback
    window.Plotly.newPlot(el, spec.data, spec.layout, { displaylogo: false, responsive: false }).then(function () {
      el.setAttribute('data-rendered', 'true');
    });
  });
})();
"""

SITE_CSS = """
body.msms-site { font-family: DejaVu Sans, Arial, Helvetica, sans-serif; margin: 2em auto; max-width: 980px;
  color: #222; line-height: 1.45; padding: 0 1em; }
.msms-nav { font-family: DejaVu Sans, Arial, Helvetica, sans-serif; font-size: 14px; padding: 6px 12px;
  background: #f3f3f3; border-bottom: 1px solid #ddd; }
.msms-nav a { margin-right: 1.2em; }
.msms-figure-card { margin: 2em 0; }
.msms-figure-card h2 { font-size: 1.05em; margin-bottom: 0.3em; }
table.msms-index td { padding: 0.25em 0.8em 0.25em 0; vertical-align: top; }
"""


def fail(message: str) -> None:
    print(f"site: {message}", file=sys.stderr)
    sys.exit(1)


def title_of(nb, fallback: str) -> str:
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return fallback


def has_outputs(nb) -> bool:
    return any(cell.get("outputs") for cell in nb.cells if cell.cell_type == "code")


def script_json(x) -> str:
    return json.dumps(x, separators=(",", ":")).replace("</", "<\\/")


def interactive_outputs(nb, stem: str) -> list[dict]:
    """Turn plotly-JSON outputs into interactive-figure HTML (PNG inside as fallback); returns the figures."""
    figures = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if PLOTLY_MIME not in data:
                continue
            spec = data[PLOTLY_MIME]
            n = len(figures) + 1
            fig_id = f"{stem}-figure-{n}"
            layout = spec.get("layout", {})
            width, height = int(layout.get("width", 640)), int(layout.get("height", 420))
            title = str((layout.get("title") or {}).get("text", "")) or f"figure {n}"
            png = data.get("image/png")
            fallback = (
                f'<img alt="{html.escape(plain(title))}" src="data:image/png;base64,{"".join(png)}">'
                if png is not None
                else ""
            )
            markup = (
                f'<div class="msms-plotly" id="{fig_id}" data-spec="{fig_id}-spec" '
                f'style="width:{width}px;height:{height}px">{fallback}</div>\n'
                f'<script type="application/json" id="{fig_id}-spec">{script_json(spec)}</script>'
            )
            out["data"] = {"text/html": markup, "text/plain": data.get("text/plain", title)}
            figures.append({"id": fig_id, "title": title, "spec": spec, "png": png, "width": width, "height": height})
    return figures


def plain(text: str) -> str:
    """Figure text without its markup (plotly's <sub>, <br>, …)."""
    return re.sub(r"<[^>]+>", "", text)


def rich(text: str) -> str:
    """Figure text as HTML: escaped, except plotly's <sub>/<sup> (real subscripts, as in the figure)."""
    return re.sub(r"&lt;(/?)(sub|sup)&gt;", r"<\1\2>", html.escape(plain_br(text)))


def plain_br(text: str) -> str:
    return re.sub(r"<br\s*/?>", " ", text)


MATHJAX_HEAD = (
    '<script type="text/x-mathjax-config">MathJax.Hub.Config({tex2jax: {inlineMath: [["$", "$"]], '
    'processEscapes: true}});</script>\n'
    '<script src="assets/mathjax/MathJax.js?config=TeX-AMS_SVG-full,Safe"></script>\n'
)


def nav(depth: str) -> str:
    return (
        f'<div class="msms-nav"><a href="{depth}index.html">msms-kit notebooks</a>'
        f'<a href="{depth}figures.html">interactive figures</a></div>'
    )


def page_scripts(depth: str) -> str:
    return f'<script src="{depth}assets/plotly.min.js"></script>\n<script src="{depth}assets/figures.js"></script>\n'


def copy_assets(out: Path) -> None:
    assets = out / "assets"
    assets.mkdir(parents=True)
    for src in (PLOTLY, REQUIREJS, MATHJAX / "MathJax.js"):
        if not src.exists():
            fail(f"{src} is missing: run 'npm run setup' (npm packages, Debian libjs-mathjax and libjs-requirejs)")
    shutil.copy(PLOTLY, assets / "plotly.min.js")
    shutil.copy(REQUIREJS, assets / "require.min.js")
    for part in MATHJAX_PARTS:
        src = MATHJAX / part
        dst = assets / "mathjax" / part
        if src.is_dir():
            shutil.copytree(src, dst)
        else:
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(src, dst)
    (assets / "figures.js").write_text(FIGURES_JS)
    (assets / "site.css").write_text(SITE_CSS)


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--from", dest="source", default=str(ROOT / "notebooks"), help="folder of executed notebooks")
    ap.add_argument("--out", default=str(ROOT / "site"), help="output folder (default site/)")
    ap.add_argument("--partial", action="store_true", help="allow --from to hold only some of the notebooks")
    args = ap.parse_args(argv)

    import nbformat
    from nbconvert import HTMLExporter

    source = Path(args.source)
    out = Path(args.out)
    paths = sorted(source.glob("*.ipynb"))
    if not paths:
        fail(f"no notebooks in {source}")
    if source.resolve() != (ROOT / "notebooks").resolve():
        # executed copies: exactly the kit's notebooks (a copy of a notebook since removed is left out)
        kit = {p.name for p in (ROOT / "notebooks").glob("*.ipynb")}
        missing = sorted(kit - {p.name for p in paths})
        if missing and not args.partial:
            fail(f"{source} has no executed copy of {', '.join(missing)} (--partial builds the site without them)")
        paths = [p for p in paths if p.name in kit]
    if out.exists():
        if not (out / MARKER).exists():
            fail(f"{out} exists and is not a site built by this script (no {MARKER}): not overwriting it")
        shutil.rmtree(out)
    (out / "notebooks").mkdir(parents=True)
    (out / MARKER).write_text("built by scripts/build_site.py (npm run site); safe to delete\n")
    copy_assets(out)

    exporter = HTMLExporter(template_name="lab")
    exporter.mathjax_url = MATHJAX_URL
    exporter.require_js_url = "../assets/require.min.js"
    css = '<link rel="stylesheet" href="../assets/site.css">\n'

    entries = []
    gallery = []
    for path in paths:
        nb = nbformat.read(str(path), as_version=4)
        if not has_outputs(nb):
            fail(
                f"{path} has no outputs: publish executed notebooks (npm run notebooks -- --publish) "
                "or build from executed copies (npm run notebooks -- --write DIR; npm run site -- --from DIR)"
            )
        stem = path.stem
        title = title_of(nb, stem)
        figures = interactive_outputs(nb, stem)
        body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": title}})
        body = body.replace("</head>", f"{css}</head>", 1)
        body = re.sub(r"(<body[^>]*>)", lambda m: m.group(1) + "\n" + nav("../"), body, count=1)
        body = body.replace("</body>", page_scripts("../") + "</body>", 1)
        (out / "notebooks" / f"{stem}.html").write_text(body)
        entries.append((stem, title, len(figures)))
        gallery += [dict(f, notebook=stem, notebook_title=title) for f in figures]

    # the gallery of interactive figures
    cards = []
    for f in gallery:
        alt = html.escape(plain(f["title"]))
        fallback = f'<img alt="{alt}" src="data:image/png;base64,{"".join(f["png"])}">' if f["png"] else ""
        cards.append(
            f'<div class="msms-figure-card"><h2>{rich(f["title"])} — '
            f'<a href="notebooks/{f["notebook"]}.html">{html.escape(f["notebook_title"])}</a></h2>\n'
            f'<div class="msms-plotly" id="g-{f["id"]}" data-spec="g-{f["id"]}-spec" '
            f'style="width:{f["width"]}px;height:{f["height"]}px">{fallback}</div>\n'
            f'<script type="application/json" id="g-{f["id"]}-spec">{script_json(f["spec"])}</script></div>'
        )
    def head(title: str) -> str:
        return (
            f'<!DOCTYPE html>\n<html><head><meta charset="utf-8">\n<title>{html.escape(title)}</title>\n'
            '<link rel="stylesheet" href="assets/site.css">\n' + MATHJAX_HEAD + "</head>\n"
        )
    (out / "figures.html").write_text(
        head("msms-kit — interactive figures")
        + '<body class="msms-site">\n'
        + nav("")
        + f"\n<h1>Interactive figures</h1>\n<p>{len(gallery)} figures from the notebooks "
        "(hover for values, drag to zoom, double-click to reset).</p>\n"
        + "\n".join(cards)
        + "\n"
        + page_scripts("")
        + "</body></html>\n"
    )

    rows = "\n".join(
        f'<tr><td><a href="notebooks/{stem}.html">{html.escape(title)}</a></td><td>{stem}.ipynb</td>'
        f"<td>{n} figure{'s' if n != 1 else ''}</td></tr>"
        for stem, title, n in entries
    )
    try:
        shown_source = source.resolve().relative_to(ROOT)
    except ValueError:
        shown_source = source.name
    (out / "index.html").write_text(
        head("msms-kit — notebooks")
        + '<body class="msms-site">\n'
        + nav("")
        + "\n<h1>msms-kit — executed notebooks</h1>\n"
        "<p>Multi-satellite multi-stream beamspace massive MIMO: the kit's walkthroughs and the "
        "figures of the paper, executed (Jupyter + tslab) and exported with nbconvert. Figures are "
        'interactive; all of them are also in the <a href="figures.html">figure gallery</a>.</p>\n'
        f'<table class="msms-index">\n{rows}\n</table>\n'
        f"<p>Built by <code>npm run site</code> from <code>{html.escape(str(shown_source))}/</code>.</p>\n"
        "</body></html>\n"
    )
    print(f"site: {len(entries)} notebooks, {len(gallery)} interactive figures -> {out}/index.html")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
