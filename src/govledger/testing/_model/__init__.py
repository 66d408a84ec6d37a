"""The generator's model of the recorded world, private to :mod:`govledger.testing`.

:mod:`.world` holds the :class:`~.world.World` and its entity models, :mod:`.draw` the
drawing helpers, :mod:`.decisions` the resolutions, :mod:`.builders` the changes and
:mod:`.steps` the step choice (:func:`~.steps.draw_step`). The names these modules
share are public inside this package; nothing outside ``govledger.testing`` imports
them.
"""
