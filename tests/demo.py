"""A demonstration archive for the browser-facing checks (README screenshots, Lighthouse on
every page kind): the repository's own content/ and site.toml, plus the importer's golden
articles (tests/seeds/variants/golden/: eighteen pieces, 2010–2024, by many authors, in
reports and themes), one of them with a featured image of known size, one corrected and
one a draft. No layouts/: the theme is the package's.
"""

from __future__ import annotations

import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "seeds" / "variants" / "golden"

IMAGE = """<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="675" viewBox="0 0 1200 675">
<rect width="1200" height="675" fill="#35566f"/>
<rect y="430" width="1200" height="245" fill="#28465c"/>
<circle cx="930" cy="170" r="70" fill="#f2c572"/>
<path d="M0 430 L180 300 L330 390 L520 250 L700 380 L860 290 L1050 400 L1200 330 V430 Z"
 fill="#1e3a4f"/>
<g fill="#d8dee4"><rect x="120" y="470" width="260" height="26"/>
<rect x="150" y="440" width="30" height="30"/>
<rect x="250" y="420" width="24" height="50"/><rect x="620" y="500" width="340" height="30"/>
<rect x="700" y="455" width="40" height="45"/><rect x="820" y="440" width="26" height="60"/></g>
</svg>
"""

PROFILE = """---
name: {name}
---

{name} reports on the ports, rivers and farms of the region for the archive.
"""


def demo_project(root: Path, base_url: str | None = None) -> Path:
    """Write the demonstration project at `root` (which must not exist); returns it."""
    root.mkdir(parents=True)
    shutil.copytree(REPO / "content", root / "content")
    text = (REPO / "site.toml").read_text(encoding="utf-8")
    if base_url is not None:
        text = text.replace('base_url = "https://example.org/"', f'base_url = "{base_url}"')
    (root / "site.toml").write_text(text, encoding="utf-8")
    articles = root / "content" / "articles"
    for path in sorted(GOLDEN.glob("*.md")):
        (articles / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    static = root / "layouts" / "static"
    static.mkdir(parents=True)
    (static / "harbour.svg").write_text(IMAGE, encoding="utf-8")
    _edit(articles / "deck_line_2011.md", "title:",
          "image: {src: /static/harbour.svg, alt: Cranes on the quay of a harbour at dusk, "
          "caption: The harbour of Port Halden after the ceasefire., "
          "credit: Illustration by the archive, width: 1200, height: 675}\ntitle:")
    _edit(articles / "notices_2023.md", "title:",
          "updated: 2023-09-02\ncorrections:\n  - {date: 2023-09-02, text: \"An earlier "
          "version gave the wrong height for the dam.\"}\ntitle:")
    _edit(articles / "radio_show_2015.md", "title:", "draft: true\ntitle:")
    (root / "content" / "authors" / "farid-nassar.md").write_text(
        PROFILE.format(name="Farid Nassar"), encoding="utf-8")
    return root


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
