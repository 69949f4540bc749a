build_time_vars = {'A': ((('x'
 'y'))), 'B': (1), 'EXT_SUFFIX': ('.cpython-314-'
                 'riscv64-linux-gnu.so')}
