"""Attribution lines, wherever they stand: where the article first appeared, the featured
image's caption, the copyright. Each reader's lines go through `Attribution.read`."""

from __future__ import annotations

import re
from dataclasses import dataclass

from folio.importing.inline import links
from folio.importing.model import Source
from folio.importing.publishers import DATE, Publisher
from folio.importing.typography import flatten, normalise

_LEAD = re.compile(r"^this article was (?:originally|first) published (?:on|in|by|at)\s+", re.I)
_DATED = re.compile(rf",?\s+(?:on\s+|in\s+)?{DATE}\W*$", re.I)


@dataclass
class Attribution:
    """What the attribution lines said, in the order the publisher's rules prefer them."""

    source: Source | None = None  # "This article was originally published on …"
    original_source: Source | None = None  # "The original source of this article is …"
    source_line: Source | None = None  # "[Zero Hedge](#) 21 August 2018" under the dateline
    first_published: str | None = None  # "First published on August 24, 2022"
    caption: str | None = None
    copyright: str | None = None

    def read(self, raw: str, publisher: Publisher) -> bool:
        """Record `raw` if it is an attribution line; say whether it was."""
        text, matched = flatten(raw), normalise(raw)
        if matched.startswith("(") and matched.endswith(")"):  # "(Featured image: …)"
            text, matched = text[1:-1].strip(), matched[1:-1].strip()
        if m := publisher.first_published.match(matched):  # a date, and no venue
            self.first_published = self.first_published or _sentence(m.group("note"))
        elif publisher.source.match(matched):
            note = text
            found = links(raw)
            if found:
                name, url = flatten(found[-1][0]), found[-1][1]
            else:
                name, url = _LEAD.sub("", _DATED.sub("", note)), None
            self.source = self.source or Source(name.rstrip(". "), url, note)
        elif m := publisher.original_source.match(matched):
            found = links(raw)
            name = flatten(found[-1][0]) if found else m.group("name")
            url = found[-1][1] if found else None
            self.original_source = self.original_source or Source(name.rstrip(". "), url)
        elif m := publisher.image.match(matched):
            start = len(text) - len(m.group("caption"))
            caption = text[start:].strip()
            self.caption = self.caption or (caption[:1].upper() + caption[1:]) or None
        elif m := publisher.copyright.match(matched):
            start = len(text) - len(m.group("holder"))
            self.copyright = self.copyright or text[start:].strip() or None
        else:
            return False
        return True

    def resolve(self, publication: str | None) -> Source | None:
        """The article's `source`: the "originally published" sentence first, then the
        source line, then "the original source is …" (when not the publication itself);
        "First published on <date>" becomes the note of whichever, or of the publication."""
        found = [s for s in (self.source, self.source_line, self.original_source) if s]
        found = [s for s in found if publication is None or s.name.lower() !=
                 publication.lower() or s is self.source]
        if not found:
            if self.first_published and publication:
                return Source(publication, None, self.first_published)
            return None
        best = found[0]
        url = best.url or next((s.url for s in found if s.url and _same(s, best)), None)
        note = best.note or self.first_published
        return Source(best.name, url, note)


def _same(one: Source, other: Source) -> bool:
    return one.name.casefold() == other.name.casefold()


def _sentence(note: str) -> str:
    """"first published on August 24, 2022" -> "First published on August 24, 2022"."""
    return note[:1].upper() + note[1:]
