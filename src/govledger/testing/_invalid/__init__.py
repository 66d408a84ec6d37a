"""Transitions the domain rules must reject, private to :mod:`govledger.testing`.

:mod:`.rejections` draws them from a world of :mod:`govledger.testing._model`.
"""
