/* Stand-in for bcrypt's Rust module "bcrypt._bcrypt", built for the stable ABI
 * (abi3): its name carries no platform triplet and needs no fixing. */
void *PyInit__bcrypt(void) { return 0; }
