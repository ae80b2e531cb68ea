"""The hosts: the command line (cli/) and the MkDocs plugin (mkdocs_plugin/). Each only
turns options into a call of the pipeline and reports what it returns; the MkDocs
adapter is the only code that imports MkDocs."""
