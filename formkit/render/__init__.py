"""Rendering a valid record into documents (Word, PDF, calendar entry) through renderers registered by output type."""
