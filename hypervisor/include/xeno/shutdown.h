/*
 * Ending the machine. arch_machine_crash() is the path after a fatal error:
 * reboot, or halt when "noreboot" was given. With QEMU's -no-reboot a
 * reboot ends the emulator, so test runs always finish.
 */
#ifndef XENO_SHUTDOWN_H
#define XENO_SHUTDOWN_H

#include <xeno/compiler.h>

extern bool opt_noreboot;

#endif
