"""The MkDocs adapter: the only part of sopkit that imports MkDocs.

It asks the core to load, check and render the sources, adds the rendered pages to the
build as generated files, and reports the core's diagnostics through MkDocs' logger.
Moving to another site generator means writing another adapter like this one.
"""
