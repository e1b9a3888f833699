"""A value a template may read, worked out only if it does: a citation list, a timeline.

It is made from its `inputs` (plain values, entries), which stand for it wherever the page
is compared with its last build: the value itself is worked out only when the page must be
rendered.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from markupsafe import escape


class Deferred:
    def __init__(self, produce: Callable[[], Any], *inputs: Any) -> None:
        self.produce, self.inputs = produce, inputs
        self._made = False
        self._value: Any = None

    @property
    def value(self) -> Any:
        if not self._made:
            self._value, self._made = self.produce(), True
        return self._value

    def __html__(self) -> str:
        """Markup as it is; anything else as text, escaped like any value in a template."""
        return str(escape(self.value))

    def __str__(self) -> str:
        return self.__html__()

    def __iter__(self) -> Iterator[Any]:
        return iter(self.value)

    def __len__(self) -> int:
        return len(self.value)

    def __getitem__(self, index: Any) -> Any:
        return self.value[index]

    def __bool__(self) -> bool:
        return bool(self.value)
