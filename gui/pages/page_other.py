"""Step 六、其他需要报告的事项: the required 信息处理费 statement, then free text."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
)

from core.section_text import fee_sentence, parse_fee_sentence, with_fee_sentence
from gui.pages.text_page import TextSectionPage

SECTION = "other"


class OtherPage(TextSectionPage):
    section = SECTION

    def __init__(self, ctx) -> None:  # noqa: ANN001
        super().__init__(ctx)
        fee_box = QGroupBox("信息处理费说明句（必须写明，国办函〔2020〕109号）——"
                            "填好件数和金额后点“写入正文开头”")
        fee_layout = QHBoxLayout(fee_box)
        fee_layout.addWidget(QLabel("本年收取件数："))
        self.cases = QSpinBox()
        self.cases.setRange(0, 999_999)
        self.cases.setSuffix(" 件")
        self.cases.setAccessibleName("信息处理费件数")
        fee_layout.addWidget(self.cases)
        fee_layout.addSpacing(12)
        fee_layout.addWidget(QLabel("金额："))
        self.amount = QDoubleSpinBox()
        self.amount.setRange(0, 99_999_999.99)
        self.amount.setDecimals(2)
        self.amount.setSuffix(" 元")
        self.amount.setGroupSeparatorShown(True)
        self.amount.setAccessibleName("信息处理费金额（元）")
        fee_layout.addWidget(self.amount)
        fee_layout.addSpacing(12)
        self.fee_button = QPushButton("写入正文开头")
        self.fee_button.setToolTip("把下面这句说明写在正文第一句；已有的说明句会被更新（可撤销）。")
        self.fee_button.clicked.connect(self.write_fee_sentence)
        fee_layout.addWidget(self.fee_button)
        fee_layout.addStretch(1)
        self.above.addWidget(fee_box)
        self.fee_preview = QLabel()
        self.fee_preview.setWordWrap(True)
        self.above.addWidget(self.fee_preview)
        self.cases.valueChanged.connect(self._update_preview)
        self.amount.valueChanged.connect(self._update_preview)
        self._prefill_fee()

    def refresh(self) -> None:
        super().refresh()
        self._prefill_fee()

    # -- the fee statement ---------------------------------------------------------------------
    def _prefill_fee(self) -> None:
        stated = parse_fee_sentence(self.report.texts.get(SECTION, ""))
        if stated is not None:
            self.cases.setValue(stated[0])
            self.amount.setValue(float(stated[1]))
        self._update_preview()

    def _fee_values(self) -> tuple[int, Decimal]:
        return self.cases.value(), Decimal(str(round(self.amount.value(), 2)))

    def _update_preview(self) -> None:
        cases, amount = self._fee_values()
        consistent = (cases == 0) == (amount == 0)
        if consistent:
            self.fee_preview.setText(f"将写入的说明句：{fee_sentence(self.report.year, cases, amount)}")
            self.fee_preview.setStyleSheet("color:#444")
        else:
            self.fee_preview.setText("件数和金额应同时为 0（未收取），或同时大于 0。")
            self.fee_preview.setStyleSheet("color:#c62828")
        self.fee_button.setEnabled(consistent and not self.read_only)
        self.cases.setReadOnly(self.read_only)
        self.amount.setReadOnly(self.read_only)

    def write_fee_sentence(self) -> None:
        cases, amount = self._fee_values()
        sentence = fee_sentence(self.report.year, cases, amount)
        text = self.editor.editor.toPlainText()
        updated = with_fee_sentence(text, sentence)
        if updated != text:
            self.editor.set_text_undoable(updated)
        self.editor.focus_editor()
