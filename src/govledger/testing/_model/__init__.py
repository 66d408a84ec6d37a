"""The generator's model of the recorded world, private to :mod:`govledger.testing`.

:mod:`.world` holds the :class:`~.world.World` and the steps that grow it. The names
its modules share are public inside this package; nothing outside ``govledger.testing``
imports them.
"""
