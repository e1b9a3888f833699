"""The floor of a Folio build: Python-Markdown alone, with Folio's extensions, on every core.

    python benchmarks/markdown_only.py CONTENT OUTPUT [--repo FOLIO_CHECKOUT] [--jobs N]

Converts the body of every article under CONTENT/articles (the front matter is cut off, not
parsed) and writes OUTPUT/<stem>.html. Nothing else: no YAML, no sanitizing, no pages. A
cold Folio build cannot be quicker than this, so `compare.py` runs it beside the others as
the tool "markdown" to show how far above the floor each build is.
"""

from __future__ import annotations

import argparse
import os
import sys
from multiprocessing import get_context
from pathlib import Path

import markdown

_CONVERTER: markdown.Markdown | None = None


def _start(extensions: list[str], configs: dict[str, dict[str, object]]) -> None:
    global _CONVERTER
    _CONVERTER = markdown.Markdown(extensions=extensions, extension_configs=configs,
                                   output_format="html")


def _convert(job: tuple[str, str]) -> None:
    source, target = job
    assert _CONVERTER is not None
    text = Path(source).read_text(encoding="utf-8")
    if text.startswith("---"):
        end = text.find("\n---", 3)
        text = text[text.find("\n", end + 4) + 1:] if end >= 0 else text
    _CONVERTER.reset()
    Path(target).write_text(_CONVERTER.convert(text), encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("content", type=Path)
    parser.add_argument("output", type=Path)
    parser.add_argument("--repo", type=Path, default=Path(__file__).resolve().parent.parent,
                        help="the Folio checkout whose Markdown settings are used")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    sys.path.insert(0, str(args.repo))
    from folio.markup import EXTENSION_CONFIGS, EXTENSIONS

    args.output.mkdir(parents=True, exist_ok=True)
    jobs = [(str(path), str(args.output / f"{path.stem}.html"))
            for path in sorted((args.content / "articles").glob("*.md"))]
    with get_context("fork").Pool(args.jobs, _start,
                                  (list(EXTENSIONS), dict(EXTENSION_CONFIGS))) as pool:
        for _ in pool.imap_unordered(_convert, jobs, chunksize=32):
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
