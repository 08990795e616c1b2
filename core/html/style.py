"""The web page's one style sheet.

Everything is scoped under `.nbzs-report`, because a clerk may paste the page into a CMS page
that has its own styles: ours must not restyle the host page, and the host's generic rules
should not win over ours. No url(), no @import, no web fonts — the page loads nothing.

Faces are named as an office PC has them (the official names first, then the Windows and macOS
names, then a generic family), so the page looks like the printed report where the official
fonts are installed and stays readable where they are not.
"""

from __future__ import annotations

ROOT = "nbzs-report"  # the class of the <article> that holds the report

TITLE_FACES = '"方正小标宋简体", "FZXiaoBiaoSong-B05S", "方正小标宋_GBK", "华文中宋", "STZhongsong", ' \
    '"宋体", "SimSun", serif'
HEI_FACES = '"黑体", "SimHei", "Heiti SC", "Microsoft YaHei", sans-serif'
KAI_FACES = '"楷体_GB2312", "KaiTi_GB2312", "楷体", "KaiTi", "STKaiti", serif'
SONG_FACES = '"宋体", "SimSun", serif'  # page numbers (GB/T 9704: 4号 半角宋体)
FANG_FACES = '"仿宋_GB2312", "FangSong_GB2312", "仿宋", "FangSong", "STFangsong", serif'

_R = "." + ROOT

CSS = f"""
{_R} {{ max-width: 50em; margin: 0 auto; padding: 1.5em 1em 3em; color: #000;
  background: #fff; font-family: {FANG_FACES}; font-size: 18px; line-height: 1.8;
  overflow-wrap: break-word; }}
{_R} h1 {{ font-family: {TITLE_FACES}; font-size: 1.45em; font-weight: normal;
  line-height: 1.5; text-align: center; margin: 0.6em 0 1.2em; }}
{_R} h1 span {{ display: inline-block; }}
{_R} h2, {_R} h3, {_R} h4 {{ font-size: 1em; font-weight: normal; line-height: inherit;
  text-indent: 2em; margin: 0.4em 0 0; }}
{_R} h2 {{ font-family: {HEI_FACES}; }}
{_R} h3 {{ font-family: {KAI_FACES}; }}
{_R} h4 {{ font-family: {FANG_FACES}; }}
{_R} p {{ margin: 0; text-indent: 2em; text-align: justify; }}
{_R} .nbzs-draft {{ color: #c00000; border: 2px solid #c00000; font-family: {HEI_FACES};
  text-indent: 0; text-align: center; padding: 0.4em 0.8em; margin: 0 0 1em; }}
{_R} .nbzs-table {{ overflow-x: auto; margin: 0.5em 0 1em; }}
{_R} table {{ border-collapse: collapse; width: 100%; table-layout: fixed;
  font-size: 14px; line-height: 1.4; }}
{_R} caption {{ position: absolute; width: 1px; height: 1px; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; }}
{_R} th, {_R} td {{ border: 1px solid #000; padding: 0.35em 0.3em; font-weight: normal;
  text-align: center; vertical-align: middle; }}
{_R} th {{ font-size: 13px; padding: 0.35em 0.2em; }}
{_R} th[scope="col"], {_R} th[scope="colgroup"] {{ background: #f0f0f0; }}
{_R} th.left {{ text-align: left; }}
{_R} th.vertical {{ writing-mode: vertical-rl; text-orientation: upright; letter-spacing: 0.1em;
  margin: 0 auto; }}
{_R} td {{ font-size: 15px; font-variant-numeric: tabular-nums; white-space: nowrap; }}
{_R} td.invalid {{ color: #c00000; }}
{_R} .nbzs-closing {{ width: max-content; max-width: 100%; margin: 2.5em 4em 0 auto;
  text-align: center; }}
{_R} .nbzs-closing p {{ text-indent: 0; text-align: center; }}
@media (max-width: 600px) {{
  {_R} {{ padding: 1em 0.5em 2em; font-size: 17px; }}
}}
@media print {{
  @page {{ size: A4; margin: 37mm 26mm 35mm 28mm; }}
  @page :right {{ @bottom-right {{ content: "— " counter(page) " —"; font-family: {SONG_FACES};
    font-size: 14pt; vertical-align: top; padding-top: 7mm; margin-right: 1em; }} }}
  @page :left {{ @bottom-left {{ content: "— " counter(page) " —"; font-family: {SONG_FACES};
    font-size: 14pt; vertical-align: top; padding-top: 7mm; margin-left: 1em; }} }}
  {_R} {{ max-width: none; margin: 0; padding: 0; font-size: 16pt; line-height: 28.9pt; }}
  {_R} h1 {{ font-size: 22pt; line-height: 1.45; margin: 0 0 28.9pt; }}
  {_R} h2, {_R} h3, {_R} h4 {{ margin: 0; break-after: avoid; page-break-after: avoid; }}
  {_R} .nbzs-table {{ overflow: visible; margin: 0.25em 0 0.5em; break-inside: avoid;
    page-break-inside: avoid; }}
  {_R} table {{ font-size: 9pt; line-height: 1.25; break-inside: avoid;
    page-break-inside: avoid; }}
  {_R} thead {{ display: table-header-group; }}
  {_R} tr {{ break-inside: avoid; page-break-inside: avoid; }}
  {_R} th, {_R} td {{ padding: 2pt 2pt; }}
  {_R} th {{ font-size: 9pt; }}
  {_R} td {{ font-size: 10.5pt; line-height: 1.15; }}
  {_R} th, {_R} td, {_R} .nbzs-draft {{ -webkit-print-color-adjust: exact;
    print-color-adjust: exact; }}
  {_R} .nbzs-closing {{ margin-top: 57.8pt; break-inside: avoid; page-break-inside: avoid;
    break-before: avoid; page-break-before: avoid; }}
}}
"""
