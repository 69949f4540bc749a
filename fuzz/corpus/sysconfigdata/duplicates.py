build_time_vars = {'EXT_SUFFIX': '.cpython-312.so', 'CC': 1, 'CC': 'gcc',
 'EXT_SUFFIX': '.cpython-312.so', 'SOABI': 'x', 'MULTIARCH': 'mipsel-linux-gnu'}
