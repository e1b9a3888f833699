"""A post's body made to work in Folio: the generator's template syntax Folio does not run
turned into Markdown or HTML, and its links made to lead where they led.

- Code (fenced blocks, inline code) is never changed. Hugo's `{{< highlight go >}}` and
  Jekyll's `{% highlight ruby %}` become fenced blocks; `{% raw %}` markers go.
- Known shortcodes become what they showed: `figure` a figure, `youtube`, `vimeo`, `gist`,
  `tweet`, `x` a link; Hugo's `ref`/`relref`, Zola's `@/path.md` and Jekyll's `post_url`
  and `link` a link to the migrated file (`.md`, so Folio checks it and keeps it right
  when URLs change). A shortcode this module does not know is left as text, or for one
  that wraps text (`{{% note %}}…{{% /note %}}`) the text is kept without it; each is
  reported.
- A link or image to one of the site's posts by its old URL (site-rooted, or absolute on
  the site's own host) becomes a link to the migrated file; one to a file of the site's
  static folder gets that file copied beside the post (which becomes a page bundle) and
  a link relative to it.
"""

from __future__ import annotations

import posixpath
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from fnmatch import fnmatch
from functools import partial
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_INLINE_CODE = re.compile(r"(`+)(?:(?!\1).)+?\1")
_HUGO = re.compile(r"\{\{([<%])\s*(/?)\s*([\w.-]+)([\s\S]*?)\s*([>%])\}\}")
_HUGO_ESCAPED = re.compile(r"\{\{([<%])/\*(.*?)\*/([>%])\}\}")
_ZOLA_INLINE = re.compile(r"\{\{\s*([A-Za-z_]\w*)\(([\s\S]*?)\)\s*\}\}")
_ZOLA_BLOCK = re.compile(r"\{%\s*([A-Za-z_]\w*)\(([\s\S]*?)\)\s*%\}")
_ZOLA_END = re.compile(r"\{%\s*end\s*%\}")
_LIQUID_TAG = re.compile(r"\{%-?\s*(\w+)([\s\S]*?)-?%\}")
_LIQUID_OUTPUT = re.compile(r"\{\{-?\s*([\s\S]*?)\s*-?\}\}")
_BASEURL = re.compile(r"\{\{-?\s*site\.(?:baseurl|url)\s*-?\}\}")
_LIQUID_URL = re.compile(r"\{\{-?\s*['\"]([^'\"]*)['\"]\s*\|\s*(?:relative_url|absolute_url|"
                         r"prepend:\s*site\.baseurl)\s*-?\}\}")
_ARGUMENT = re.compile(r"""(?:([\w-]+)\s*=\s*)?"""
                       r"""(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|`([^`]*)`|(\S+))""")
_MD_LINK = re.compile(r"(\]\(\s*<?)([^)\s>]+)(>?(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\))")
_REFERENCE = re.compile(r"^( {0,3}\[[^\]]+\]:[ \t]*<?)(\S+?)(>?(?:[ \t].*)?)$", re.MULTILINE)
_HTML_URL = re.compile(r"(\b(?:href|src)\s*=\s*[\"'])([^\"']+)([\"'])", re.IGNORECASE)
_BLOCK_START = {"hugo": re.compile(r"^\s*\{\{[<%]\s*highlight\s+([\w+#.-]*)[^}]*[>%]\}\}\s*$"),
                "jekyll": re.compile(r"^\s*\{%-?\s*highlight\s+([\w+#.-]*)[^%]*-?%\}\s*$")}
_BLOCK_END = {"hugo": re.compile(r"^\s*\{\{[<%]\s*/\s*highlight\s*[>%]\}\}\s*$"),
              "jekyll": re.compile(r"^\s*\{%-?\s*endhighlight\s*-?%\}\s*$")}
_LIQUID_COMMENT = (re.compile(r"\{%-?\s*comment\s*-?%\}"),
                   re.compile(r"\{%-?\s*endcomment\s*-?%\}"))


@dataclass
class Links:
    """What a body's links can lead to; each function gives a path relative to the post's
    new file (or None when it knows no such thing)."""

    post_by_url: Callable[[str], str | None]  # a site path → the migrated file
    post_by_source: Callable[[str], str | None]  # a source content path → the migrated file
    static_file: Callable[[str], Path | None]  # a site path → the static file on disk
    page_url: str  # the post's old URL: what its relative links were relative to
    source: str  # the post's path below the source's content folder
    host: str = ""  # the source site's host: absolute links to it are its own
    resources: frozenset[str] = frozenset()  # the files of the post's own bundle
    base: str = ""  # the source site's address, when it has one: https://example.org/
    by_name: bool = False  # a relative link may name a page by its path (Hugo's GetPage)
    setting: Callable[[str], str | None] = lambda name: None  # `site.x` in Liquid


@dataclass
class Converted:
    text: str
    copies: dict[str, Path] = field(default_factory=dict)  # bundle path → static file
    shortcodes: Counter[str] = field(default_factory=Counter)  # converted, by name
    unknown: Counter[str] = field(default_factory=Counter)  # left as text, by name
    wrappers: Counter[str] = field(default_factory=Counter)  # text kept, markup dropped
    relinked: int = 0  # links to posts and files made to lead where they led
    problems: list[tuple[int, str]] = field(default_factory=list)  # (0-based line, message)


def convert(text: str, generator: str, links: Links) -> Converted:
    """The body with template syntax and links made right for Folio."""
    done = Converted("")
    closers = {m.group(3) for m in _HUGO.finditer(text) if m.group(2)}
    out: list[str] = []
    prose: list[str] = []  # lines of text (not code) since `first`, changed together
    first = 0
    fence = ""
    in_block = in_comment = False

    def flush(number: int) -> None:
        nonlocal first
        if prose:
            out.append(_outside_code("\n".join(prose), partial(
                _prose, generator=generator, links=links, done=done, closers=closers,
                number=first)))
            prose.clear()
        first = number + 1

    for number, line in enumerate(text.split("\n")):
        if fence:
            out.append(line)
            if line.strip().startswith(fence):
                fence = ""
            first = number + 1
            continue
        opened = _FENCE.match(line)
        if opened:
            flush(number)
            fence = opened.group(1)
            out.append(line)
            continue
        if generator in _BLOCK_START:
            if in_block:
                out.append("```" if _BLOCK_END[generator].match(line) else line)
                in_block = not _BLOCK_END[generator].match(line)
                first = number + 1
                continue
            start = _BLOCK_START[generator].match(line)
            if start:
                flush(number)
                out.append(f"```{start.group(1)}")
                done.shortcodes["highlight"] += 1
                in_block = True
                continue
        if generator == "jekyll" and (in_comment or _LIQUID_COMMENT[0].search(line)):
            flush(number)
            in_comment = not _LIQUID_COMMENT[1].search(line)
            continue
        prose.append(line)
    flush(0)
    done.text = "\n".join(out).replace(_DONE, "")
    return done


_DONE = "\x00"  # marks a link already made right, so that no later step reads it again


def _outside_code(text: str, change: Callable[..., str]) -> str:
    """`text` with `change` applied to each part that is not inline code (given the part
    and how many lines of `text` come before it)."""
    pieces, last = [], 0
    for code in _INLINE_CODE.finditer(text):
        pieces.append(change(text[last:code.start()], offset=text.count("\n", 0, last)))
        pieces.append(code.group(0))
        last = code.end()
    pieces.append(change(text[last:], offset=text.count("\n", 0, last)))
    return "".join(pieces)


def _at(match: re.Match[str], number: int) -> int:
    """The line (0-based, in the body) where `match` starts, in text from line `number`."""
    return number + match.string.count("\n", 0, match.start())


def _prose(text: str, generator: str, links: Links, done: Converted, closers: set[str],
           number: int, offset: int = 0) -> str:
    """Text (no code) from line `number` + `offset` with template tags and links made
    right."""
    number += offset
    if generator == "hugo":
        text = _HUGO_ESCAPED.sub(lambda m: "{{" + m.group(1) + m.group(2) + m.group(3) + "}}",
                                 text)
        text = _HUGO.sub(lambda m: _hugo(m, links, done, closers, number), text)
    elif generator == "zola":
        text = _ZOLA_INLINE.sub(lambda m: _zola(m, done, number), text)
        text = _ZOLA_BLOCK.sub(lambda m: _wrapper(m.group(1), done), text)
        text = _ZOLA_END.sub("", text)
    else:
        text = _BASEURL.sub("", text)
        text = _LIQUID_URL.sub(lambda m: m.group(1), text)
        text = _LIQUID_TAG.sub(lambda m: _liquid(m, links, done, number), text)
        text = _LIQUID_OUTPUT.sub(lambda m: _variable(m, links, done, number), text)
    for pattern in (_MD_LINK, _REFERENCE, _HTML_URL):
        text = pattern.sub(lambda m: m.group(1) + _target(m.group(2), links, done,
                                                          _at(m, number)) + m.group(3), text)
    return text


def arguments(text: str) -> tuple[list[str], dict[str, str]]:
    """A shortcode's positional and named arguments."""
    positional, named = [], {}
    for match in _ARGUMENT.finditer(text):
        value = next(g for g in match.groups()[1:] if g is not None)
        if match.group(1):
            named[match.group(1)] = value
        else:
            positional.append(value)
    return positional, named


def _hugo(match: re.Match[str], links: Links, done: Converted, closers: set[str],
          number: int) -> str:
    closing, name, rest = match.group(2), match.group(3), match.group(4)
    positional, named = arguments(rest)
    if closing:
        return "" if name in closers else match.group(0)
    if name in ("ref", "relref"):
        target = (positional or [named.get("path", "")])[0]
        path, _, fragment = target.partition("#")
        found = links.post_by_source(path)
        if found is None:
            done.problems.append((_at(match, number), f"{{{{< {name} {target!r} >}}}} "
                                  "names no post of this import; left as it was"))
            return match.group(0)
        done.shortcodes[name] += 1
        return _DONE + found + (f"#{fragment}" if fragment else "")
    if name == "figure":
        done.shortcodes[name] += 1
        src = _target(named.get("src", ""), links, done, number)
        alt = named.get("alt") or named.get("title") or named.get("caption") or ""
        caption = named.get("caption") or named.get("title") or ""
        html = f'<figure><img src="{_attribute(src)}" alt="{_attribute(alt)}">'
        return html + (f"<figcaption>{_attribute(caption)}</figcaption>" if caption else "") \
            + "</figure>"
    embed = _embed(name, positional, named)
    if embed:
        done.shortcodes[name] += 1
        return embed
    image = _resource(name, positional, named, links)
    if image:
        done.shortcodes[name] += 1
        return image
    if name in closers:
        return _wrapper(name, done)
    return _left(match, name, done, number)


def _resource(name: str, positional: list[str], named: dict[str, str], links: Links) -> str:
    """An image for a shortcode that shows one of the post's own files: Docsy's
    `{{< imgproc NAME Fit "800x" >}}` (the first file whose path holds NAME), or any
    shortcode whose `src` is one of them."""
    wanted = named.get("src") or (positional[0] if name == "imgproc" and positional else "")
    if not wanted:
        return ""
    found = wanted if wanted in links.resources else next(
        (f for f in sorted(links.resources) if fnmatch(f, f"*{wanted}*")), "") \
        if name == "imgproc" else ""
    if not found:
        return ""
    alt = named.get("alt") or named.get("title") or re.sub(r"[-_]+", " ", wanted).strip()
    return f"![{alt}]({found})"


def _zola(match: re.Match[str], done: Converted, number: int) -> str:
    positional, named = arguments(match.group(2).replace(",", " "))
    embed = _embed(match.group(1), positional, named)
    if embed:
        done.shortcodes[match.group(1)] += 1
        return embed
    return _left(match, match.group(1), done, number)


def _liquid(match: re.Match[str], links: Links, done: Converted, number: int) -> str:
    name, rest = match.group(1), match.group(2).strip()
    if name in ("raw", "endraw"):
        return ""
    if name in ("post_url", "link"):
        source = rest.split()[0] if rest else ""
        if name == "post_url":
            source = f"_posts/{source}"
        found = links.post_by_source(source)
        if found is not None:
            done.shortcodes[name] += 1
            return _DONE + found
        address = "/" + re.sub(r"\.[^./]*$", "/", source.lstrip("_"))
        written = links.base.rstrip("/") + address if links.base else address
        done.problems.append((_at(match, number), f"{{% {name} {rest} %}} names no post of "
                              f"this import; written as the address the site gave it, "
                              f"{written}"))
        return _DONE + written
    return _left(match, name, done, number)


def _variable(match: re.Match[str], links: Links, done: Converted, number: int) -> str:
    """`{{ site.repository }}`: the site's setting, when it is plain text."""
    name = match.group(1).strip()
    value = links.setting(name) if re.fullmatch(r"site(\.\w+)+", name) else None
    if value is None:
        return _left(match, name.split("|")[0].strip(), done, number)
    done.shortcodes[name] += 1
    return value


def _embed(name: str, positional: list[str], named: dict[str, str]) -> str:
    """A link for what an embedding shortcode showed (Folio runs no embedded players)."""
    first = named.get("id") or (positional[0] if positional else "")
    if not first:
        return ""
    if name == "youtube":
        return f"[Watch the video on YouTube](https://www.youtube.com/watch?v={first})"
    if name == "vimeo":
        return f"[Watch the video on Vimeo](https://vimeo.com/{first})"
    if name in ("tweet", "x"):
        user = named.get("user") or (positional[0] if len(positional) > 1 else "i")
        post = named.get("id") or positional[-1]
        return f"[See the post on X](https://x.com/{user}/status/{post})"
    if name == "gist":
        url = named.get("url") or f"https://gist.github.com/{'/'.join(positional[:2])}"
        return f"[See the gist]({url})"
    return ""


def _wrapper(name: str, done: Converted) -> str:
    done.wrappers[name] += 1
    return ""


def _left(match: re.Match[str], name: str, done: Converted, number: int) -> str:
    done.unknown[name] += 1
    done.problems.append((_at(match, number), f"{match.group(0)[:60]!r}: Folio runs no "
                          "templates in content; left as text"))
    return match.group(0)


def _attribute(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


def _target(url: str, links: Links, done: Converted, number: int) -> str:
    """Where a link or image should lead in the migrated archive."""
    if url.startswith(_DONE):
        return url
    if url.startswith("@/"):  # Zola: a content file
        path, _, fragment = url[2:].partition("#")
        found = links.post_by_source(path)
        if found is None:
            return _dead(url, "", done, number)
        done.relinked += 1
        return _DONE + found + (f"#{fragment}" if fragment else "")
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        if parts.scheme not in ("http", "https", "") or not links.host or \
                parts.hostname != links.host:
            return url
    elif not parts.path or url.startswith("#"):
        return url
    path = unquote(parts.path)
    if parts.netloc:  # on the site's own host: below its address's path
        prefix = urlsplit(links.base).path.rstrip("/")
        if prefix and not path.startswith(prefix + "/"):
            return url
        path = path[len(prefix):] or "/"
    if not path.startswith("/") and not parts.netloc and \
            posixpath.normpath(path) in links.resources:
        return url  # a file of the post's own bundle: it is copied beside it
    if path.lower().endswith((".md", ".markdown")) and not parts.netloc:
        source = posixpath.normpath(posixpath.join(posixpath.dirname(links.source), path))
        found = links.post_by_source(source.lstrip("/") if path.startswith("/") else source)
        return _relinked(found, parts.fragment, done) or _dead(
            url, urljoin(links.base + links.page_url.lstrip("/"), url) if links.base else "",
            done, number)
    site_path = path if path.startswith("/") else posixpath.join(links.page_url, path)
    site_path = posixpath.normpath(site_path) + ("/" if path.endswith("/") else "")
    found = links.post_by_url(site_path)
    if found is None and links.by_name and not path.startswith("/") and not parts.netloc:
        found = links.post_by_source(path.removeprefix("./"))
    if found is not None:
        return _relinked(found, parts.fragment, done) or url
    static = links.static_file(site_path)
    if static is not None:
        bundled = site_path.lstrip("/")
        done.copies[bundled] = static
        done.relinked += 1
        return bundled + (f"?{parts.query}" if parts.query else "") + \
            (f"#{parts.fragment}" if parts.fragment else "")
    return url


def _dead(url: str, absolute: str, done: Converted, number: int) -> str:
    """A `.md` link that names no post of this import (a page of the old site that is not
    a post, or nothing): Folio would refuse it, so it is written as the address the old
    site gave that page: `/docs/a.md#x` → `/docs/a/#x`, under the site's address when it
    is known."""
    path, hash_, fragment = (absolute or url.removeprefix("@/")).partition("#")
    path = re.sub(r"(/?_?index)?\.(md|markdown)$", "/", path)
    written = path + hash_ + fragment
    done.problems.append((number, f"link to {url} names no post of this import; written "
                          f"as {written}"))
    return _DONE + written


def _relinked(found: str | None, fragment: str, done: Converted) -> str | None:
    if found is None:
        return None
    done.relinked += 1
    return _DONE + found + (f"#{fragment}" if fragment else "")
