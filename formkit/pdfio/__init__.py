"""Reading PDFs safely (size and decompression limits, active content) and checking them against PDF/A-2 and PDF/UA-1."""
