"""One yes/no question, the way every confirmation in the program asks it."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

_YES, _NO = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No


def confirm(parent: QWidget | None, title: str, text: str, *, default_yes: bool = False) -> bool:
    """True if the user answers 是. The default button is 否 unless the question is harmless."""
    answer = QMessageBox.question(parent, title, text, _YES | _NO,
                                  _YES if default_yes else _NO)
    return answer == _YES
