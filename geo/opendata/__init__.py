"""Open data: the catalogue, site and walk exports, the Atom feed and Open311."""
