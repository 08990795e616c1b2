"""The damaged-database dialogs at start: not a dead end. The clerk restores an automatic backup,
or salvages the damaged file's readable rows, compares them with the newest backup and decides
which to work on. The damaged file is set aside, never deleted."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core import APP_NAME
from core.backup_contents import preview, read_backup
from core.storage import InvalidBackup, StorageError
from core.storage.records import BackupInfo
from core.storage.recovery import Compared
from core.storage.salvage import Salvaged
from gui.widgets.backup_list import backup_list, current_row, fill

SALVAGE = "salvage"  # choose_recovery's answer for 抢救数据
# review_salvage's answers: the salvage as it is, the salvage with the reports it lost taken
# from the newest backup, or back to the list of backups
USE_SALVAGE, USE_SALVAGE_FILLED, USE_BACKUP = "use", "fill", "backup"
_NEWER = QBrush(QColor("#e8f5e9"))
_MISSING = QBrush(QColor("#fdecea"))


def choose_recovery(message: str, backups: list[BackupInfo], parent: QWidget | None = None,
                    db_path: Path | None = None) -> BackupInfo | str | None:
    """The backup to restore, SALVAGE, or None (退出); the selected backup's contents are shown
    (read from a private copy beside `db_path`). Tests replace this function."""
    dialog = QDialog(parent)
    dialog.setWindowTitle(f"数据库已损坏 — {APP_NAME}")  # Linux adds no 2nd name
    layout = QVBoxLayout(dialog)
    if backups:
        hint = ("可以从下面的自动备份恢复（最新的在最上面），也可以先抢救损坏文件中还能读出的数据，"
                "与最新的备份比较后再决定用哪一份。")
    else:
        hint = "没有找到自动备份。可以抢救损坏文件中还能读出的数据。"
    text = QLabel(f"{message}\n\n{hint}损坏的文件会改名保存在原文件夹中，不会删除。")
    text.setWordWrap(True)
    layout.addWidget(text)
    choices = backup_list("自动备份")
    fill(choices, backups)
    choices.setVisible(bool(backups))
    layout.addWidget(choices)
    held = QLabel()  # what the selected backup holds
    held.setWordWrap(True)
    layout.addWidget(held)
    restore: list[QPushButton] = []  # 从所选备份恢复, once _ask has made it

    def show_contents() -> None:
        row = current_row(choices)
        text, usable = ("", row >= 0) if db_path is None or row < 0 else \
            _held(backups[row].path, db_path)
        held.setText(text)
        for button in restore:
            button.setEnabled(usable)

    def made(buttons: dict[str, QPushButton]) -> None:
        restore.extend(b for value, b in buttons.items() if value == "backup")
        choices.currentItemChanged.connect(lambda *_: show_contents())
        show_contents()

    answers = [("从所选备份恢复(&R)", "backup")] if backups else []
    answer = _ask(dialog, layout, [*answers, ("抢救损坏文件中的数据(&S)…", SALVAGE)], (720, 440),
                  made=made)
    row = current_row(choices)
    if answer is None:
        return None
    if answer == SALVAGE:
        return SALVAGE
    return backups[row] if 0 <= row < len(backups) else None


def _held(backup: Path, db_path: Path) -> tuple[str, bool]:
    """What the backup holds, and whether it can be restored."""
    try:
        return preview(read_backup(backup, db_path)), True
    except InvalidBackup as exc:
        return f"所选备份已损坏，不能用于恢复（{exc.reason}）。请选择另一份备份。", False
    except StorageError as exc:
        return f"所选备份现在无法读取：{exc}", True  # perhaps passing: let the restore say


def review_salvage(result: Salvaged, compared: list[Compared], have_backups: bool,
                   parent: QWidget | None = None, backup_readable: bool = True) -> str | None:
    """USE_SALVAGE, USE_SALVAGE_FILLED, USE_BACKUP (back to the backups) or None (退出).
    Tests replace this."""
    dialog = QDialog(parent)
    dialog.setWindowTitle(f"抢救结果 — {APP_NAME}")
    layout = QVBoxLayout(dialog)
    if backup_readable:
        table_hint = "下表把抢救出的报告与最新的自动备份逐份比较（绿色：较新的一份；红色：缺失）。"
    elif have_backups:
        table_hint = "最新的自动备份无法读取，下表只列出抢救出的报告。"
    else:
        table_hint = "没有自动备份可供比较，下表列出抢救出的报告。"
    text = QLabel(f"{result.summary()}\n\n抢救出的数据已另存为新的数据库：{result.path}。"
                  + table_hint)
    text.setWordWrap(True)
    layout.addWidget(text)
    layout.addWidget(_comparison_table(compared, backup_readable and have_backups))
    answers = [("使用抢救出的数据(&U)", USE_SALVAGE)]
    lost = sum(1 for c in compared if c.salvaged is None and c.backup is not None)
    if lost:
        answers.append((f"使用抢救出的数据，并从备份补回缺少的 {lost} 份报告(&F)",
                        USE_SALVAGE_FILLED))
    if have_backups:
        answers.append(("改用自动备份(&B)…", USE_BACKUP))
    return _ask(dialog, layout, answers, (720, 480),
                default=USE_SALVAGE_FILLED if lost else USE_SALVAGE)


def _ask(dialog: QDialog, layout: QVBoxLayout, answers: list[tuple[str, str]],
         size: tuple[int, int], default: str | None = None,
         made: Callable[[dict[str, QPushButton]], None] | None = None) -> str | None:
    """Add a button per (text, answer) and 退出, run the dialog; the answer of the button
    clicked, or None (退出, Esc or the window closed). Enter clicks `default` (else the first)."""
    buttons = QDialogButtonBox()
    made_buttons: dict[str, QPushButton] = {}
    answer: list[str] = []
    for index, (text, value) in enumerate(answers):
        role = QDialogButtonBox.ButtonRole.ActionRole if index else \
            QDialogButtonBox.ButtonRole.AcceptRole
        button = buttons.addButton(text, role)
        button.clicked.connect(_answering(dialog, answer, value))
        button.setAutoDefault(False)  # else the focused (first) button takes Enter
        made_buttons[value] = button
        if value == (default or answers[0][1]):
            button.setDefault(True)
    buttons.addButton("退出(&Q)", QDialogButtonBox.ButtonRole.RejectRole).setAutoDefault(False)
    buttons.rejected.connect(dialog.reject)
    layout.addWidget(buttons)
    if made is not None:
        made(made_buttons)
    dialog.resize(*size)
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    dialog.deleteLater()
    return answer[-1] if accepted and answer else None


def _answering(dialog: QDialog, answer: list[str], value: str) -> Callable[[], None]:
    """A button outside accept/reject that closes the dialog with its own answer."""
    def clicked() -> None:
        answer.append(value)
        dialog.accept()
    return clicked


def _when(moment: datetime | None) -> str:
    return "（没有）" if moment is None else f"{moment:%Y-%m-%d %H:%M}"


def _comparison_table(compared: list[Compared], with_backup: bool) -> QTableWidget:
    table = QTableWidget(len(compared), 3)
    table.setAccessibleName("抢救出的报告与最新备份的比较")
    table.setHorizontalHeaderLabels(["报告", "抢救出的（最后修改）", "最新备份（最后修改）"])
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    header = table.horizontalHeader()
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    for column in (1, 2):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
    for row, item in enumerate(compared):
        cells = [QTableWidgetItem(f"{item.agency} {item.year}年度"),
                 QTableWidgetItem(_when(item.salvaged)), QTableWidgetItem(_when(item.backup))]
        if not with_backup:
            cells[2].setText("—")
        for moment, cell in ((item.salvaged, cells[1]), (item.backup, cells[2])):
            if moment is None and (with_backup or cell is cells[1]):
                cell.setBackground(_MISSING)
        if item.salvaged and item.backup and item.salvaged != item.backup:
            newer = cells[1] if item.salvaged > item.backup else cells[2]
            newer.setBackground(_NEWER)
        for column, cell in enumerate(cells):
            table.setItem(row, column, cell)
    return table
