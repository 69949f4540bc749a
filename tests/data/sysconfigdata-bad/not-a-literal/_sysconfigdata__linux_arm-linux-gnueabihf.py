import os
build_time_vars = dict(EXT_SUFFIX='.cpython-313-' + os.uname().machine + '-linux-gnueabihf.so')
