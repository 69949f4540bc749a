# Stand-in for BitBake's hash equivalence server package, which the PyPI
# bitbake-setup wheel does not ship. bb.siggen imports it at module level;
# these tests never talk to a hash server.
