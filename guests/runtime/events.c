/*
 * Test-guest events and time (see guest_events.h). The upcall arrives as
 * trap_hook[VEC_EVENT] with events masked; it acknowledges upcall_pending,
 * takes the selector word, clears and counts the unmasked pending ports,
 * and returns through HYPERVISOR_iret, which restores the mask from the
 * frame's IF. Single vCPU, no locking.
 */
#include <guest_events.h>
#include <guest_mm.h>

#define WORD_BITS 64

struct shared_info *shared;
volatile struct upcall_record upcall;

static void scan_ports(void)
{
	struct vcpu_info *v = vcpu0();
	unsigned long sel;

	v->evtchn_upcall_pending = 0;
	sel = __atomic_exchange_n(&v->evtchn_pending_sel, 0, __ATOMIC_SEQ_CST);
	while (sel) {
		unsigned int w = (unsigned int)__builtin_ctzl(sel);
		unsigned long bits = shared->evtchn_pending[w] & ~shared->evtchn_mask[w];

		sel &= sel - 1;
		__atomic_fetch_and(&shared->evtchn_pending[w], ~bits, __ATOMIC_SEQ_CST);
		for (; bits; bits &= bits - 1)
			upcall.seen[w * WORD_BITS + __builtin_ctzl(bits)]++;
	}
}

static bool on_event(struct cpu_regs *regs)
{
	upcall.upcalls++;
	if (!vcpu0()->evtchn_upcall_mask)
		upcall.mask_not_set++;
	if (regs->rflags & 0x200)
		upcall.if_in_frame++;
	scan_ports();
	return true;
}

bool events_init(void)
{
	struct callback_register cb = {.type = CALLBACKTYPE_event,
				       .address = (unsigned long)event_entry};

	shared = map_shared_info();
	if (!shared) {
		error("cannot map shared_info");
		return false;
	}
	trap_hook[VEC_EVENT] = on_event;
	if (hc_callback_op(CALLBACKOP_register, &cb)) {
		error("callback_op CALLBACKTYPE_event failed");
		return false;
	}
	return true;
}

void events_reset_counts(void)
{
	memset((void *)&upcall, 0, sizeof(upcall));
}

void events_enable(void)
{
	__atomic_store_n(&vcpu0()->evtchn_upcall_mask, 0, __ATOMIC_SEQ_CST);
	if (__atomic_load_n(&vcpu0()->evtchn_upcall_pending, __ATOMIC_SEQ_CST))
		hc_xen_version(XENVER_version, NULL); /* delivered on the way back */
}

void events_disable(void)
{
	__atomic_store_n(&vcpu0()->evtchn_upcall_mask, 1, __ATOMIC_SEQ_CST);
}

bool port_pending(unsigned int port)
{
	return __atomic_load_n(&shared->evtchn_pending[port / WORD_BITS], __ATOMIC_SEQ_CST) &
	       (1UL << (port % WORD_BITS));
}

bool port_masked(unsigned int port)
{
	return __atomic_load_n(&shared->evtchn_mask[port / WORD_BITS], __ATOMIC_SEQ_CST) &
	       (1UL << (port % WORD_BITS));
}

void port_mask(unsigned int port)
{
	__atomic_fetch_or(&shared->evtchn_mask[port / WORD_BITS], 1UL << (port % WORD_BITS),
			  __ATOMIC_SEQ_CST);
}

void port_clear_mask(unsigned int port)
{
	__atomic_fetch_and(&shared->evtchn_mask[port / WORD_BITS], ~(1UL << (port % WORD_BITS)),
			   __ATOMIC_SEQ_CST);
}

void port_clear_pending(unsigned int port)
{
	__atomic_fetch_and(&shared->evtchn_pending[port / WORD_BITS], ~(1UL << (port % WORD_BITS)),
			   __ATOMIC_SEQ_CST);
}

long bind_virq(unsigned int virq, unsigned int vcpu)
{
	struct evtchn_bind_virq b = {.virq = virq, .vcpu = vcpu};
	long rc = evtchn_op(EVTCHNOP_bind_virq, &b);

	return rc ? rc : (long)b.port;
}

long bind_ipi(unsigned int vcpu)
{
	struct evtchn_bind_ipi b = {.vcpu = vcpu};
	long rc = evtchn_op(EVTCHNOP_bind_ipi, &b);

	return rc ? rc : (long)b.port;
}

long alloc_unbound(domid_t dom, domid_t remote)
{
	struct evtchn_alloc_unbound a = {.dom = dom, .remote_dom = remote};
	long rc = evtchn_op(EVTCHNOP_alloc_unbound, &a);

	return rc ? rc : (long)a.port;
}

long evtchn_close(unsigned int port)
{
	struct evtchn_close c = {.port = port};

	return evtchn_op(EVTCHNOP_close, &c);
}

long evtchn_send(unsigned int port)
{
	struct evtchn_send s = {.port = port};

	return evtchn_op(EVTCHNOP_send, &s);
}

long evtchn_unmask(unsigned int port)
{
	struct evtchn_unmask u = {.port = port};

	return evtchn_op(EVTCHNOP_unmask, &u);
}

uint64_t system_time(void)
{
	return vcpu_system_time(vcpu0());
}

uint64_t vcpu_system_time(struct vcpu_info *vi)
{
	volatile struct vcpu_time_info *t = &vi->time;
	uint32_t version;
	uint64_t ns;

	do {
		version = __atomic_load_n(&t->version, __ATOMIC_ACQUIRE);
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
		uint64_t delta = rdtsc() - t->tsc_timestamp;
		int shift = t->tsc_shift;

		delta = shift < 0 ? delta >> -shift : delta << shift;
		ns = t->system_time +
		     (uint64_t)(((unsigned __int128)delta * t->tsc_to_system_mul) >> 32);
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
	} while ((version & 1) || version != __atomic_load_n(&t->version, __ATOMIC_ACQUIRE));
	return ns;
}

bool wait_port(evtchn_port_t port, uint64_t timeout_ns)
{
	uint64_t end = system_time() + timeout_ns;

	while (!port_pending(port)) {
		if (system_time() > end)
			return false;
		poll_ports(&port, 1, system_time() + 10000000UL);
	}
	port_clear_pending(port);
	return true;
}

long find_offered_port(domid_t peer)
{
	for (uint64_t end = system_time() + 10000000000UL; system_time() < end;) {
		for (evtchn_port_t p = 1; p < 64; p++) {
			struct evtchn_status st = {.dom = peer, .port = p};

			if (!evtchn_op(EVTCHNOP_status, &st) && st.status == EVTCHNSTAT_unbound &&
			    st.u.unbound.dom == 0)
				return p;
		}
		hc_sched_op(SCHEDOP_yield, NULL);
	}
	return -1;
}

long poll_ports(evtchn_port_t *ports, unsigned int nr, uint64_t timeout)
{
	struct sched_poll p = {.nr_ports = nr, .timeout = timeout};

	set_xen_guest_handle(p.ports, ports);
	return hc_sched_op(SCHEDOP_poll, &p);
}

/*
 * Bring vCPU 1 up at entry, on the top of stack[size], with this vCPU's
 * page tables and events masked. false: the domain has one vCPU.
 */
bool start_vcpu1(void (*entry)(void), void *stack, unsigned long size)
{
	static struct vcpu_guest_context c;

	if (vcpu_op(VCPUOP_is_up, 1, NULL) < 0)
		return false;
	c.flags = VGCF_in_kernel;
	c.user_regs.rip = (unsigned long)entry;
	c.user_regs.rsp = (unsigned long)stack + size - 8;
	c.user_regs.cs = FLAT_KERNEL_CS;
	c.user_regs.ss = FLAT_KERNEL_SS;
	c.user_regs.rflags = 0x200;
	c.kernel_ss = FLAT_KERNEL_SS;
	c.kernel_sp = (unsigned long)stack + size;
	c.ctrlreg[3] = pfn_to_mfn((start_info->pt_base - GUEST_VIRT_BASE) >> 12) << 12;
	shared->vcpu_info[1].evtchn_upcall_mask = 1;
	check_eq(vcpu_op(VCPUOP_initialise, 1, &c), 0, "initialise vCPU 1");
	check_eq(vcpu_op(VCPUOP_up, 1, NULL), 0, "up vCPU 1");
	return true;
}
