# system configuration generated and used by the sysconfig module
build_vars = {
    'ABIFLAGS': '',
    'EXT_SUFFIX': '.cpython-313-arm-linux-gnueabihf.so',
    'MULTIARCH': 'arm-linux-gnueabihf',
    'SOABI': 'cpython-313-arm-linux-gnueabihf',
    'VERSION': '3.13',
}
