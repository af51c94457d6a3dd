/*
 * Included first in every hypervisor object (-include): all symbols are
 * hidden, so position-independent code reaches them RIP-relative with no
 * GOT, wherever the image is linked.
 */
#pragma GCC visibility push(hidden)
