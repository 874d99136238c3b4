"""Published reports (jaarrapport, initiatiefrapport, datakwaliteit) — rendering lands with the reports issue."""
