"""Step 五、存在的主要问题及改进情况."""

from __future__ import annotations

from core.wizard import Step
from gui.pages.text_page import TextSectionPage


class ProblemsPage(TextSectionPage):
    step = Step.PROBLEMS
    section = "problems"
