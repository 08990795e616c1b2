"""Parts of the PDF renderer (entry point: core.export_pdf.render_pdf)."""
