"""Rebuilds that remake only what changed: the snapshot of what a build reads, each page's
fingerprint, the outline a build leaves for the next, and the quick build. The full build is
the specification; a quick build must write exactly the same bytes, or hand over to it."""
