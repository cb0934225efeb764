"""Browser tests: the example site served locally, read through Chromium."""
