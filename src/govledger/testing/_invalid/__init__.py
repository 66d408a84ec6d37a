"""Transitions the domain rules must reject, private to :mod:`govledger.testing`.

:mod:`.rejection` says what a rejection is; :mod:`.people` and :mod:`.structure` build
them, one function per rule, from a world of :mod:`govledger.testing._model`; and
:mod:`.rejections` draws one or all of them.
"""
