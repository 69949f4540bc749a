# Stand-in for oe-core's "oe" python package: only oe.qa, see qa.py.
