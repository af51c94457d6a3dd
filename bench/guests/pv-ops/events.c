/*
 * Figure 6 within one domain: an event sent to ourselves (an IPI port on
 * vCPU 0) and delivered as an upcall on the way back from EVTCHNOP_send,
 * handled by a minimal 2-level handler that returns with HYPERVISOR_iret;
 * and a 4 KiB GNTTABOP_copy between two of our own frames (no grant
 * references needed). A hypervisor without these operations gets a
 * BENCH-NA line instead of a figure.
 */
#include "bench.h"
#include <public/event_channel.h>
#include <public/grant_table.h>

static struct shared_info *shared;
static volatile unsigned long events_seen;

/*
 * Upcall entry. The bounce frame is rcx, r11, rip, cs, rflags, rsp, ss;
 * it becomes the iret frame (rax, r11, rcx, flags, rip, ...) and the
 * caller-saved registers the C handler may clobber are kept around it.
 */
extern char event_entry[];
__asm__(".pushsection .text\n"
	"event_entry:\n"
	"	pop %rcx\n"
	"	pop %r11\n"
	"	push $0\n"
	"	push %rcx\n"
	"	push %r11\n"
	"	push %rax\n"
	"	push %rdi\n"
	"	push %rsi\n"
	"	push %rdx\n"
	"	push %r8\n"
	"	push %r9\n"
	"	push %r10\n"
	"	call event_upcall\n"
	"	pop %r10\n"
	"	pop %r9\n"
	"	pop %r8\n"
	"	pop %rdx\n"
	"	pop %rsi\n"
	"	pop %rdi\n"
	"	mov $23, %eax\n" /* __HYPERVISOR_iret */
	"	syscall\n"
	"	ud2\n"
	".popsection\n");

/* The 2-level scan as Linux does it: selector word, then unmasked pending bits. */
void event_upcall(void);
void event_upcall(void)
{
	struct vcpu_info *v = &shared->vcpu_info[0];
	unsigned long sel;

	v->evtchn_upcall_pending = 0;
	sel = __atomic_exchange_n(&v->evtchn_pending_sel, 0, __ATOMIC_SEQ_CST);
	while (sel) {
		unsigned int w = (unsigned int)__builtin_ctzl(sel);
		unsigned long bits = shared->evtchn_pending[w] & ~shared->evtchn_mask[w];

		sel &= sel - 1;
		__atomic_fetch_and(&shared->evtchn_pending[w], ~bits, __ATOMIC_SEQ_CST);
		for (; bits; bits &= bits - 1)
			events_seen++;
	}
}

static long evtchn_op(int cmd, void *arg)
{
	return HC(event_channel_op, cmd, arg, 0);
}

void event_round_trip(struct shared_info *s)
{
	struct callback_register cb = {.type = CALLBACKTYPE_event,
				       .address = (unsigned long)event_entry};
	struct evtchn_bind_ipi ipi = {.vcpu = 0};
	struct evtchn_close close;
	uint64_t t0, t1;
	long rc;

	shared = s;
	rc = hc_callback_op(CALLBACKOP_register, &cb);
	if (!rc)
		rc = evtchn_op(EVTCHNOP_bind_ipi, &ipi);
	if (rc) {
		report_na("event_send_upcall", rc);
		return;
	}
	s->vcpu_info[0].evtchn_upcall_mask = 0;
	t0 = rdtsc();
	for (int i = 0; i < N; i++) {
		struct evtchn_send send = {.port = ipi.port};

		evtchn_op(EVTCHNOP_send, &send);
	}
	t1 = rdtsc();
	s->vcpu_info[0].evtchn_upcall_mask = 1;
	check(events_seen == N, "events delivered: %lu of %d", events_seen, N);
	report("event_send_upcall", t1 - t0, N);
	close.port = ipi.port;
	evtchn_op(EVTCHNOP_close, &close);
}

void grant_copy(void)
{
	uint8_t *src = alloc_page(), *dst = alloc_page();
	struct gnttab_copy op = {0};
	uint64_t t0;
	long rc;

	memset(src, 0x5a, 4096);
	op.source.u.gmfn = virt_to_mfn(src);
	op.source.domid = DOMID_SELF;
	op.dest.u.gmfn = virt_to_mfn(dst);
	op.dest.domid = DOMID_SELF;
	op.len = 4096;
	rc = HC(grant_table_op, GNTTABOP_copy, &op, 1);
	if (rc || op.status != GNTST_okay) {
		report_na("grant_copy_4k", rc ? rc : op.status);
		return;
	}
	check(dst[4095] == 0x5a, "grant copy copied");
	t0 = rdtsc();
	for (int i = 0; i < N / 4; i++)
		HC(grant_table_op, GNTTABOP_copy, &op, 1);
	report("grant_copy_4k", rdtsc() - t0, N / 4);
}
