"""The store: a SQLite file by default or a PostgreSQL database, created and upgraded by migrations."""
from .db import AddReport, Store, StoreStats, open_store
from .dialect import SearchHit, StoreError

__all__ = ["AddReport", "SearchHit", "Store", "StoreError", "StoreStats", "open_store"]
