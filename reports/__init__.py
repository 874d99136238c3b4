"""Published reports (jaarrapport, initiatiefrapport) and the datakwaliteit feedback, in HTML, PDF and XLSX.

- `i18n`: every report string in Dutch and English; `formatting`: numbers and dates per language (Babel).
- `privacy`: the small-count rule, the one place it is defined and applied.
- `charts`: the Altair theme and one helper per chart type, rendered offline to inline SVG.
- `render`: Report/Table/Column/Figure, Jinja templates (`templates/`), HTML, PDF (WeasyPrint), XLSX.
- `paths`: where each report lands under $SAMEN_HOME/reports.
- `datakwaliteit`: the per-initiative data-quality report (and the agency's).
- `common`: the marts read once (`load_marts`), labels, the share guard, the tables and charts both
  published reports print; `jaarrapport` and `initiatiefrapport`: the two published reports.
- `browser`: headless Chromium over the DevTools pipe, to check and screenshot a rendered report.
"""
