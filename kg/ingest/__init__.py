"""Stage 1, ingest: files in, `Article`s out.

Finds the input files, decodes them (UTF-8, cp1251, UTF-16), strips markup and reads the date
header; a file that cannot be read becomes a `Skipped` with its reason, never an exception.
"""
