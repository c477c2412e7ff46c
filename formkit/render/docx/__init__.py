"""Word: templates (styles, page set-up, furniture), bodies drawn from the display plan, blank forms, archival copies."""
