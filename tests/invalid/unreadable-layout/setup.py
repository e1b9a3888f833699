"""A project's own layout (overriding the theme's) that its reader may not read."""

from pathlib import Path

from folio.pages.templates import THEME


def setup(root: Path) -> None:
    layout = root / "layouts/term.html"
    layout.parent.mkdir(parents=True, exist_ok=True)
    layout.write_bytes((THEME / "term.html").read_bytes())
    layout.chmod(0)


def teardown(root: Path) -> None:
    (root / "layouts/term.html").chmod(0o644)
