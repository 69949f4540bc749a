# Stand-in for oe-core's cargo.bbclass, for parsing the tool's own recipe:
# nothing is compiled here (tests/layer builds the tool with cargo itself),
# so base's empty do_compile and do_install stay; what a recipe appends to
# do_install still runs.
