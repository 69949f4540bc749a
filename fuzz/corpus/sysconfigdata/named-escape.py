build_time_vars = {'I': '\N{BULLET}', 'EXT_SUFFIX': '.cpython-39.so'}
