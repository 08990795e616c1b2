"""The parts of the Word export (core.export_docx): page set-up and styles, tables, page
numbers and the draft mark, and the deterministic package."""
