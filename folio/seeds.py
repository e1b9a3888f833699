"""The publisher-text reader's names, where the rest of Folio first found them.

The reader itself lives in `folio.importing` (one module per input format); this module
keeps `from folio.seeds import parse_seed` working.
"""

from __future__ import annotations

from folio.importing.decode import decode_seed
from folio.importing.model import AuthorBio, Removed, SeedArticle, Source
from folio.importing.text import parse_seed

__all__ = ["AuthorBio", "Removed", "SeedArticle", "Source", "decode_seed", "parse_seed"]
