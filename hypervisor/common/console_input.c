/*
 * Serial input: polled every 10 ms on CPU 0 (the UART interrupt is not
 * routed yet). Input goes to dom0 (a ring read with CONSOLEIO_read,
 * announced with VIRQ_CONSOLE) or, after Ctrl-a three times in a row, to
 * the hypervisor's debug keys, as in Xen; Ctrl-a three times switches back.
 * The ring is written by the poll timer on CPU 0 and read by dom0's
 * CONSOLEIO_read from any of its vCPUs: ring_lock (a leaf, interrupts off)
 * guards ring, ring_prod and ring_cons; indices only grow.
 */
#include <xeno/console.h>
#include <xeno/event.h>
#include <xeno/grant_table.h>
#include <xeno/lib.h>
#include <xeno/setup.h>
#include <xeno/smp.h>
#include <xeno/time.h>
#include <xeno/traps.h>

#define RING 1024
#define CTRL_A 0x01
#define POLL_PERIOD MILLISECS(10)

static DEFINE_SPINLOCK(ring_lock);
static char ring[RING];
static unsigned int ring_prod, ring_cons;
static bool to_hypervisor;
static unsigned int ctrl_a_run;
static struct timer poll_timer;

static bool input_queued; /* the poll timer's, on CPU 0 only */

static void ring_put(char c)
{
	unsigned long flags = spin_lock_irqsave(&ring_lock);

	if (ring_prod - ring_cons < RING) {
		ring[ring_prod++ % RING] = c;
		input_queued = true;
	}
	spin_unlock_irqrestore(&ring_lock, flags);
}

static void dump_domains(void)
{
	printk("'q' pressed -> dumping domain info\n");
	for (struct domain *d = domain_lookup_first(); d; d = d->next_in_list) {
		printk("Domain %u: %lu pages (max %lu), %u vCPU(s), weight %u cap %u, "
		       "%zu bytes of hypervisor state (%zu in grant frames)%s\n",
		       d->domain_id, d->tot_pages, d->max_pages, d->max_vcpus, d->weight, d->cap,
		       domain_hv_bytes(d), gnttab_frame_bytes(d),
		       d->is_shutting_down ? ", shutting down" : "");
		for (unsigned int i = 0; i < d->max_vcpus; i++)
			if (d->vcpu[i])
				printk("  vCPU%u: CPU%u %s, upcall pending %u mask %u\n", i,
				       d->vcpu[i]->processor,
				       d->vcpu[i]->is_running	 ? "running"
				       : d->vcpu[i]->pause_flags ? "blocked/down"
								 : "runnable",
				       d->vcpu[i]->vcpu_info->evtchn_upcall_pending,
				       d->vcpu[i]->vcpu_info->evtchn_upcall_mask);
	}
	printk("Destroyed: %u zombie(s) (frames still mapped by others), %u awaiting their free\n",
	       domain_zombie_count(), domain_reclaim_pending());
}

static void dump_runqueues(void)
{
	printk("'r' pressed -> dumping run queues\n");
	sched_dump();
}

/* Every vCPU that is up: its saved frame, or where it runs now. */
static void dump_guest_registers(void)
{
	printk("'d' pressed -> dumping vCPU registers\n");
	for (struct domain *d = domain_lookup_first(); d; d = d->next_in_list) {
		for (unsigned int i = 0; i < d->max_vcpus; i++) {
			struct vcpu *v = d->vcpu[i];

			if (!v || (v->pause_flags & VPF_down))
				continue;
			if (v == current) {
				printk("d%uv%u, interrupted here:\n", d->domain_id, i);
				arch_show_guest_registers(&get_cpu_info()->guest_regs);
			} else if (v->is_running) {
				printk("d%uv%u: running on CPU%u\n", d->domain_id, i, v->processor);
			} else {
				printk("d%uv%u, at its last exit:\n", d->domain_id, i);
				arch_show_guest_registers(&v->regs);
			}
		}
	}
}

void console_debug_key(char c)
{
	switch (c) {
	case 'q': dump_domains(); break;
	case 'r': dump_runqueues(); break;
	case 'd': dump_guest_registers(); break;
	default:
		printk("debug keys: 'q' domains, 'r' run queues, 'd' vCPU registers, "
		       "Ctrl-a x3 back to DOM0\n");
	}
}

static void switch_input(void)
{
	to_hypervisor = !to_hypervisor;
	printk("*** Serial input to %s (type 'CTRL-a' three times to switch input)\n",
	       to_hypervisor ? "Xen" : "DOM0");
}

static void input_char(char c)
{
	ctrl_a_run = c == CTRL_A ? ctrl_a_run + 1 : 0;
	if (ctrl_a_run == 3) {
		ctrl_a_run = 0;
		switch_input();
		return;
	}
	if (c == CTRL_A)
		return;
	if (to_hypervisor)
		console_debug_key(c);
	else
		ring_put(c);
}

static void poll_fn(void *data)
{
	int c;

	input_queued = false;
	while ((c = arch_serial_getc()) >= 0)
		input_char((char)c);
	if (input_queued && dom0)
		send_guest_global_virq(dom0, VIRQ_CONSOLE);
	set_timer(&poll_timer, NOW() + POLL_PERIOD);
}

/* CONSOLEIO_read: up to len bytes of input for dom0. */
size_t console_input_read(char *buf, size_t len)
{
	unsigned long flags = spin_lock_irqsave(&ring_lock);
	size_t n = 0;

	while (n < len && ring_cons != ring_prod)
		buf[n++] = ring[ring_cons++ % RING];
	spin_unlock_irqrestore(&ring_lock, flags);
	return n;
}

void console_input_init(void)
{
	init_timer(&poll_timer, poll_fn, NULL, 0);
	set_timer(&poll_timer, NOW() + POLL_PERIOD);
	printk("*** Serial input to DOM0 (type 'CTRL-a' three times to switch input)\n");
}
