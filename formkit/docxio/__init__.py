"""Reading Word documents people send: the package checked before any XML is parsed (:mod:`formkit.docxio.safety`)."""
