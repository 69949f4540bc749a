build_time_vars = {'EXT_SUFFIX': '.cpython-38.so', 'SOABI': 'cpython-38', 'MULTIARCH': '', 'VERSION': '3.8'}
