build_time_vars = {}
