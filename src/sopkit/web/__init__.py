"""The website's renderer: the checked, edition-selected model becomes Markdown pages
(one per policy, version, comparison, chapter and section, and the glossary,
authorities, reviews and training pages), navigation entries and feeds."""
