"""Task-list boxes that need no form control: `- [x] done` shows ☑ with the words "done".

`pymdownx.tasklist` writes a disabled `<input type="checkbox">` for each box, as GitHub does;
a form control without a label fails accessibility checks (axe's `label`), and a body has
no business carrying form controls past the sanitizer. This postprocessor, which runs
after the stashed HTML is back in place, turns each box into a glyph with a text
alternative, keeping the `task-list-item` classes around it.
"""

from __future__ import annotations

from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor

DONE = '<span class="task-box" role="img" aria-label="done">☑</span>'
OPEN = '<span class="task-box" role="img" aria-label="not done">☐</span>'
_BOXES = (('<input type="checkbox" disabled checked/>', DONE),
          ('<input type="checkbox" disabled/>', OPEN))


class TaskBoxPostprocessor(Postprocessor):
    def run(self, text: str) -> str:
        if "task-list-item" not in text:
            return text
        for box, glyph in _BOXES:
            text = text.replace(box, glyph)
        return text


class TaskBoxExtension(Extension):
    """After the raw HTML postprocessor (30) has put the boxes in."""

    def extendMarkdown(self, md: Markdown) -> None:
        md.postprocessors.register(TaskBoxPostprocessor(md), "folio_task_boxes", 5)


def makeExtension(**kwargs: object) -> TaskBoxExtension:
    return TaskBoxExtension(**kwargs)
