"""Printable documents: the manual, its chapters and sections, the policy and its
redlines, as print HTML (documents.py) and as tagged PDFs (writer.py)."""
