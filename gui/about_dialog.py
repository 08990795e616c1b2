"""关于: what the program is, where it keeps the user's data and logs, which fonts the PDF uses,
and the licences of everything shipped with it (resources/licenses, resources/fonts)."""

from __future__ import annotations

import html
import platform
from pathlib import Path

from PySide6.QtCore import Qt, QUrl, qVersion
from PySide6.QtGui import QDesktopServices, QIcon
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from core import APP_NAME, __version__
from core.applog import log_dir, log_file
from core.fileio import os_reason
from core.helptext import problem_report_text
from core.resources import resource_path

FORMAT_TEXT = ("按国务院办公厅政府信息与政务公开办公室 2021 年印发的《政府信息公开工作年度报告格式》"
               "<span style='white-space:nowrap'>（国办公开办函〔2021〕30号）</span>"
               "编制报告。数据只保存在本机，不联网。")
# What the bundled PDF faces were made from (resources/fonts/README.md).
BUNDLED_FONT_ORIGINS = {
    "NBZS-Fang.ttf": "由 Fandol 仿宋制作",
    "NBZS-Kai.ttf": "由 Fandol 楷体制作",
    "WenQuanYiMicroHei.ttf": "文泉驿微米黑",
    "NBZS-TitleSerif.ttf": "由 Noto Serif CJK 粗体制作",
    "NBZS-SerifFallback.ttf": "由 Noto Serif CJK 制作",
}
LINK_FLAGS = (Qt.TextInteractionFlag.TextBrowserInteraction
              | Qt.TextInteractionFlag.TextSelectableByMouse)


def licence_documents() -> list[tuple[str, Path]]:
    """(label, file) of every licence text shipped, the overview first."""
    docs = [("第三方软件一览", resource_path("licenses", "THIRD_PARTY.md")),
            ("随附字体：来源与许可说明", resource_path("fonts", "README.md"))]
    font_licences = resource_path("fonts", "LICENSES")
    if font_licences.is_dir():
        docs += [(f"字体许可全文：{p.stem}", p) for p in sorted(font_licences.glob("*.txt"))]
    licences = resource_path("licenses")
    if licences.is_dir():
        docs += [(f"许可全文：{p.stem}", p) for p in sorted(licences.glob("*.txt"))]
    return docs


def open_folder(folder: Path) -> bool:
    """Show `folder` in the file manager (created first if missing, e.g. the log folder)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        pass
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


def folder_link(path: Path, folder: Path | None = None) -> QLabel:
    """`path` as a link (keyboard accessible, selectable) that opens `folder` (default: path)."""
    label = QLabel(f"<a href='{QUrl.fromLocalFile(str(folder or path)).toString()}'>"
                   f"{html.escape(str(path))}</a>")
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setTextInteractionFlags(LINK_FLAGS)
    label.setWordWrap(True)
    label.setToolTip("点击打开所在文件夹")
    label.linkActivated.connect(lambda url: open_folder(Path(QUrl(url).toLocalFile())))
    return label


class AboutDialog(QDialog):
    """Tabs 关于 (version, format, folders, PDF fonts) and 许可 (every licence text)."""

    def __init__(self, db_path: Path, data_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db_path = Path(db_path)
        self.data_dir = Path(data_dir)
        self.setWindowTitle(f"关于{APP_NAME}")
        self.resize(880, 620)
        layout = QVBoxLayout(self)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._about_tab(), "关于(&G)")
        self.tabs.addTab(self._licence_tab(), "许可(&L)")
        layout.addWidget(self.tabs, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    # -- 关于 ----------------------------------------------------------------------------------
    def _about_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        header = QHBoxLayout()
        icon = QLabel()
        icon.setPixmap(QIcon(str(resource_path("icons", "app.png"))).pixmap(64, 64))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        header.addWidget(icon)
        self.title_label = QLabel(
            f"<span style='font-size:16pt; font-weight:600'>{APP_NAME}</span>"
            f"&nbsp;&nbsp;版本 {__version__}<br>"
            "政府信息公开工作年度报告编制工具<br>"
            f"<span style='color:#555'>{FORMAT_TEXT}</span>")
        self.title_label.setWordWrap(True)
        self.title_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        header.addWidget(self.title_label, 1)
        layout.addLayout(header)

        places = QGroupBox("数据和日志保存在（点击打开文件夹）")
        form = QFormLayout(places)
        from core.storage import backups_dir

        self.data_link = folder_link(self.data_dir)
        self.db_link = folder_link(self.db_path, self.db_path.parent)
        form.addRow("数据文件夹：", self.data_link)
        form.addRow("数据库：", self.db_link)
        form.addRow("自动备份：", folder_link(backups_dir(self.db_path)))
        form.addRow("程序日志：", folder_link(log_dir()))
        layout.addWidget(places)

        problems = QGroupBox("报告问题")
        problems_layout = QVBoxLayout(problems)
        self.problem_label = QLabel(problem_report_text(log_file()))
        self.problem_label.setWordWrap(True)
        self.problem_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        problems_layout.addWidget(self.problem_label)
        layout.addWidget(problems)

        fonts_box = QGroupBox("导出 PDF 使用的字体")
        fonts_form = QFormLayout(fonts_box)
        self.font_labels: dict[str, QLabel] = {}
        for role in self._fonts():
            label = QLabel(role["text"])
            label.setToolTip(role["path"])
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            fonts_form.addRow(f"{role['label']}：", label)
            self.font_labels[role["role"]] = label
        note = QLabel("电脑上装有仿宋_GB2312、楷体_GB2312、黑体、方正小标宋简体时，PDF 自动改用这些正式字体。")
        note.setWordWrap(True)
        note.setStyleSheet("color:#555")
        fonts_form.addRow(note)
        layout.addWidget(fonts_box)

        import PySide6

        runtime = QLabel(f"Python {platform.python_version()} · Qt {qVersion()} · "
                         f"PySide6 {PySide6.__version__} · {platform.system()} "
                         f"{platform.release()}")
        runtime.setStyleSheet("color:#555")
        runtime.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(runtime)
        layout.addStretch(1)
        return page

    @staticmethod
    def _fonts() -> list[dict[str, str]]:
        from core import fonts

        out = []
        for role in fonts.describe():
            path = Path(role["path"])
            if role["source"] == "system":
                text = f"{path.name}（本机安装的字体）"
            else:
                origin = BUNDLED_FONT_ORIGINS.get(path.name, "")
                missing = "" if path.is_file() else "，文件缺失"
                text = f"{path.name}（程序自带{'，' + origin if origin else ''}{missing}）"
            out.append({"role": role["role"], "label": role["label"], "text": text,
                        "path": str(path)})
        return out

    # -- 许可 ----------------------------------------------------------------------------------
    def _licence_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        row = QHBoxLayout()
        pick = QLabel("查看(&V)：")
        self.licence_combo = QComboBox()
        self.documents = licence_documents()
        for label, path in self.documents:
            self.licence_combo.addItem(label, str(path))
        pick.setBuddy(self.licence_combo)
        row.addWidget(pick)
        row.addWidget(self.licence_combo, 1)
        layout.addLayout(row)
        self.licence_view = QTextBrowser()
        self.licence_view.setOpenLinks(False)  # links between the documents: see _follow
        self.licence_view.anchorClicked.connect(self._follow)
        self.licence_view.setAccessibleName("许可文本")
        layout.addWidget(self.licence_view, 1)
        self.licence_combo.currentIndexChanged.connect(self._show_document)
        self._show_document(0)
        return page

    def _show_document(self, index: int) -> None:
        if not 0 <= index < len(self.documents):
            return
        path = self.documents[index][1]
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            self.licence_view.setPlainText(f"无法读取 {path}：{os_reason(exc)}")
            return
        if path.suffix.lower() == ".md":
            self.licence_view.setMarkdown(text)
        else:
            self.licence_view.setPlainText(text)
        self.licence_view.verticalScrollBar().setValue(0)

    def _follow(self, url: QUrl) -> None:
        """A link in a document: another licence text is shown here; a web address is opened."""
        if url.scheme() in ("http", "https"):
            QDesktopServices.openUrl(url)
            return
        current = self.documents[self.licence_combo.currentIndex()][1]
        target = (current.parent / url.path()).resolve()
        for i, (_, path) in enumerate(self.documents):
            if path.resolve() == target:
                self.licence_combo.setCurrentIndex(i)
                return
