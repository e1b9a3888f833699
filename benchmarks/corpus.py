"""Seeded generator of a realistic commentary corpus for benchmarks.

    python benchmarks/corpus.py N OUTDIR [--seed S]

writes OUTDIR/site.toml, OUTDIR/content/articles/*.md (Folio front matter, see
shared/DESIGN.md) and a few OUTDIR/content/authors/*.md profiles.

Everything comes from fixed word lists and one `random.Random(seed)`, so the same N and seed
give byte-identical files. Pools scale with N: max(20, N/20) authors, max(50, N/20) tags,
max(5, N/200) reports, 15 regions, 40 themes. Authors and tags are Zipf-distributed, bodies
are 600-2,500 words (mean about 1,200) with headings, lists, blockquotes, links and emphasis.
Only the standard library is used; 10,000 articles take a few seconds.
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import itertools
import math
import random
import re
import shutil
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

# --------------------------------------------------------------------------- word lists

_VOCAB = """
the of and to in a that is for on as with by was it be at from this are which has have not
an or its their will his they been were more but who new one would also after all other
than into about over two when there can only had what some most against between under these
first while since so both our through such during many those may could before any last
government policy war security economic military power state states political international
region regional strategy crisis conflict sanctions alliance trade energy market markets
president minister ministry officials leaders leadership administration parliament election
elections campaign opposition coalition party parties reform reforms budget debt inflation
growth investment banks bank currency dollar gas oil pipeline pipelines supply chains
infrastructure corridor corridors port ports railway border borders territory sovereignty
diplomacy diplomatic negotiations talks summit agreement agreements treaty framework
cooperation partnership partners interests influence pressure narrative narratives media
information intelligence analysts analysis report reports experts observers critics
supporters public opinion population citizens migrants refugees humanitarian aid
development poverty inequality industry industrial technology technologies digital data
networks cyber nuclear missile missiles defense deterrence escalation ceasefire peace
stability instability order multipolar unipolar hegemony hegemonic bloc blocs west western
eastern southern northern global local national domestic foreign strategic tactical
historical historic long-term short-term recent current future past present decade decades
century years months weeks days yesterday today week month year moment period phase stage
process dynamic dynamics trend trends shift shifts transition balance rivalry competition
confrontation dialogue consensus compromise concessions demands proposal proposals plan plans
initiative initiatives project projects program programs institution institutions
organization organizations council committee commission court courts law laws rights
constitution constitutional legitimacy legitimate credibility accountability transparency
corruption scandal investigation allegations evidence claims claim argument arguments
question questions answer answers reason reasons cause causes effect effects consequence
consequences outcome outcomes scenario scenarios risk risks threat threats challenge
challenges opportunity opportunities advantage advantages cost costs benefit benefits price
prices demand supply exports imports tariffs duties revenue revenues spending austerity
stimulus recovery recession collapse boom bust cycle cycles capital capitalism finance
financial fiscal monetary central independent dependent dependence independence autonomy
integration fragmentation division divisions unity solidarity identity culture cultural
religious ethnic minority minorities majority society social movement movements protest
protests unrest violence militants insurgency insurgents terrorism counterterrorism forces
troops army navy air base bases deployment deployments exercises weapons arms procurement
contract contracts companies corporations firms sector sectors workers labor unions wages
jobs employment unemployment housing health education food water climate environment
emissions carbon renewable transition coal nuclear electricity grid prices shortages crisis
however therefore moreover meanwhile nevertheless indeed clearly arguably perhaps certainly
likely unlikely possible impossible necessary important significant major minor key central
critical decisive crucial fundamental basic broad narrow deep shallow strong weak rising
falling growing shrinking expanding declining emerging established traditional modern
conventional unconventional hybrid asymmetric direct indirect open hidden official unofficial
formal informal public private joint mutual bilateral multilateral trilateral regional
continental maritime naval coastal inland urban rural remote neighboring distant allied hostile
friendly neutral pragmatic ideological realistic idealistic cautious bold aggressive defensive
offensive proactive reactive sustainable unsustainable viable fragile resilient robust
explains argues suggests shows reveals indicates implies means requires demands seeks aims
tries wants needs hopes fears expects warns claims insists believes considers remains becomes
continues begins ends follows leads drives pushes pulls shapes changes affects undermines
strengthens weakens supports opposes rejects accepts welcomes condemns criticizes praises
announced signed launched approved blocked delayed canceled expanded reduced increased
"""

_FIRST_NAMES_TEXT = """
Andrew Maria John Elena Michael Anna David Olga James Sofia Robert Irina William Laura Richard
Natalia Thomas Claire Daniel Ingrid Paul Fatima Mark Aisha Peter Yuki Stephen Mei Kevin Priya
Brian Amara George Leila Edward Nadia Ronald Sergeï Ahmed Chen Carlos Lucía Pierre Zoë José
Rafael Hiroshi Kwame Oluwaseun Dmitri Björn Søren Ana Gabriel Ivan Tomás Noël Mikhail Jürgen
Hannah Samuel Isabel Victor Helena Lars Ines Marco Giulia Mateo Camila Omar Layla Tariq Yasmin
"""
_FIRST_NAMES = _FIRST_NAMES_TEXT.split()

_LAST_NAMES_TEXT = """
Korybko Smith Johnson Müller Ivanova Petrov García Rossi Dubois Nakamura Chen Wang Kumar Singh
Okafor Mensah Silva Santos Fernández López Novak Kowalski Nielsen Andersson Øström O'Brien
Murphy Brennan Schulz Weber Fischer Becker Hoffmann Wagner Moreau Laurent Bernard Leroy
Yamamoto Tanaka Sato Kim Park Lee Nguyen Tran Haddad Khalil Mansour Rahman Hussain Ali Abbas
Popescu Ionescu Horváth Nagy Kovač Jovanović Papadopoulos Georgiou Costa Ferreira Almeida
Hernández Ramírez Castillo Vargas Jansen de-Vries Bakker Visser Lindqvist Berg Hansen Larsen
"""
_LAST_NAMES = _LAST_NAMES_TEXT.split()

REGIONS = [
    "Africa", "Asia-Pacific", "Central Asia", "East Asia", "Europe", "Latin America",
    "Middle East", "North America", "Oceania", "Russia and FSU", "South Asia",
    "Southeast Asia", "Caribbean", "Arctic", "Global",
]

THEMES = [
    "Intelligence", "Militarization and WMD", "Global Economy", "Oil and Energy",
    "US NATO War Agenda", "Media Disinformation", "Police State and Civil Rights",
    "History", "Law and Justice", "Poverty and Social Inequality", "Environment",
    "Science and Medicine", "Terrorism", "Religion", "Culture, Society and History",
    "Crimes against Humanity", "Biotechnology and GMO", "Civil Rights", "Elections",
    "Financial Crisis", "Food and Agriculture", "Global Governance", "Health",
    "Human Rights", "Migration", "Nuclear War", "Sanctions", "Technology", "Trade",
    "Diplomacy", "Infrastructure", "Maritime Security", "Multipolarity", "Hybrid Warfare",
    "Colour Revolutions", "Energy Transition", "Development", "Labour", "Education",
    "Climate",
]

PUBLICATIONS = [
    "Global Research", "OneWorld", "The Commentary Review", "Eurasia Observer",
    "South Front Analysis", "The Strategic Digest", "Policy Notes", "Independent Monitor",
]

_HEADINGS = [
    "Background", "The Context", "What Changed", "Why It Matters", "The Bigger Picture",
    "Strategic Implications", "The Economic Dimension", "Regional Reactions",
    "Looking Ahead", "Concluding Thoughts", "A Closer Look", "The Numbers",
    "Competing Narratives", "The Road Ahead", "Winners and Losers", "Unanswered Questions",
]

_LINK_HOSTS = [
    "https://www.example.org", "https://news.example.com", "https://archive.example.net",
    "https://data.example.int", "https://reports.example.edu",
]

# ----------------------------------------------------------------------------- helpers


def slugify(text: str) -> str:
    """ASCII slug in [a-z0-9-], close to python-slugify's output for these names."""
    ascii_text = (
        unicodedata.normalize("NFKD", text.replace("ø", "o").replace("Ø", "O"))
        .encode("ascii", "ignore")
        .decode("ascii")
        .lower()
    )
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")


def yaml_str(text: str) -> str:
    """A double-quoted YAML scalar."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def zipf_cum_weights(n: int, s: float = 1.07) -> list[float]:
    return list(itertools.accumulate(1.0 / (k**s) for k in range(1, n + 1)))


def _zipf_expand(words: list[str], size: int, s: float = 0.9) -> list[str]:
    """A list in which each word appears about as often as a Zipf law says, so that uniform
    choices from it are Zipf-distributed (much faster than weighted choices)."""
    weights = [1.0 / (k**s) for k in range(1, len(words) + 1)]
    total = sum(weights)
    out: list[str] = []
    for word, w in zip(words, weights, strict=True):
        out.extend([word] * max(1, round(size * w / total)))
    return out


@dataclass(frozen=True)
class Pools:
    authors: list[str]
    author_cw: list[float]
    tags: list[str]
    tag_cw: list[float]
    reports: list[str]
    vocab: list[str]
    weighted_vocab: list[str]


def make_pools(n: int, seed: int) -> Pools:
    rng = random.Random(f"folio-pools:{seed}:{n}")
    vocab = list(dict.fromkeys(_VOCAB.split()))
    n_authors = max(20, n // 20)
    combos = [f"{f} {ln}" for f in _FIRST_NAMES for ln in _LAST_NAMES]
    authors = rng.sample(combos, min(n_authors, len(combos)))
    # Tags: phrases of one or two content words, unique by slug (no commas: Pelican splits).
    content_words = [w for w in vocab if len(w) > 4]
    n_tags = max(50, n // 20)
    tags: list[str] = []
    seen: set[str] = set()
    while len(tags) < n_tags:
        k = 1 if rng.random() < 0.4 else 2
        tag = " ".join(rng.sample(content_words, k))
        tag = tag[0].upper() + tag[1:]
        if slugify(tag) not in seen:
            seen.add(slugify(tag))
            tags.append(tag)
    n_reports = max(5, n // 200)
    reports: list[str] = []
    while len(reports) < n_reports:
        a, b = rng.sample(content_words, 2)
        name = f"The {a.title()} {b.title()} Report"
        if name not in reports:
            reports.append(name)
    return Pools(
        authors=authors,
        author_cw=zipf_cum_weights(len(authors)),
        tags=tags,
        tag_cw=zipf_cum_weights(len(tags)),
        reports=reports,
        vocab=vocab,
        weighted_vocab=_zipf_expand(vocab, 20_000),
    )


# ------------------------------------------------------------------------------ bodies


def _sentence(rng: random.Random, pools: Pools, lo: int = 8, hi: int = 28) -> tuple[str, int]:
    n = rng.randint(lo, hi)
    words = rng.choices(pools.weighted_vocab, k=n)
    r = rng.random()
    if r < 0.12:
        i = rng.randrange(n)
        words[i] = f"*{words[i]}*"
    elif r < 0.18:
        i = rng.randrange(max(1, n - 1))
        words[i] = f"**{words[i]}**"
    elif r < 0.26:
        i = rng.randrange(max(1, n - 2))
        host = rng.choice(_LINK_HOSTS)
        path = f"{words[i].strip('*')}-{rng.randrange(10_000)}"
        words[i] = f"[{words[i]} {words[i + 1]}]({host}/{path})"
        del words[i + 1]
    if n > 12 and rng.random() < 0.5:
        j = rng.randrange(3, n - 4)
        words[j] += ","
    text = " ".join(words)
    return text[0].upper() + text[1:] + ("?" if rng.random() < 0.04 else "."), n


def _paragraph(rng: random.Random, pools: Pools) -> tuple[str, int]:
    sentences: list[str] = []
    total = 0
    for _ in range(rng.randint(3, 7)):
        s, n = _sentence(rng, pools)
        sentences.append(s)
        total += n
    return " ".join(sentences), total


def make_body(rng: random.Random, pools: Pools, target_words: int) -> str:
    blocks: list[str] = []
    words = 0
    headings = rng.sample(_HEADINGS, 6)
    section_len = target_words // rng.randint(3, 6)
    since_heading = 0
    while words < target_words:
        if since_heading >= section_len and headings:
            blocks.append(f"## {headings.pop()}")
            since_heading = 0
        r = rng.random()
        if r < 0.07:
            items = []
            for _ in range(rng.randint(3, 6)):
                s, n = _sentence(rng, pools, 4, 14)
                items.append(f"{'-' if rng.random() < 0.7 else '1.'} {s}")
                words += n
                since_heading += n
            blocks.append("\n".join(items))
        elif r < 0.12:
            s, n = _sentence(rng, pools, 14, 30)
            s2, n2 = _sentence(rng, pools, 8, 20)
            blocks.append(f"> {s} {s2}")
            words += n + n2
            since_heading += n + n2
        elif r < 0.14:
            s, n = _sentence(rng, pools, 3, 7)
            blocks.append(f"### {s.rstrip('.?')}")
            words += n
        else:
            p, n = _paragraph(rng, pools)
            blocks.append(p)
            words += n
            since_heading += n
    return "\n\n".join(blocks) + "\n"


# ----------------------------------------------------------------------------- articles

_START = dt.datetime(2010, 1, 1)
_SPAN_SECONDS = 15 * 365 * 86_400


def _title(rng: random.Random, pools: Pools) -> str:
    cw = [w for w in rng.sample(pools.vocab, 12) if len(w) > 3][:6]
    while len(cw) < 6:
        cw.append("policy")
    a, b, c, d, e, f = cw
    patterns = [
        f"{a.title()} {b} and the {c} of {d}",
        f"Why {a} {b} {c} matters for {d}",
        f"The {a.title()} {b.title()}: {c} {d} in {e}",
        f"{a.title()}, {b} and {c}",
        f"What the {a} {b} means for {c} {d}",
        f"{a.title()} {b} {c}: a {d} {e} {f}",
        f"How {a} {b} shapes {c} {d}",
        f"The \"{a} {b}\" and its {c}",
    ]
    return rng.choice(patterns)


def _zipf_pick(rng: random.Random, pool: list[str], cw: list[float], k: int) -> list[str]:
    picked: list[str] = []
    total = cw[-1]
    while len(picked) < k:
        name = pool[bisect.bisect_left(cw, rng.random() * total)]
        if name not in picked:
            picked.append(name)
    return picked


def make_article(index: int, pools: Pools, seed: int, used_slugs: set[str]) -> tuple[str, str]:
    """Article number `index`: (file stem = slug, file text). Adds the slug to used_slugs."""
    rng = random.Random(f"folio-article:{seed}:{index}")
    title = _title(rng, pools)
    base = slugify(title)[:80].strip("-")
    slug = base
    n = 2
    while slug in used_slugs:
        slug = f"{base}-{n}"
        n += 1
    used_slugs.add(slug)

    when = _START + dt.timedelta(seconds=rng.randrange(_SPAN_SECONDS))
    date = (
        when.strftime("%Y-%m-%dT%H:%M:%S") if rng.random() < 0.35 else when.strftime("%Y-%m-%d")
    )
    k_authors = 1 if rng.random() < 0.8 else (2 if rng.random() < 0.75 else 3)
    authors = _zipf_pick(rng, pools.authors, pools.author_cw, k_authors)
    regions = rng.sample(REGIONS, 1 if rng.random() < 0.6 else 2)
    themes = rng.sample(THEMES, rng.choice((1, 1, 2, 2, 3)))
    tags = _zipf_pick(rng, pools.tags, pools.tag_cw, rng.randint(2, 7))
    reports = [rng.choice(pools.reports)] if rng.random() < 0.08 else []

    lines = ["---", f"title: {yaml_str(title)}"]
    if slug != base or len(base) != len(slugify(title)):
        lines.append(f"slug: {slug}")
    if rng.random() < 0.4:
        s, _ = _sentence(rng, pools, 10, 20)
        lines.append(f"subtitle: {yaml_str(s.replace('*', ''))}")
    lines.append(f"date: {date}")
    if rng.random() < 0.1:
        upd = when + dt.timedelta(days=rng.randint(1, 60))
        lines.append(f"updated: {upd.strftime('%Y-%m-%d')}")
    for key, values in (
        ("authors", authors),
        ("regions", regions),
        ("themes", themes),
        ("reports", reports),
        ("tags", tags),
    ):
        if values:
            lines.append(f"{key}:")
            lines.extend(f"  - {yaml_str(v)}" for v in values)
    if rng.random() < 0.85:
        lines.append(f"publication: {yaml_str(rng.choice(PUBLICATIONS))}")
    if rng.random() < 0.85:
        s, _ = _sentence(rng, pools, 20, 40)
        s = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", s).replace("*", "")
        lines.append(f"summary: {yaml_str(s)}")
    if rng.random() < 0.2:
        pub = rng.choice(PUBLICATIONS)
        lines += [
            "source:",
            f"  name: {yaml_str(pub)}",
            f"  url: {rng.choice(_LINK_HOSTS)}/{when.year}/{slug[:40]}",
        ]
        if rng.random() < 0.3:
            lines.append(f"  note: {yaml_str('Originally published in ' + pub)}")
    if rng.random() < 0.25:
        lines += [
            "image:",
            f"  src: https://images.example.org/{when.year}/{slug[:30]}.jpg",
            f"  alt: {yaml_str(title[:60])}",
        ]
        if rng.random() < 0.5:
            lines.append(f"  caption: {yaml_str('Illustration for ' + title[:50])}")
    if rng.random() < 0.3:
        lines.append(f"copyright: {yaml_str(f'© {when.year} {authors[0]}')}")
    lines.append("---")
    target = min(2500, max(600, int(rng.lognormvariate(math.log(1100), 0.4))))
    return slug, "\n".join(lines) + "\n\n" + make_body(rng, pools, target)


SITE_TOML = """\
# Generated by benchmarks/corpus.py
title = "Folio Benchmark Archive"
base_url = "https://bench.example.org/"
language = "en"
timezone = "UTC"
permalink = "/articles/{slug}/"
per_page = 20        # home pages
term_per_page = 20   # author, theme, region, report and tag pages
feed_entries = 20
# Search is on, as Folio's default has it (no `search` key): what a user gets. compare.py's
# "Folio (search off)" is a copy of this project with `search = false` added.
"""


def author_profile(name: str, pools: Pools, seed: int) -> str:
    rng = random.Random(f"folio-author:{seed}:{name}")
    bio = "\n\n".join(_paragraph(rng, pools)[0] for _ in range(rng.randint(1, 3)))
    return f"---\nname: {yaml_str(name)}\n---\n\n{bio}\n"


def generate(n: int, outdir: Path, seed: int = 1) -> Path:
    """Write the corpus; an existing OUTDIR/content is replaced. Returns OUTDIR/content."""
    content = outdir / "content"
    if content.exists():
        shutil.rmtree(content)
    articles = content / "articles"
    articles.mkdir(parents=True)
    pools = make_pools(n, seed)
    used: set[str] = set()
    for i in range(n):
        slug, text = make_article(i, pools, seed, used)
        (articles / f"{slug}.md").write_text(text, encoding="utf-8")
    profiles = content / "authors"
    profiles.mkdir()
    for name in pools.authors[: min(10, len(pools.authors))]:
        (profiles / f"{slugify(name)}.md").write_text(
            author_profile(name, pools, seed), encoding="utf-8"
        )
    (outdir / "site.toml").write_text(SITE_TOML, encoding="utf-8")
    return content


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="number of articles")
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    if args.n < 1:
        parser.error("N must be at least 1")
    generate(args.n, args.outdir, args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
