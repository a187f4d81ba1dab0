"""The search index: the only package that imports whoosh."""
