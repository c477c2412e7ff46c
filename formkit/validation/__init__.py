"""Validation of records: the compiled schema check, jsonschema's detail for invalid records, and each form's rules."""
