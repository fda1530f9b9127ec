"""Per-document extraction stages, in pipeline order (see frontwatch.plugins)."""
