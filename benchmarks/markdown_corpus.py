"""Seeded generator of realistic Markdown posts, written the way authors outside Folio write.

    python benchmarks/markdown_corpus.py OUTDIR [--count N] [--seed S]

writes OUTDIR/<kind>-<n>.md: Markdown bodies only (no front matter), for
`markdown_conformance.py`, which renders each with Folio and with cmark-gfm and counts where
they differ. The text is invented; the shapes are those that real archives are full of and
that Python-Markdown alone gets wrong:

- release notes: "Highlights:" followed by a list with no blank line, lists nested by two
  spaces, fenced code inside numbered steps, task lists, strikethrough, bare URLs, reference
  links whose label is code (`` [`fmt`] `` with `[`fmt`]: …` below), a `<details>` changelog;
- essays: footnotes, block quotes, a body that starts at `###`, a wrapped line that starts
  `#hashtag`, numbered lists nested by four spaces, images with a `<noscript>` fallback;
- READMEs: a centred `<div align="center">` title block, badges, install steps, option
  tables with column alignment, `<details>` holding a table and code;
- exports from blog platforms: inline `style` attributes, embeds (`<iframe>`, `<script>`),
  `<figure>` and `<noscript>`;
- interviews: bold speaker names, short lists straight after a sentence, `*` and `+` bullets.

Only the standard library; the same count and seed give byte-identical files.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Callable
from pathlib import Path

WORDS = [
    "archive", "policy", "reader", "editor", "draft", "release", "budget", "council",
    "pipeline", "harbour", "province", "ledger", "minister", "treaty", "column", "essay",
    "footnote", "source", "timeline", "record", "index", "summary", "network", "corridor",
    "tariff", "ballot", "coalition", "dispatch", "bulletin", "almanac", "register", "survey",
    "witness", "critic", "observer", "narrative", "argument", "evidence", "context", "margin",
    "chapter", "volume", "edition", "header", "section", "appendix",
]
NAMES = ["Ada Kessler", "Bruno Okafor", "Chiara Lund", "Dmitri Varga", "Elif Sandoval",
         "Farah Mbeki", "Goran Ilic", "Hana Moreau", "Ivo Petrakis", "Jun Castellano"]
TOOLS = ["fmt", "build.py", "serve", "check", "import", "--jobs", "site.toml", "render",
         "cache", "feeds", "slugify", "pager"]
LANGS = ["python", "bash", "toml", "json", "yaml", "rust", "javascript", "html", "diff"]
CODE = {
    "python": ["def summary(text: str) -> str:", "    words = text.split()",
               "    return ' '.join(words[:40])", "", "print(summary('Hello, archive'))"],
    "bash": ["pip install folio", "folio build --jobs 2", "ls site/articles | wc -l"],
    "toml": ["[site]", 'title = "Commentary Archive"', 'base_url = "https://example.org/"',
             "pagination = 20"],
    "json": ['{"title": "Ledger", "tags": ["policy", "trade"],', ' "draft": false}'],
    "yaml": ["title: Ledger", "authors: [Ada Kessler]", "tags:", "  - policy", "  - trade"],
    "rust": ["fn main() {", '    let words = vec!["ledger", "treaty"];',
             '    println!("{}", words.join(" "));', "}"],
    "javascript": ["const items = document.querySelectorAll('.card');",
                   "items.forEach((item) => item.classList.add('seen'));"],
    "html": ['<figure class="chart">', '  <img src="chart.png" alt="Exports by year">',
             "</figure>"],
    "diff": ["--- a/site.toml", "+++ b/site.toml", "@@ -1,2 +1,2 @@", '-title = "Old"',
             '+title = "New"'],
}


class Writer:
    """One post's random choices: every call takes from the post's own `random.Random`."""

    def __init__(self, seed: int) -> None:
        self.r = random.Random(seed)

    def words(self, low: int, high: int) -> str:
        return " ".join(self.r.choice(WORDS) for _ in range(self.r.randint(low, high)))

    def sentence(self, low: int = 6, high: int = 16) -> str:
        text = self.words(low, high)
        roll = self.r.random()
        if roll < 0.15:
            w = self.r.choice(WORDS)
            text = text.replace(w, f"**{w}**", 1)
        elif roll < 0.25:
            w = self.r.choice(WORDS)
            text = text.replace(w, f"*{w}*", 1)
        elif roll < 0.33:
            text += f" (see [the {self.r.choice(WORDS)}](https://example.org/{self.r.choice(WORDS)}))"
        elif roll < 0.38:
            text += f" with `{self.r.choice(TOOLS)}`"
        return text[0].upper() + text[1:] + "."

    def paragraph(self, low: int = 2, high: int = 5, width: int = 78) -> str:
        text = " ".join(self.sentence() for _ in range(self.r.randint(low, high)))
        return wrap(text, width)

    def code(self, lang: str | None = None, indent: str = "", fence: str = "```") -> str:
        lang = lang or self.r.choice(LANGS)
        lines = [f"{fence}{lang}", *CODE[lang], fence]
        return "\n".join(indent + line if line else "" for line in lines)

    def bullets(self, count: int, marker: str = "-", indent: str = "") -> list[str]:
        return [f"{indent}{marker} {self.sentence(3, 9)}" for _ in range(count)]


def wrap(text: str, width: int) -> str:
    lines: list[str] = []
    line = ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return "\n".join(lines)


def release_notes(w: Writer) -> str:
    version = f"{w.r.randint(1, 4)}.{w.r.randint(0, 12)}.{w.r.randint(0, 9)}"
    tools = w.r.sample(TOOLS, 3)
    out = [f"## Folio {version}", "", w.paragraph(2, 3), "", "Highlights:",
           *w.bullets(w.r.randint(2, 5)), ""]
    out += ["### Changes", ""]
    for _ in range(w.r.randint(2, 4)):
        out.append(f"- {w.sentence(4, 9)}")
        if w.r.random() < 0.6:  # nested by two spaces, as most editors indent
            out += w.bullets(w.r.randint(1, 3), indent="  ")
    out += ["", f"- ~~{w.words(2, 4)}~~ {w.words(3, 6)} (removed)",
            f"- The [`{tools[0]}`] command now reads [`{tools[1]}`] first.",
            f"- See https://example.org/releases/{version} for the full list.", ""]
    out += ["### Upgrading", "", "Follow these steps:", ""]
    for step in range(1, w.r.randint(3, 4) + 1):
        out += [f"{step}. {w.sentence(4, 8)}", ""]
        if w.r.random() < 0.7:  # fenced code inside a numbered item
            out += [w.code(indent="   "), ""]
    out += ["Checklist before you deploy:", "",
            "- [x] " + w.sentence(3, 6), "- [ ] " + w.sentence(3, 6),
            "- [ ] " + w.sentence(3, 6), ""]
    out += ["<details>", "<summary>Full changelog</summary>", "",
            *w.bullets(w.r.randint(3, 6), marker="*"), "",
            f"**Contributors:** {', '.join(w.r.sample(NAMES, 3))}", "", "</details>", ""]
    out += [f"[`{tools[0]}`]: https://example.org/docs/{tools[0].strip('-')}",
            f"[`{tools[1]}`]: https://example.org/docs/{tools[1].strip('-')}"]
    return "\n".join(out)


def essay(w: Writer) -> str:
    start = w.r.choice(["##", "###", "###", "####"])
    sub = start + "#"
    notes: list[str] = []
    out: list[str] = []
    for section in range(w.r.randint(3, 5)):
        out += [f"{start} {w.words(2, 5).capitalize()}", ""]
        for _ in range(w.r.randint(2, 4)):
            text = w.paragraph(3, 6)
            if w.r.random() < 0.5:
                n = len(notes) + 1
                notes.append(f"[^{n}]: {w.sentence(6, 14)}")
                cut = text.find(". ")  # after a sentence, never inside a link's address
                mark = f"[^{n}]"
                text = text[:cut + 1] + mark + text[cut + 1:] if cut > 0 else text + mark
            out += [text, ""]
        if section == 1:
            out += ["> " + line for line in w.paragraph(2, 3, 70).split("\n")]
            out += [">", f"> — {w.r.choice(NAMES)}", ""]
        if section == 2:
            tag = "#" + w.r.choice(WORDS).capitalize() + w.r.choice(WORDS).capitalize()
            out += [w.paragraph(1, 2) + " The campaign ran under", f"{tag} for months, and"
                    f" {w.words(5, 9)}.", ""]
            out += [f"{sub} {w.words(2, 4).capitalize()}", ""]
            out += ["The argument has three parts:", ""]
            for i in range(1, 4):
                out.append(f"{i}. {w.sentence(4, 9)}")
                if w.r.random() < 0.6:  # nested by four spaces
                    out += w.bullets(2, indent="    ")
            out.append("")
        if section == 3 and w.r.random() < 0.7:
            name = w.r.choice(WORDS)
            out += [f'<figure><img src="https://example.org/img/{name}.jpg" alt="{name}"'
                    ' loading="lazy"><noscript><img src="https://example.org/img/'
                    f'{name}.jpg" alt="{name}"></noscript>', f"<figcaption>{w.sentence(3, 6)}"
                    "</figcaption></figure>", ""]
    out += notes
    return "\n".join(out)


def readme(w: Writer) -> str:
    name = w.r.choice(WORDS).capitalize() + w.r.choice(["kit", "press", "log", "desk"])
    out = ['<div align="center">', "", f"# {name}", "", w.sentence(5, 10), "", "</div>", "",
           f"[![build](https://example.org/badge/{name}.svg)](https://example.org/ci/{name})",
           "", "## Install", "", w.code("bash"), "", "## Features", ""]
    for _ in range(w.r.randint(3, 5)):
        out.append(f"* {w.sentence(3, 8)}")
        if w.r.random() < 0.5:
            out += w.bullets(2, marker="*", indent="  ")
            if w.r.random() < 0.4:
                out += w.bullets(1, marker="*", indent="    ")
    out += ["", "## Options", "", "| option | default | meaning |", "| :--- | :---: | ---: |"]
    for tool in w.r.sample(TOOLS, 4):
        out.append(f"| `{tool}` | {w.r.choice(['on', 'off', '20', 'none'])} | {w.words(3, 6)} |")
    out += ["", "## Usage", "", "1. Create the project:", "   ```bash",
            "   folio init blog", "   ```", "2. Write a post:", "", "   ```markdown",
            "   # Hello", "   ```", "", "3. Build it.", "", "<details>",
            "<summary>Configuration reference</summary>", "", "| key | type |", "| --- | --- |",
            "| title | string |", "| pagination | integer |", "", w.code("toml"), "",
            "</details>", "", "## Roadmap", "", "- [x] " + w.sentence(3, 6),
            "- [ ] " + w.sentence(3, 6), "", "## Licence", "", f"MIT, see {w.words(2, 3)}.", ""]
    return "\n".join(out)


def export(w: Writer) -> str:
    out = [w.paragraph(2, 4), "",
           f'<p style="text-align: center"><em>{w.sentence(3, 6)}</em></p>', "",
           w.paragraph(2, 4), "",
           f'<span style="color: #c00">{w.words(2, 4)}</span> {w.sentence(4, 8)}', "",
           '<iframe src="https://www.youtube.com/embed/xyz" width="560" height="315"></iframe>',
           "", w.paragraph(1, 3), "",
           '<blockquote class="twitter-tweet"><p>' + w.sentence(4, 8) + "</p></blockquote>",
           '<script async src="https://platform.twitter.com/widgets.js"></script>', "",
           f"Read more:\n- {w.sentence(3, 6)}\n- {w.sentence(3, 6)}", "",
           '<figure><img src="https://example.org/a.jpg" alt="A chart"><noscript>'
           '<img src="https://example.org/a.jpg" alt="A chart"></noscript></figure>', "",
           w.paragraph(2, 3), ""]
    return "\n".join(out)


def interview(w: Writer) -> str:
    host, guest = w.r.sample(NAMES, 2)
    out = [w.paragraph(2, 3), ""]
    for _ in range(w.r.randint(4, 7)):
        out += [f"**{host}:** {w.sentence(5, 12)}", "", f"**{guest}:** {w.paragraph(1, 3)}", ""]
        if w.r.random() < 0.4:
            marker = w.r.choice(["*", "+", "-"])
            out += [f"{w.sentence(4, 8)} In short:",
                    *w.bullets(w.r.randint(2, 3), marker=marker), ""]
    out += [f"*This interview was edited for length. Photo by {w.r.choice(NAMES)}.*", ""]
    return "\n".join(out)


KINDS: dict[str, Callable[[Writer], str]] = {
    "release": release_notes, "essay": essay, "readme": readme, "export": export,
    "interview": interview,
}


def generate(folder: Path, count: int, seed: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    kinds = sorted(KINDS)
    for n in range(count):
        kind = kinds[n % len(kinds)]
        path = folder / f"{kind}-{n:03d}.md"
        path.write_text(KINDS[kind](Writer(seed * 100_003 + n)) + "\n", encoding="utf-8")
        written.append(path)
    return written


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--count", type=int, default=150)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    written = generate(args.outdir, args.count, args.seed)
    print(f"{len(written)} posts in {args.outdir}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
