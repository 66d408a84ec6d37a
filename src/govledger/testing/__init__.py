"""Tools for testing code that uses govledger: hypothesis strategies for events.

``govledger.testing.strategies`` needs hypothesis (``pip install govledger[test]``).
"""
