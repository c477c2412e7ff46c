"""The yearly deviation summary: a year of avvikelserapporter counted, without personal data, into a workbook and JSON."""
