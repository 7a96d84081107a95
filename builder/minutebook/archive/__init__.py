"""INDEX and PLAN: the published meetings as an archive (by date, organisation and topic, as
ids), the checks across meeting files, every URL, and the plan of every page as plain data.
Pure functions of the model: no file is written, no template rendered (no jinja2 here)."""
