/* Stand-in for MarkupSafe's C module "markupsafe._speedups" (built with the
 * target's own sysconfig, so already named correctly). */
void *PyInit__speedups(void) { return 0; }
