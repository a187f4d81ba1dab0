"""Extraction as pure functions: a page's markup or text in, facts with quotes out."""
