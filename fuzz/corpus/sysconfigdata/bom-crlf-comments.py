# comment
build_time_vars = { # trailing
 'EXT_SUFFIX': \
 '.cpython-313t-aarch64-linux-gnu.so',
 'VERSION': '3.13', 'ABIFLAGS': 't',
}
