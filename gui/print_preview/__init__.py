"""打印预览 and printing: the report's PDF rendered by PDFium (pypdfium2) inside the window."""

from gui.print_preview.dialog import PreviewDialog
from gui.print_preview.pages import PdfPages, PrintResult, chosen_pages, print_pages

__all__ = ["PdfPages", "PreviewDialog", "PrintResult", "chosen_pages", "print_pages"]
