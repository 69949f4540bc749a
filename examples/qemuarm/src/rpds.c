/* Stand-in for rpds-py's Rust extension module "rpds": CPython only needs the
 * module's init symbol to exist for the file to count as an extension module.
 * No Python headers: the return type is a plain pointer, the body a no-op. */
void *PyInit_rpds(void) { return 0; }
