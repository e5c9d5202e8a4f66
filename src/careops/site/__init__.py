"""Building the site: vendored front-end files, Sphinx extension, post-build checks."""
