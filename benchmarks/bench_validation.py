"""Full validation of the 2025 sample report against 2024 (what every keystroke triggers)."""

from __future__ import annotations

from _common import SAMPLES, report_line, timings

from core import reportfile
from core.validation import validate

previous = reportfile.load(SAMPLES / "sample-2024.json")
report = reportfile.load(SAMPLES / "sample-2025.json")
counter = iter(range(10**9))


def edit_and_validate() -> None:
    # a real edit each time, so no cache can make it free
    report.set_cell("requests/granted/research", next(counter) % 3)
    validate(report, previous)


def text_edit_and_validate() -> None:
    report.set_text("overview", report.texts["overview"] + "。")
    validate(report, previous)


print(report_line("validate after a cell edit", timings(edit_and_validate, 1000)))
print(report_line("validate after a text edit (copy check recomputed)",
                  timings(text_edit_and_validate, 200)))

report.texts["overview"] = previous.texts["overview"]  # the worst case: a near-copy


def near_copy_edit_and_validate() -> None:
    report.set_text("overview", report.texts["overview"] + "。")
    validate(report, previous)


print(report_line("validate after a text edit of a near-copy (full difflib ratio)",
                  timings(near_copy_edit_and_validate, 200)))
