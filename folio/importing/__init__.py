"""Importing articles from the publisher's pages into content files.

One reader per input format, all ending in the same publisher rules:

- `text`: publisher text (Markdown-like, as saved from the site), read by `header`
  (headline, byline, dateline, labels, wherever they stand) and `body` (the article text
  with notices out and attribution kept);
- `html`: a saved HTML page, its main text and metadata found by trafilatura, then read
  as publisher text;
- `feeds`: RSS 2.0, Atom (feedparser) and JSON Feed files, one article per entry;
- `detect` picks the reader from a file's first bytes; `decode` turns bytes into text.

`folio.importing.importer` reads the files and writes the content files.
"""

from folio.importing.decode import decode_seed
from folio.importing.model import AuthorBio, Removed, SeedArticle, Source
from folio.importing.text import parse_seed

__all__ = ["AuthorBio", "Removed", "SeedArticle", "Source", "decode_seed", "parse_seed"]
