"""A wizard page whose content is one text section (2021: 一、五、六; any text section of another
format as it is): the editor from gui/widgets/text_section.py under the section's help, then
the page's issues."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout

from gui.context import WizardContext
from gui.pages.base import BasePage
from gui.widgets.text_section import ISSUE_LIST_HEIGHT, TextSectionEditor


class TextSectionPage(BasePage):
    """A wizard page whose content is one text section: the section's help as subtitle, any
    page-specific widgets in `self.above`, the editor, then the page's issues."""

    section: str  # set by a subclass, or given (the generic page of any text section)
    target_chars = 0

    def __init__(self, ctx: WizardContext, section: str | None = None) -> None:
        if section is not None:
            self.section = section
        super().__init__(ctx, self.section)
        self.setSubTitle(self.report.format.section_by_key[self.section].help)
        layout = QVBoxLayout(self)
        self.above = QVBoxLayout()
        layout.addLayout(self.above)
        self.editor = TextSectionEditor(ctx, self.section, self.target_chars, show_help=False)
        layout.addWidget(self.editor, 1)
        self.add_issue_list(layout)
        self.issue_list.setMaximumHeight(ISSUE_LIST_HEIGHT)

    def refresh(self) -> None:
        self.editor.refresh()

    def focus_path(self, path: str) -> bool:
        if path != f"text/{self.section}":
            return False
        self.editor.focus_editor()
        return True

    def select_quote(self, path: str, quote: str) -> bool:
        return path == f"text/{self.section}" and self.editor.select(quote)

    def flush(self) -> None:
        self.editor.flush()
