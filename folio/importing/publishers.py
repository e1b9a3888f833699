"""What the importer knows about each publisher, as data.

A seed is an article saved from a publisher's site: as Markdown-like text, as an HTML page
or as a feed entry. Every reader ends in the same rules, listed here per publisher: how the
dateline reads, which header labels feed which taxonomy, which lines are notices to drop
(at the top, at the bottom, or anywhere), which carry attribution to keep, and how feed
categories map onto regions, themes and reports.

Every pattern is searched, ignoring case, in a line *after*
`folio.importing.typography.normalise`: links unwrapped, emphasis and escapes gone, curly
quotes straight, spaces single. So write them in plain ASCII: "global research's daily
newsletter" also matches "*To receive Global Research’s Daily Newsletter*".

To add a publisher, append a `Publisher` to `PUBLISHERS`. A seed uses the first publisher
whose dateline matches a line of its header (the first publisher when none does).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip

# "November 20, 2024", "Nov. 20 2024", "20 November 2024", "20th Nov, 2024", "2024-11-20":
# group `date`.
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)[a-z]*\.?"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
DATE = (rf"(?P<date>{_MONTH}\s+{_DAY},?\s+\d{{4}}|{_DAY}\s+{_MONTH},?\s+\d{{4}}"
        r"|\d{4}-\d{2}-\d{2})")


def _rx(*patterns: str) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, re.IGNORECASE) for p in patterns)


def _names(text: str) -> frozenset[str]:
    """Names separated by `|`, blanks around them ignored."""
    return frozenset(name.strip() for name in text.split("|") if name.strip())


@dataclass(frozen=True)
class Publisher:
    """How one publisher's articles read.

    - `dateline`: the "Publisher, Month DD, YYYY" line; group `date`. `name` is the
      publication it gives.
    - `term_labels`: header label (lower case, singular) -> front-matter list.
    - `notices`: lines dropped wherever they stand, with the rest of their paragraph.
    - `url_notices`: a notice whose *next* line, when it is only an address, goes too.
    - `suspicious`: lines kept but warned about: they read like a notice nobody listed.
    - `source`, `original_source`, `first_published`: attribution lines (group `note`,
      `name`, `note`); `image` (group `caption`) and `copyright` (group `holder`) too.
    - `regions`, `themes`: names a feed category is filed under (lower case);
      `category_schemes`: a word in a category's scheme or domain URL -> taxonomy.
    """

    name: str
    dateline: re.Pattern[str]
    term_labels: Mapping[str, str] = field(default_factory=dict)
    notices: tuple[re.Pattern[str], ...] = ()
    url_notices: tuple[re.Pattern[str], ...] = ()
    suspicious: tuple[re.Pattern[str], ...] = _rx(
        r"\bclick (?:here|the|on)\b",
        r"^(?:please )?(?:share|subscribe|donate|follow us|support us|sign up|join us)\b",
        r"\b(?:newsletter|make a donation|donate now|become a (?:member|patron))\b",
    )
    source: re.Pattern[str] = re.compile(
        r"^(?P<note>this article was (?:originally|first) published (?:on|in|by|at) .+)$", re.I
    )
    original_source: re.Pattern[str] = re.compile(
        r"^the original source of this article is (?P<name>.+?)\.?$", re.I
    )
    first_published: re.Pattern[str] = re.compile(
        r"^\(?(?:note:\s*)?(?P<note>(?:(?:this )?article (?:was )?)?(?:first|originally) "
        r"published (?:on |in )?(?:" + DATE + r"|\d{4}))\.?\)?\.?$", re.I
    )
    image: re.Pattern[str] = re.compile(  # "Featured image: …", "Featured image is from …"
        r"^featured image(?::|\s+(?:is\s+)?(?=from\b)|\s+(?:source|credit)s?:)\s*(?P<caption>.*)$",
        re.I,
    )
    copyright: re.Pattern[str] = re.compile(
        r"^(?:copyright\s*(?:©|\(c\))|©\s*copyright|©|copyright(?=\s.*,\s*\d{4}\W*$))"
        r"\s*(?P<holder>.+)$", re.I
    )
    bio_heading: re.Pattern[str] = re.compile(
        r"^(?:#{1,6}\s*)?(?:\*\*)?About the authors?:?(?:\*\*)?:?\s*$", re.I
    )
    end_of_body: re.Pattern[str] = re.compile(r"^\\\*$")
    regions: frozenset[str] = frozenset()
    themes: frozenset[str] = frozenset()
    category_schemes: Mapping[str, str] = field(default_factory=dict)


GLOBAL_RESEARCH = Publisher(
    name="Global Research",
    dateline=re.compile(rf"^(?:global research|(?:www\.)?globalresearch\.ca),?\s+{DATE}$", re.I),
    term_labels={"region": "regions", "theme": "themes", "in-depth report": "reports"},
    notices=_rx(
        # Above the text, 2018 on: translation, newsletter, share and follow calls.
        r"can be read in \d+ languages",
        r"global research'?s? (?:daily )?newsletter",
        r"^to receive global research",
        r"^click the share button",
        r"^(?:visit and )?follow us on\b",
        r"feel free to repost and share widely",
        r"^note to readers\b",
        r"^\(?note: (?:please )?click the share button",
        # Donation and membership banners.
        r"^dear readers,?$",
        r"global research needs your support",
        r"^consider (?:making a donation|donating)",
        r"^click to (?:donate|become a member|make a one-time|view our membership)",
        r"^we thank you for your (?:essential )?support",
        r"^help us remain independent",
        r"^(?:give truth a chance|secure your access to global research)",
        r"^global research wants to hear from you",
        r"\bbecome a member of global research",
        r"reader-funded media|help us stay afloat",
        r"click the image below to make a (?:one-time|recurring)",
        r"^(?:e-?mail|print|share) this article\b",
        r"grants permission to cross-post",
        r"^for fair use only",
        r"^donate online",
        r"^(?:please )?support global research",
        r"^\W*we need your support",
        r"^click (?:here|the button below) to (?:donate|support|make a donation)",
        r"^make a (?:one-time |recurring )?donation",
        r"^translate this (?:article|website)$",
        r"^click here to order\b",
        r"order (?:it )?directly from global research",
        # Adverts and links under the text.
        r"global research online e-?books",
        r"^get your free copy of",
        r"^comment on global research articles",
        r"^click to download the audio",
        r"^(?:please )?subscribe to (?:our|global research)",
        # Footers, 2005 to now: author lists, the page's own address, legal notices.
        r"^articles by:",
        r"^global research articles by\b",
        r"^the url (?:address )?of this article is\b",
        r"^url of this article:?",
        r"^disclaimer\b",
        r"contains copyrighted material the use of which",
        r"^for media inquiries",
        r"^the original source of this article is (?:global research|globalresearch\.ca)\W*$",
        r"^copyright (?:©|\(c\))\s*\d{4}\s*-\s*\d{4}",  # the site's own footer
    ),
    url_notices=_rx(r"^url of this article:?$", r"^the url (?:address )?of this article is:?$"),
    regions=_names(
        """asia | canada | europe | latin america & caribbean | middle east & north africa |
        oceania | russia and fsu | sub-saharan africa | usa"""
    ),
    themes=_names(
        """9/11 & 'war on terrorism' | biotechnology and gmo | crimes against humanity |
        culture, society & history | energy | environment | global economy | history |
        intelligence | law and justice | media disinformation | militarization and wmd |
        oil and energy | police state & civil rights | poverty & social inequality |
        religion | science and medicine | terrorism | united nations | us nato war agenda |
        women's rights"""
    ),
    category_schemes={"region": "regions", "theme": "themes", "indepthreport": "reports",
                      "in-depth-report": "reports", "report": "reports"},
)

PUBLISHERS: tuple[Publisher, ...] = (GLOBAL_RESEARCH,)
