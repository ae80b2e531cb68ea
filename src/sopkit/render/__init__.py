"""Rendering: the checked model becomes Markdown pages (and later PDFs and feeds).

Everything here is pure: it takes the model and options and returns text. The MkDocs
adapter hands the pages to MkDocs; any other host could do the same.
"""
