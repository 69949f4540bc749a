build_time_vars = {'ABIFLAGS': 'd', 'EXT_SUFFIX': '.cpython-311d-x86_64-linux-gnu.so',
 'MULTIARCH': 'x86_64-linux-gnu', 'SOABI': 'cpython-311d-x86_64-linux-gnu', 'VERSION': '3.11'}
