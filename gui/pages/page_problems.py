"""Step 五、存在的主要问题及改进情况."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout

from core import format2021 as fmt
from core.wizard import Step
from gui.pages.base import BasePage
from gui.widgets.text_section import ISSUE_LIST_HEIGHT, TextSectionEditor

SECTION = "problems"


class ProblemsPage(BasePage):
    step = Step.PROBLEMS

    def __init__(self, ctx) -> None:  # noqa: ANN001
        super().__init__(ctx)
        self.setSubTitle(fmt.SECTION_BY_KEY[SECTION].help)
        layout = QVBoxLayout(self)
        self.editor = TextSectionEditor(ctx, SECTION, show_help=False)
        layout.addWidget(self.editor, 1)
        self.add_issue_list(layout)
        self.issue_list.setMaximumHeight(ISSUE_LIST_HEIGHT)

    def refresh(self) -> None:
        self.editor.refresh()

    def focus_path(self, path: str) -> bool:
        if path != f"text/{SECTION}":
            return False
        self.editor.focus_editor()
        return True

    def flush(self) -> None:
        self.editor.flush()
