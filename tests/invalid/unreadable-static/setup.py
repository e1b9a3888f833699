"""A project's own stylesheet (overriding the theme's) that its reader may not read."""

from pathlib import Path

from folio.pages.templates import THEME


def setup(root: Path) -> None:
    sheet = root / "layouts/static/style.css"
    sheet.parent.mkdir(parents=True, exist_ok=True)
    sheet.write_bytes((THEME / "static/style.css").read_bytes())
    sheet.chmod(0)


def teardown(root: Path) -> None:
    (root / "layouts/static/style.css").chmod(0o644)
