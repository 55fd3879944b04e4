"""Sites: the site schema, sites files, GIS formats, the ward and the map."""
