"""PDF: AcroForm templates laid out from the model, filled with formkit's own appearances, flattened and archived as PDF/A."""
