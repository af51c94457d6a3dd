/* The hardware domain's physical IRQs (platform/pirq.c), for physdev_op. */
#ifndef ASM_PIRQ_H
#define ASM_PIRQ_H

#include <xeno/irq.h>
#include <xeno/types.h>

struct domain;
struct physdev_map_pirq;

int pirq_map_gsi(struct domain *d, int gsi, int *pirq);
int pirq_map_msi(struct domain *d, const struct physdev_map_pirq *m, int *pirq);
int pirq_unmap(struct domain *d, int pirq);
int pirq_setup_gsi(int gsi, bool level, bool active_low);
int pirq_eoi(struct domain *d, unsigned int pirq);
int pirq_set_eoi_map(struct domain *d, u64 gfn);
void pirq_release_domain(struct domain *d);

/* MSI-X tables (platform/msix.c). */
volatile u32 *msix_entry(unsigned int bdf, unsigned int cap, unsigned int nr);
int msix_hold(unsigned int bdf, unsigned int cap);
void msix_release(unsigned int bdf);
bool msix_is_ro_frame(unsigned long mfn);

#endif
