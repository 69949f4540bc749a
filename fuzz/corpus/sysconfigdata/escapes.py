build_time_vars = {'A': 'it\'s \\ \x41\u00e9\U0001F600\101\n\q\
', "B": r'\d+' u"x" '' "y", 'C': ('paren' 'cat'), 'D': -12, 'E': None, 'F': '''tri'ple''',
 'G': True, 'H': +1_000, 'EXT_SUFFIX': '.cpython-312-arm-linux-gnueabihf.so'}
