"""What `folio.seeds` knows about each publisher, as data.

A seed is an article saved from a publisher's site as Markdown-like text. The layout of the
header (headline, byline, dateline, taxonomy lines) is shared; what differs between
publishers is listed here: how the dateline reads, which header labels feed which taxonomy,
which lines after the article are boilerplate to drop and which carry attribution to keep.

To add a publisher, append a `PublisherPattern` to `PUBLISHERS`. The parser picks the first
pattern whose `dateline` matches a line of the seed's header (the first pattern when none
does). Every regex is searched in one stripped line of the seed, links still in place.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip

_MONTH = "|".join(MONTHS)
_DATE = rf"(?P<month>{_MONTH})\s+(?P<day>\d{{1,2}}),\s+(?P<year>\d{{4}})"


def _rx(*patterns: str) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, re.IGNORECASE) for p in patterns)


@dataclass(frozen=True)
class PublisherPattern:
    """How one publisher's seeds read.

    - `dateline`: the "Publisher, Month DD, YYYY" line; groups `publication`, `month`,
      `day`, `year`.
    - `term_labels`: header label -> front-matter list ("Theme: [A](#), [B](#)").
    - `end_of_body`: the line that closes the article text; later lines are attribution or
      boilerplate, and an unrecognised one there is dropped with a warning.
    - `boilerplate`: lines dropped wherever they appear.
    - `source`: the "originally published on …" sentence; group `note` is the sentence.
    - `image`: the featured image credit; group `caption`.
    - `copyright`: group `holder` is the text after the copyright sign.
    - `bio_heading`: the heading whose following paragraph is the author's bio.
    """

    name: str
    dateline: re.Pattern[str]
    term_labels: Mapping[str, str] = field(default_factory=dict)
    end_of_body: re.Pattern[str] = re.compile(r"^\\\*$")
    boilerplate: tuple[re.Pattern[str], ...] = ()
    source: re.Pattern[str] = re.compile(
        r"^\*?(?P<note>This article was (?:originally|first) published .+?)\*?$", re.IGNORECASE
    )
    image: re.Pattern[str] = re.compile(  # "Featured image: …", "Featured image is from …"
        r"^\*?Featured image(?::|\s+(?:is\s+)?(?=from\b)|\s+(?:source|credit)s?:)\s*"
        r"(?P<caption>.*?)\s*\*?$", re.IGNORECASE
    )
    copyright: re.Pattern[str] = re.compile(
        r"^Copyright\s*(?:©|\(c\))\s*(?P<holder>.+?)\s*$", re.IGNORECASE
    )
    bio_heading: re.Pattern[str] = re.compile(r"^#{1,6}\s*About the authors?:?\s*$", re.IGNORECASE)


GLOBAL_RESEARCH = PublisherPattern(
    name="Global Research",
    dateline=re.compile(rf"^(?P<publication>Global Research),\s+{_DATE}$"),
    term_labels={"Region": "regions", "Theme": "themes", "In-depth Report": "reports"},
    boilerplate=_rx(
        r"^Click the share button",  # share/follow
        r"^(Visit and )?follow us on \[?(Instagram|Twitter|Telegram|Facebook)",
        r"^\W*Note to readers",
        r"Global Research Online e-Books",  # the e-book advert
        r"^\W*Get Your Free Copy of",
        r"^\W*Comment on Global Research Articles",
        r"^\W*Become a Member of Global Research",
        r"^\W*Support Global Research",
        r"^Articles by:",
        r"^\W*Disclaimer\W",
        r"contains copyrighted material the use of which",  # fair-use notice
        r"^For media inquiries",
        r"^The original source of this article is",
        r"can be read in \d+ languages",
        r"Global Research'?s? (?:Daily )?Newsletter",  # "To receive … Daily Newsletter …"
        r"^\W*(?:Please )?subscribe to (?:our|Global Research)",
        r"^\W*Global Research Wants to Hear From You",
        r"^\W*(?:Give Truth a Chance|Secure Your Access to Global Research)",
        r"^\W*Click (?:here|the button below) to (?:donate|support|make a donation)",
    ),
)

PUBLISHERS: tuple[PublisherPattern, ...] = (GLOBAL_RESEARCH,)
