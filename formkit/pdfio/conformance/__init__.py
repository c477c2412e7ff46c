"""The rules behind ``formkit check-pdf`` (:mod:`formkit.pdfio.check`), one module per part of ISO 19005-2 and ISO 14289-1."""
