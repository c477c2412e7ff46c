"""Word documents: templates (styles, page set-up, furniture), the body drawn from the display plan, the blank Word form, archival copies."""
