"""按台账统计 on step 三: table 3 counted from the register of applications.

When on, the counted figures are written into the report through the session (one change: one
save, one undo step; saving, validation and every export see them), the grid is read-only, and
each cell's tooltip lists the applications behind it (编号 and 收到日期 only: no personal data).
The choice is remembered per report in the settings."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QWidget

from core.model import STATUS_FINAL, ReportLocked
from core.register.listing import behind_cells, register_count
from core.register.model import in_year
from core.register.store import RegisterStore
from core.session import EditingSession
from core.storage import StorageError
from gui.widgets.table_grid import TableGrid

LOCK_NOTE = "按台账统计：由依申请公开台账计算，不能直接修改（取消勾选“按台账统计”后可改）。"
MAX_LISTED = 20  # a tooltip is no report: the first applications and how many more


def setting_key(agency: str, year: int) -> str:
    return f"register/by_register/{agency}/{year}"


class RegisterLink(QWidget):
    def __init__(self, session: EditingSession, grid: TableGrid,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session, self.grid = session, grid
        self.store = RegisterStore(session.db)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.checkbox = QCheckBox("按台账统计")
        self.checkbox.setToolTip("勾选后，表三的数字由“依申请公开台账”统计得出，不再手工填写；"
                                 "上年结转为上年年底仍未答复的申请。")
        self.note = QLabel()
        self.note.setStyleSheet("color:#5f6b7a")
        layout.addWidget(self.checkbox)
        layout.addWidget(self.note, 1)
        name, year = session.key
        on = bool(session.db.get_setting(setting_key(name, year), False))
        self.checkbox.setChecked(on)
        self.checkbox.toggled.connect(self._toggled)
        if on:
            self.apply()
        self._update_enabled()

    def _update_enabled(self) -> None:
        self.checkbox.setEnabled(self.session.report.status != STATUS_FINAL)

    def _toggled(self, on: bool) -> None:
        name, year = self.session.key
        try:
            self.session.db.set_setting(setting_key(name, year), on or None)
        except StorageError:
            pass  # only the remembered choice is lost; the figures are what matter
        if on:
            self.apply()
        else:
            self.grid.table_model().set_lock(None)
            self.note.setText("")

    def apply(self) -> None:
        """Count the register and write what differs (nothing to write: no change, no step)."""
        report = self.session.report
        count = register_count(self.store, report.agency_name, report.year)
        if count is None:
            held = len(self.store.applications(report.agency_name))
            self.note.setText(
                f"台账从{report.year}年度之后才开始登记（共 {held} 件），无法按台账统计"
                f"{report.year}年度。" if held else
                f"台账中还没有“{report.agency_name}”的申请，无法按台账统计。")
            self.checkbox.blockSignals(True)
            self.checkbox.setChecked(False)
            self.checkbox.blockSignals(False)
            self.grid.table_model().set_lock(None)
            return
        entered = {k for k in report.format.entered_keys if k.startswith("requests/")}
        values = report.parsed()
        changed = {k: v for k, v in count.cells.items()
                   if k in entered and values.get(k) != v}
        if changed and report.status != STATUS_FINAL:
            try:
                self.session.set_cells(changed)
            except ReportLocked:
                pass
        apps = self.store.applications(report.agency_name)
        notes = {key: _note(found) for key, found in behind_cells(apps, report.year).items()}
        self.grid.table_model().set_lock(LOCK_NOTE, notes)
        counted = sum(1 for a in apps if in_year(a, report.year))
        self.note.setText(f"已按台账统计：{report.year}年度 {counted} 件申请"
                          f"（台账共 {len(apps)} 件）。")

    def refresh(self) -> None:
        """The report's status may have changed (定稿 / 重新打开)."""
        self._update_enabled()


def _note(apps: list) -> str:
    lines = [f"{a.number}　收到 {a.received.isoformat()}" for a in apps[:MAX_LISTED]]
    more = len(apps) - MAX_LISTED
    return (f"台账中的申请（{len(apps)} 件）：\n" + "\n".join(lines)
            + (f"\n……另有 {more} 件" if more > 0 else ""))
