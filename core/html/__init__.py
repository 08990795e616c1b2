"""Parts of the web page renderer (entry point: core.export_html.render_html)."""
