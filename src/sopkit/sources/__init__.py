"""The sources: finding the files, reading YAML with positions, the shape of each kind
of file, the text rules, assembling the model, and writing sources back (edits and
formatting). The project's options (mkdocs.yml) are read here too.

Nothing here looks across files; that is `sopkit.checks`.
"""
