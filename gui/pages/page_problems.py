"""Step 五、存在的主要问题及改进情况."""

from __future__ import annotations

from gui.pages.text_page import TextSectionPage


class ProblemsPage(TextSectionPage):
    section = "problems"
