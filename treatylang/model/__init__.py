"""The treaty model: what clause files mean, every name resolved.

    files.py     read clause files, follow imports, detect cycles  (FileSet)
    resolve.py   ASTs → Model of frozen definitions                 (Resolver)
    defs.py      the definitions: InstrumentDef, ClauseDef, ActionDef, …
    shipped.py   the instruments shipped in treaties/, by id
    lint.py      static checks on a resolved model
"""

from .defs import (ACTOR_KINDS, BUILTIN_TYPES, ActionDef, ArticleDef, AttrType, ClauseDef, Cond, Corroboration,
                   InstrumentDef, Model, Pattern, SetKind, SitUse, SituationDef, Who, kind_words)
from .resolve import load_instruments, load_model
from .shipped import resolve_instrument_arg, shipped_index

__all__ = ["ACTOR_KINDS", "BUILTIN_TYPES", "ActionDef", "ArticleDef", "AttrType", "ClauseDef", "Cond", "Corroboration",
           "InstrumentDef", "Model", "Pattern", "SetKind", "SitUse", "kind_words", "SituationDef", "Who", "load_instruments", "load_model",
           "resolve_instrument_arg", "shipped_index"]
