"""Loaders: read, detect, type and validate one export kind each."""
