"""Front matter with the line of every key: YAML between `---` lines, TOML between `+++`.

For YAML, python-frontmatter splits the text; PyYAML's C loader composes the node tree (so
each key keeps its `start_mark`); our constructor then builds plain values, leaving
timestamps as strings so that date checks happen in one place, with a line, instead of as a
stray ValueError from deep inside PyYAML. For TOML (Hugo's and Zola's), tomllib reads the
values, with its native dates (checked in the same place), and `folio.content.tomllines`
finds each key's line.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import frontmatter.default_handlers
import yaml

from folio.content.tomllines import TomlError, parse_toml_mapping

try:  # the C loader is several times faster; fall back where libyaml is missing
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

_HANDLER = frontmatter.default_handlers.YAMLHandler()


class _Constructor(yaml.constructor.SafeConstructor):
    pass


def _timestamp_as_text(loader: yaml.constructor.SafeConstructor, node: yaml.Node) -> Any:
    return loader.construct_scalar(node)  # type: ignore[arg-type]


_Constructor.add_constructor(
    "tag:yaml.org,2002:timestamp", _timestamp_as_text  # type: ignore[type-var]
)


MAX_DEPTH = 16  # lists in mappings in lists…: deeper is no front matter a page can show


def _deeper_than(root: yaml.Node, limit: int) -> yaml.Node | None:
    """The first node nested more than `limit` levels below `root`, if any (iteratively:
    a deep document must not exhaust Python's stack before it is refused)."""
    stack: list[tuple[yaml.Node, int]] = [(root, 0)]
    while stack:
        node, depth = stack.pop()
        if depth > limit:
            return node
        if isinstance(node, yaml.SequenceNode):
            stack.extend((child, depth + 1) for child in node.value)
        elif isinstance(node, yaml.MappingNode):
            stack.extend((child, depth + 1) for pair in node.value for child in pair)
    return None


class FrontMatterError(Exception):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass(frozen=True)
class Document:
    meta: dict[str, Any]
    lines: dict[str, int]  # key -> 1-based line in the file; "key[i]": a list's items
    body: str
    body_line: int  # the file line where the body starts
    closing_line: int = 1  # the line of the `---` or `+++` that closes the front matter


def split_document(text: str) -> Document:
    """Split `---` YAML or `+++` TOML front matter from the body; raise FrontMatterError
    with a line."""
    if text.split("\n", 1)[0].rstrip() == "+++":
        return _split_toml(text)
    if not _HANDLER.detect(text):
        if not text.strip():
            raise FrontMatterError(1, "file is empty: an article needs '---' (YAML) or "
                                   "'+++' (TOML) front matter")
        if text.split("\n", 1)[0].strip() == "---":
            raise FrontMatterError(1, "front matter is not closed with a '---' line")
        raise FrontMatterError(1, "file does not start with a '---' (YAML) or '+++' (TOML) "
                               "front matter line")
    try:
        fm_text, body = _HANDLER.split(text)
    except ValueError:
        raise FrontMatterError(1, "front matter is not closed with a '---' line") from None
    offset = text.find(fm_text) if fm_text else text.find("---") + 4
    first_line = text.count("\n", 0, offset) + 1  # file line of the first YAML line
    meta, lines = parse_yaml_mapping(fm_text, first_line)
    start = len(text) - len(body) if text.endswith(body) else len(text)
    body_line = text.count("\n", 0, start) + 1
    return Document(meta, lines, body, body_line, _closing(text, "---"))


def _closing(text: str, fence: str) -> int:
    """The line of the `fence` that closes the front matter (1 when there is none)."""
    lines = text.split("\n")
    return next((n for n, line in enumerate(lines[1:], 2) if line.rstrip() == fence), 1)


def _split_toml(text: str) -> Document:
    closing = _closing(text, "+++")
    if closing == 1:
        raise FrontMatterError(1, "front matter is not closed with a '+++' line")
    lines = text.split("\n")
    try:
        meta, key_lines = parse_toml_mapping("\n".join(lines[1:closing - 1]) + "\n", 2)
    except TomlError as exc:
        raise FrontMatterError(exc.line, exc.message) from None
    return Document(meta, key_lines, "\n".join(lines[closing:]), closing + 1, closing)


def split_body(text: str) -> tuple[str, int] | None:
    """The body of a document and the line it starts on, whatever its front matter holds
    (None when the front matter is not closed): so that the links of a file whose front
    matter is wrong are still checked."""
    fence = text.split("\n", 1)[0].rstrip()
    if fence not in ("---", "+++"):
        return None
    closing = _closing(text, fence)
    if closing == 1:
        return None
    return "\n".join(text.split("\n")[closing:]), closing + 1


def parse_yaml_mapping(text: str, first_line: int = 1) -> tuple[dict[str, Any], dict[str, int]]:
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        last = first_line + max(0, len(text.rstrip("\n").split("\n")) - 1)
        line = min(first_line + (mark.line if mark else 0), last)  # not the closing '---'
        message = f"invalid YAML: {exc.problem or exc}"
        if exc.context and exc.context_mark and first_line + exc.context_mark.line != line:
            message += f" ({exc.context} that starts on line "\
                       f"{first_line + exc.context_mark.line})"
        raise FrontMatterError(line, message) from None
    except yaml.YAMLError as exc:
        raise FrontMatterError(first_line, f"invalid YAML: {exc}") from None
    if node is None:
        return {}, {}
    if not isinstance(node, yaml.MappingNode):
        raise FrontMatterError(first_line, "front matter must be a mapping of keys to values")
    too_deep = _deeper_than(node, MAX_DEPTH)
    if too_deep is not None:
        raise FrontMatterError(first_line + too_deep.start_mark.line,
                               f"front matter nested more than {MAX_DEPTH} levels deep")
    try:
        value = _Constructor().construct_document(node)
        lines: dict[str, int] = {}
        for key_node, value_node in node.value:  # the key as constructed: `null:` is "None"
            key = str(_Constructor().construct_object(key_node, deep=True))
            lines.setdefault(key, first_line + key_node.start_mark.line)
            if isinstance(value_node, yaml.SequenceNode):
                for i, item in enumerate(value_node.value):
                    lines.setdefault(f"{key}[{i}]", first_line + item.start_mark.line)
    except (yaml.YAMLError, ValueError, TypeError) as exc:
        mark = getattr(exc, "problem_mark", None)
        line = first_line + mark.line if mark else first_line
        raise FrontMatterError(line, f"invalid YAML: {exc}") from None
    if not isinstance(value, dict):  # pragma: no cover - guarded above
        raise FrontMatterError(first_line, "front matter must be a mapping")
    return {str(k): v for k, v in value.items()}, lines
