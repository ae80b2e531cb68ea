"""The law the sources cite: the citation grammar, the authorities registry (titles
and web addresses), and how a policy's clauses are addressed and labelled."""
