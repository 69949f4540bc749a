# Stand-in for oe-core's cargo-update-recipe-crates.bbclass: it only adds a
# task that regenerates *-crates.inc, which tests/layer checks on its own
# (test_crates_inc.py).
