"""Reports for people and tools outside the site: the changes between two states of the
sources, as Markdown, HTML, text or JSON (what `sopkit diff` prints)."""
