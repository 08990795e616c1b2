"""What closing a report does when some edits could not be saved (database locked by another
program, disk full, file read-only or replaced): the clerk decides, explicitly — the values
shown on screen are never thrown away silently."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

RETRY = "retry"
SAVE_AS = "save_as"
DISCARD = "discard"
CANCEL = "cancel"


def ask_unsaved(parent: QWidget | None, error: str) -> str:
    """RETRY, SAVE_AS, DISCARD or CANCEL (Esc / the window's close button: keep editing)."""
    box = QMessageBox(QMessageBox.Icon.Warning, "有修改未能保存",
                      "有修改还没有保存到数据库，关闭后将丢失。\n\n"
                      f"原因：{error}\n\n"
                      "可以排除原因后点“重试”，或把报告另存为文件（以后可用“导入报告文件”"
                      "读回），或者明确放弃这些修改。", QMessageBox.StandardButton.NoButton,
                      parent)
    retry = box.addButton("重试", QMessageBox.ButtonRole.AcceptRole)
    save_as = box.addButton("把报告另存为文件…", QMessageBox.ButtonRole.ActionRole)
    discard = box.addButton("放弃修改", QMessageBox.ButtonRole.DestructiveRole)
    cancel = box.addButton("继续编辑", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(retry)
    box.setEscapeButton(cancel)
    box.exec()
    clicked = box.clickedButton()
    box.deleteLater()
    for button, answer in ((retry, RETRY), (save_as, SAVE_AS), (discard, DISCARD)):
        if clicked is button:
            return answer
    return CANCEL
