"""Word: templates built from the model, checked, filled with docxtpl, and archived to PDF/A through LibreOffice."""
