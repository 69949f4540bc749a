# system configuration generated and used by the sysconfig module
build_time_vars = {
    'ABIFLAGS': '',
    'MULTIARCH': 'arm-linux-gnueabihf',
    'SOABI': 'cpython-313-arm-linux-gnueabihf',
    'VERSION': '3.13',
}
