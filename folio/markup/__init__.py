"""Markdown → sanitised HTML, plus what later stages need from the body.

- `convert`: Python-Markdown with the extensions that make it read Markdown as GitHub does
  (`lists`, `html_blocks`, `code_refs`, `headings`, `tasks` are Folio's own);
- `sanitize`: the allow-list, and the warning that says what it removed;
- `text`: plain text for summaries, word counts and similarity, and the links found.
"""

from folio.markup.convert import EXTENSION_CONFIGS, EXTENSIONS, SETTINGS_KEY, Rendered, to_html
from folio.markup.sanitize import sanitize
from folio.markup.text import (
    cut_summary,
    html_to_text,
    is_content_link,
    local_sources,
    signature,
)

__all__ = [
    "EXTENSIONS",
    "EXTENSION_CONFIGS",
    "SETTINGS_KEY",
    "Rendered",
    "cut_summary",
    "html_to_text",
    "is_content_link",
    "local_sources",
    "sanitize",
    "signature",
    "to_html",
]
