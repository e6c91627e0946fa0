"""The web front end: HTML pages and their JSON twins over one search code path."""
