"""Knowledge files: gazetteer supplements, actors, sources, verbs. Each states its provenance."""
