"""Events: the normalised, dated facts that clauses are checked against."""

from .model import Event, Provenance

__all__ = ["Event", "Provenance"]
