/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The xeno developers */
/*
 * Size, alignment and member offset/size of every guest-ABI
 * structure (x86_64).  GENERATED (by a probe that is not kept in the tree) from
 * the public headers of Xen xen-project/xen c447b7308b.
 * Do not edit by hand.
 */
#include <stddef.h>
#include <public/xen.h>
#include <public/arch-x86/xen.h>
#include <public/arch-x86/xen-x86_64.h>
#include <public/arch-x86/cpuid.h>
#include <public/errno.h>
#include <public/elfnote.h>
#include <public/features.h>
#include <public/version.h>
#include <public/sched.h>
#include <public/event_channel.h>
#include <public/grant_table.h>
#include <public/memory.h>
#include <public/vcpu.h>
#include <public/callback.h>
#include <public/physdev.h>
#include <public/platform.h>
#include <public/nmi.h>
#include <public/io/console.h>
#include <public/io/xs_wire.h>

#define ABI_SIZE(T, sz, al)                             \
	_Static_assert(sizeof(T) == (sz), #T ": size"); \
	_Static_assert(_Alignof(T) == (al), #T ": alignment")
#define ABI_MEMBER(T, m, off, sz)                                      \
	_Static_assert(offsetof(T, m) == (off), #T "." #m ": offset"); \
	_Static_assert(sizeof(((T *)0)->m) == (sz), #T "." #m ": size")

_Static_assert(sizeof(domid_t) == 2, "domid_t");
_Static_assert(sizeof(xen_pfn_t) == 8, "xen_pfn_t");
_Static_assert(sizeof(xen_ulong_t) == 8, "xen_ulong_t");
_Static_assert(sizeof(xen_callback_t) == 8, "xen_callback_t");
_Static_assert(sizeof(evtchn_port_t) == 4, "evtchn_port_t");
_Static_assert(sizeof(event_word_t) == 4, "event_word_t");
_Static_assert(sizeof(grant_ref_t) == 4, "grant_ref_t");
_Static_assert(sizeof(grant_handle_t) == 4, "grant_handle_t");
_Static_assert(sizeof(grant_status_t) == 2, "grant_status_t");
_Static_assert(sizeof(xen_domain_handle_t) == 16, "xen_domain_handle_t");
_Static_assert(sizeof(xen_uuid_t) == 16, "xen_uuid_t");
_Static_assert(sizeof(xen_extraversion_t) == 16, "xen_extraversion_t");
_Static_assert(sizeof(xen_capabilities_info_t) == 1024, "xen_capabilities_info_t");
_Static_assert(sizeof(xen_changeset_info_t) == 64, "xen_changeset_info_t");
_Static_assert(sizeof(xen_commandline_t) == 1024, "xen_commandline_t");
_Static_assert(sizeof(XENCONS_RING_IDX) == 4, "XENCONS_RING_IDX");
_Static_assert(sizeof(XENSTORE_RING_IDX) == 4, "XENSTORE_RING_IDX");
_Static_assert(sizeof(tsc_timestamp_t) == 8, "tsc_timestamp_t");
_Static_assert(sizeof(XEN_GUEST_HANDLE(void)) == 8, "XEN_GUEST_HANDLE(void)");
_Static_assert(sizeof(XEN_GUEST_HANDLE(xen_pfn_t)) == 8, "XEN_GUEST_HANDLE(xen_pfn_t)");

ABI_SIZE(struct arch_shared_info, 48, 8);
ABI_MEMBER(struct arch_shared_info, max_pfn, 0, 8);
ABI_MEMBER(struct arch_shared_info, pfn_to_mfn_frame_list_list, 8, 8);
ABI_MEMBER(struct arch_shared_info, nmi_reason, 16, 8);
ABI_MEMBER(struct arch_shared_info, p2m_cr3, 24, 8);
ABI_MEMBER(struct arch_shared_info, p2m_vaddr, 32, 8);
ABI_MEMBER(struct arch_shared_info, p2m_generation, 40, 8);

ABI_SIZE(struct arch_vcpu_info, 16, 8);
ABI_MEMBER(struct arch_vcpu_info, cr2, 0, 8);
ABI_MEMBER(struct arch_vcpu_info, pad, 8, 8);

ABI_SIZE(struct callback_register, 16, 8);
ABI_MEMBER(struct callback_register, type, 0, 2);
ABI_MEMBER(struct callback_register, flags, 2, 2);
ABI_MEMBER(struct callback_register, address, 8, 8);

ABI_SIZE(struct callback_unregister, 4, 2);
ABI_MEMBER(struct callback_unregister, type, 0, 2);
ABI_MEMBER(struct callback_unregister, _unused, 2, 2);

ABI_SIZE(struct cpu_user_regs, 200, 8);
ABI_MEMBER(struct cpu_user_regs, r15, 0, 8);
ABI_MEMBER(struct cpu_user_regs, r14, 8, 8);
ABI_MEMBER(struct cpu_user_regs, r13, 16, 8);
ABI_MEMBER(struct cpu_user_regs, r12, 24, 8);
ABI_MEMBER(struct cpu_user_regs, rbp, 32, 8);
ABI_MEMBER(struct cpu_user_regs, rbx, 40, 8);
ABI_MEMBER(struct cpu_user_regs, r11, 48, 8);
ABI_MEMBER(struct cpu_user_regs, r10, 56, 8);
ABI_MEMBER(struct cpu_user_regs, r9, 64, 8);
ABI_MEMBER(struct cpu_user_regs, r8, 72, 8);
ABI_MEMBER(struct cpu_user_regs, rax, 80, 8);
ABI_MEMBER(struct cpu_user_regs, rcx, 88, 8);
ABI_MEMBER(struct cpu_user_regs, rdx, 96, 8);
ABI_MEMBER(struct cpu_user_regs, rsi, 104, 8);
ABI_MEMBER(struct cpu_user_regs, rdi, 112, 8);
ABI_MEMBER(struct cpu_user_regs, error_code, 120, 4);
ABI_MEMBER(struct cpu_user_regs, entry_vector, 124, 4);
ABI_MEMBER(struct cpu_user_regs, rip, 128, 8);
ABI_MEMBER(struct cpu_user_regs, cs, 136, 2);
ABI_MEMBER(struct cpu_user_regs, _pad0, 138, 2);
ABI_MEMBER(struct cpu_user_regs, saved_upcall_mask, 140, 1);
ABI_MEMBER(struct cpu_user_regs, _pad1, 141, 3);
ABI_MEMBER(struct cpu_user_regs, rflags, 144, 8);
ABI_MEMBER(struct cpu_user_regs, rsp, 152, 8);
ABI_MEMBER(struct cpu_user_regs, ss, 160, 2);
ABI_MEMBER(struct cpu_user_regs, _pad2, 162, 6);
ABI_MEMBER(struct cpu_user_regs, es, 168, 2);
ABI_MEMBER(struct cpu_user_regs, _pad3, 170, 6);
ABI_MEMBER(struct cpu_user_regs, ds, 176, 2);
ABI_MEMBER(struct cpu_user_regs, _pad4, 178, 6);
ABI_MEMBER(struct cpu_user_regs, fs, 184, 2);
ABI_MEMBER(struct cpu_user_regs, _pad5, 186, 6);
ABI_MEMBER(struct cpu_user_regs, gs, 192, 2);
ABI_MEMBER(struct cpu_user_regs, _pad6, 194, 6);

ABI_SIZE(struct dom0_vga_console_info, 40, 4);
ABI_MEMBER(struct dom0_vga_console_info, video_type, 0, 1);
ABI_MEMBER(struct dom0_vga_console_info, u, 4, 36);
ABI_MEMBER(struct dom0_vga_console_info, u.text_mode_3, 4, 10);
ABI_MEMBER(struct dom0_vga_console_info, u.text_mode_3.font_height, 4, 2);
ABI_MEMBER(struct dom0_vga_console_info, u.text_mode_3.cursor_x, 6, 2);
ABI_MEMBER(struct dom0_vga_console_info, u.text_mode_3.cursor_y, 8, 2);
ABI_MEMBER(struct dom0_vga_console_info, u.text_mode_3.rows, 10, 2);
ABI_MEMBER(struct dom0_vga_console_info, u.text_mode_3.columns, 12, 2);
ABI_MEMBER(struct dom0_vga_console_info, u.vesa_lfb, 4, 36);
ABI_MEMBER(struct dom0_vga_console_info, u.vesa_lfb.width, 4, 2);
ABI_MEMBER(struct dom0_vga_console_info, u.vesa_lfb.height, 6, 2);
ABI_MEMBER(struct dom0_vga_console_info, u.vesa_lfb.bytes_per_line, 8, 2);
ABI_MEMBER(struct dom0_vga_console_info, u.vesa_lfb.bits_per_pixel, 10, 2);
ABI_MEMBER(struct dom0_vga_console_info, u.vesa_lfb.lfb_base, 12, 4);
ABI_MEMBER(struct dom0_vga_console_info, u.vesa_lfb.lfb_size, 16, 4);
ABI_MEMBER(struct dom0_vga_console_info, u.vesa_lfb.red_pos, 20, 1);
ABI_MEMBER(struct dom0_vga_console_info, u.vesa_lfb.red_size, 21, 1);
ABI_MEMBER(struct dom0_vga_console_info, u.vesa_lfb.green_pos, 22, 1);
ABI_MEMBER(struct dom0_vga_console_info, u.vesa_lfb.green_size, 23, 1);
ABI_MEMBER(struct dom0_vga_console_info, u.vesa_lfb.blue_pos, 24, 1);
ABI_MEMBER(struct dom0_vga_console_info, u.vesa_lfb.blue_size, 25, 1);
ABI_MEMBER(struct dom0_vga_console_info, u.vesa_lfb.rsvd_pos, 26, 1);
ABI_MEMBER(struct dom0_vga_console_info, u.vesa_lfb.rsvd_size, 27, 1);
ABI_MEMBER(struct dom0_vga_console_info, u.vesa_lfb.gbl_caps, 28, 4);
ABI_MEMBER(struct dom0_vga_console_info, u.vesa_lfb.mode_attrs, 32, 2);
ABI_MEMBER(struct dom0_vga_console_info, u.vesa_lfb.pad, 34, 2);
ABI_MEMBER(struct dom0_vga_console_info, u.vesa_lfb.ext_lfb_base, 36, 4);

ABI_SIZE(struct evtchn_alloc_unbound, 8, 4);
ABI_MEMBER(struct evtchn_alloc_unbound, dom, 0, 2);
ABI_MEMBER(struct evtchn_alloc_unbound, remote_dom, 2, 2);
ABI_MEMBER(struct evtchn_alloc_unbound, port, 4, 4);

ABI_SIZE(struct evtchn_bind_interdomain, 12, 4);
ABI_MEMBER(struct evtchn_bind_interdomain, remote_dom, 0, 2);
ABI_MEMBER(struct evtchn_bind_interdomain, remote_port, 4, 4);
ABI_MEMBER(struct evtchn_bind_interdomain, local_port, 8, 4);

ABI_SIZE(struct evtchn_bind_ipi, 8, 4);
ABI_MEMBER(struct evtchn_bind_ipi, vcpu, 0, 4);
ABI_MEMBER(struct evtchn_bind_ipi, port, 4, 4);

ABI_SIZE(struct evtchn_bind_pirq, 12, 4);
ABI_MEMBER(struct evtchn_bind_pirq, pirq, 0, 4);
ABI_MEMBER(struct evtchn_bind_pirq, flags, 4, 4);
ABI_MEMBER(struct evtchn_bind_pirq, port, 8, 4);

ABI_SIZE(struct evtchn_bind_vcpu, 8, 4);
ABI_MEMBER(struct evtchn_bind_vcpu, port, 0, 4);
ABI_MEMBER(struct evtchn_bind_vcpu, vcpu, 4, 4);

ABI_SIZE(struct evtchn_bind_virq, 12, 4);
ABI_MEMBER(struct evtchn_bind_virq, virq, 0, 4);
ABI_MEMBER(struct evtchn_bind_virq, vcpu, 4, 4);
ABI_MEMBER(struct evtchn_bind_virq, port, 8, 4);

ABI_SIZE(struct evtchn_close, 4, 4);
ABI_MEMBER(struct evtchn_close, port, 0, 4);

ABI_SIZE(struct evtchn_expand_array, 8, 8);
ABI_MEMBER(struct evtchn_expand_array, array_gfn, 0, 8);

ABI_SIZE(struct evtchn_fifo_control_block, 72, 4);
ABI_MEMBER(struct evtchn_fifo_control_block, ready, 0, 4);
ABI_MEMBER(struct evtchn_fifo_control_block, _rsvd, 4, 4);
ABI_MEMBER(struct evtchn_fifo_control_block, head, 8, 64);

ABI_SIZE(struct evtchn_init_control, 24, 8);
ABI_MEMBER(struct evtchn_init_control, control_gfn, 0, 8);
ABI_MEMBER(struct evtchn_init_control, offset, 8, 4);
ABI_MEMBER(struct evtchn_init_control, vcpu, 12, 4);
ABI_MEMBER(struct evtchn_init_control, link_bits, 16, 1);
ABI_MEMBER(struct evtchn_init_control, _pad, 17, 7);

ABI_SIZE(struct evtchn_op, 28, 4);
ABI_MEMBER(struct evtchn_op, cmd, 0, 4);
ABI_MEMBER(struct evtchn_op, u, 4, 24);
ABI_MEMBER(struct evtchn_op, u.alloc_unbound, 4, 8);
ABI_MEMBER(struct evtchn_op, u.alloc_unbound.dom, 4, 2);
ABI_MEMBER(struct evtchn_op, u.alloc_unbound.remote_dom, 6, 2);
ABI_MEMBER(struct evtchn_op, u.alloc_unbound.port, 8, 4);
ABI_MEMBER(struct evtchn_op, u.bind_interdomain, 4, 12);
ABI_MEMBER(struct evtchn_op, u.bind_interdomain.remote_dom, 4, 2);
ABI_MEMBER(struct evtchn_op, u.bind_interdomain.remote_port, 8, 4);
ABI_MEMBER(struct evtchn_op, u.bind_interdomain.local_port, 12, 4);
ABI_MEMBER(struct evtchn_op, u.bind_virq, 4, 12);
ABI_MEMBER(struct evtchn_op, u.bind_virq.virq, 4, 4);
ABI_MEMBER(struct evtchn_op, u.bind_virq.vcpu, 8, 4);
ABI_MEMBER(struct evtchn_op, u.bind_virq.port, 12, 4);
ABI_MEMBER(struct evtchn_op, u.bind_pirq, 4, 12);
ABI_MEMBER(struct evtchn_op, u.bind_pirq.pirq, 4, 4);
ABI_MEMBER(struct evtchn_op, u.bind_pirq.flags, 8, 4);
ABI_MEMBER(struct evtchn_op, u.bind_pirq.port, 12, 4);
ABI_MEMBER(struct evtchn_op, u.bind_ipi, 4, 8);
ABI_MEMBER(struct evtchn_op, u.bind_ipi.vcpu, 4, 4);
ABI_MEMBER(struct evtchn_op, u.bind_ipi.port, 8, 4);
ABI_MEMBER(struct evtchn_op, u.close, 4, 4);
ABI_MEMBER(struct evtchn_op, u.close.port, 4, 4);
ABI_MEMBER(struct evtchn_op, u.send, 4, 4);
ABI_MEMBER(struct evtchn_op, u.send.port, 4, 4);
ABI_MEMBER(struct evtchn_op, u.status, 4, 24);
ABI_MEMBER(struct evtchn_op, u.status.dom, 4, 2);
ABI_MEMBER(struct evtchn_op, u.status.port, 8, 4);
ABI_MEMBER(struct evtchn_op, u.status.status, 12, 4);
ABI_MEMBER(struct evtchn_op, u.status.vcpu, 16, 4);
ABI_MEMBER(struct evtchn_op, u.status.u, 20, 8);
ABI_MEMBER(struct evtchn_op, u.status.u.unbound, 20, 2);
ABI_MEMBER(struct evtchn_op, u.status.u.unbound.dom, 20, 2);
ABI_MEMBER(struct evtchn_op, u.status.u.interdomain, 20, 8);
ABI_MEMBER(struct evtchn_op, u.status.u.interdomain.dom, 20, 2);
ABI_MEMBER(struct evtchn_op, u.status.u.interdomain.port, 24, 4);
ABI_MEMBER(struct evtchn_op, u.status.u.pirq, 20, 4);
ABI_MEMBER(struct evtchn_op, u.status.u.virq, 20, 4);
ABI_MEMBER(struct evtchn_op, u.bind_vcpu, 4, 8);
ABI_MEMBER(struct evtchn_op, u.bind_vcpu.port, 4, 4);
ABI_MEMBER(struct evtchn_op, u.bind_vcpu.vcpu, 8, 4);
ABI_MEMBER(struct evtchn_op, u.unmask, 4, 4);
ABI_MEMBER(struct evtchn_op, u.unmask.port, 4, 4);

ABI_SIZE(struct evtchn_reset, 2, 2);
ABI_MEMBER(struct evtchn_reset, dom, 0, 2);

ABI_SIZE(struct evtchn_send, 4, 4);
ABI_MEMBER(struct evtchn_send, port, 0, 4);

ABI_SIZE(struct evtchn_set_priority, 8, 4);
ABI_MEMBER(struct evtchn_set_priority, port, 0, 4);
ABI_MEMBER(struct evtchn_set_priority, priority, 4, 4);

ABI_SIZE(struct evtchn_status, 24, 4);
ABI_MEMBER(struct evtchn_status, dom, 0, 2);
ABI_MEMBER(struct evtchn_status, port, 4, 4);
ABI_MEMBER(struct evtchn_status, status, 8, 4);
ABI_MEMBER(struct evtchn_status, vcpu, 12, 4);
ABI_MEMBER(struct evtchn_status, u, 16, 8);
ABI_MEMBER(struct evtchn_status, u.unbound, 16, 2);
ABI_MEMBER(struct evtchn_status, u.unbound.dom, 16, 2);
ABI_MEMBER(struct evtchn_status, u.interdomain, 16, 8);
ABI_MEMBER(struct evtchn_status, u.interdomain.dom, 16, 2);
ABI_MEMBER(struct evtchn_status, u.interdomain.port, 20, 4);
ABI_MEMBER(struct evtchn_status, u.pirq, 16, 4);
ABI_MEMBER(struct evtchn_status, u.virq, 16, 4);

ABI_SIZE(struct evtchn_unmask, 4, 4);
ABI_MEMBER(struct evtchn_unmask, port, 0, 4);

ABI_SIZE(struct gnttab_cache_flush, 16, 8);
ABI_MEMBER(struct gnttab_cache_flush, a, 0, 8);
ABI_MEMBER(struct gnttab_cache_flush, a.dev_bus_addr, 0, 8);
ABI_MEMBER(struct gnttab_cache_flush, a.ref, 0, 4);
ABI_MEMBER(struct gnttab_cache_flush, offset, 8, 2);
ABI_MEMBER(struct gnttab_cache_flush, length, 10, 2);
ABI_MEMBER(struct gnttab_cache_flush, op, 12, 4);

ABI_SIZE(struct gnttab_copy, 40, 8);
ABI_MEMBER(struct gnttab_copy, source, 0, 16);
ABI_MEMBER(struct gnttab_copy, source.u, 0, 8);
ABI_MEMBER(struct gnttab_copy, source.u.ref, 0, 4);
ABI_MEMBER(struct gnttab_copy, source.u.gmfn, 0, 8);
ABI_MEMBER(struct gnttab_copy, source.domid, 8, 2);
ABI_MEMBER(struct gnttab_copy, source.offset, 10, 2);
ABI_MEMBER(struct gnttab_copy, dest, 16, 16);
ABI_MEMBER(struct gnttab_copy, dest.u, 16, 8);
ABI_MEMBER(struct gnttab_copy, dest.u.ref, 16, 4);
ABI_MEMBER(struct gnttab_copy, dest.u.gmfn, 16, 8);
ABI_MEMBER(struct gnttab_copy, dest.domid, 24, 2);
ABI_MEMBER(struct gnttab_copy, dest.offset, 26, 2);
ABI_MEMBER(struct gnttab_copy, len, 32, 2);
ABI_MEMBER(struct gnttab_copy, flags, 34, 2);
ABI_MEMBER(struct gnttab_copy, status, 36, 2);

ABI_SIZE(struct gnttab_copy_ptr, 16, 8);
ABI_MEMBER(struct gnttab_copy_ptr, u, 0, 8);
ABI_MEMBER(struct gnttab_copy_ptr, u.ref, 0, 4);
ABI_MEMBER(struct gnttab_copy_ptr, u.gmfn, 0, 8);
ABI_MEMBER(struct gnttab_copy_ptr, domid, 8, 2);
ABI_MEMBER(struct gnttab_copy_ptr, offset, 10, 2);

ABI_SIZE(struct gnttab_dump_table, 4, 2);
ABI_MEMBER(struct gnttab_dump_table, dom, 0, 2);
ABI_MEMBER(struct gnttab_dump_table, status, 2, 2);

ABI_SIZE(struct gnttab_get_status_frames, 16, 8);
ABI_MEMBER(struct gnttab_get_status_frames, nr_frames, 0, 4);
ABI_MEMBER(struct gnttab_get_status_frames, dom, 4, 2);
ABI_MEMBER(struct gnttab_get_status_frames, status, 6, 2);
ABI_MEMBER(struct gnttab_get_status_frames, frame_list, 8, 8);
ABI_MEMBER(struct gnttab_get_status_frames, frame_list.p, 8, 8);

ABI_SIZE(struct gnttab_get_version, 8, 4);
ABI_MEMBER(struct gnttab_get_version, dom, 0, 2);
ABI_MEMBER(struct gnttab_get_version, pad, 2, 2);
ABI_MEMBER(struct gnttab_get_version, version, 4, 4);

ABI_SIZE(struct gnttab_map_grant_ref, 32, 8);
ABI_MEMBER(struct gnttab_map_grant_ref, host_addr, 0, 8);
ABI_MEMBER(struct gnttab_map_grant_ref, flags, 8, 4);
ABI_MEMBER(struct gnttab_map_grant_ref, ref, 12, 4);
ABI_MEMBER(struct gnttab_map_grant_ref, dom, 16, 2);
ABI_MEMBER(struct gnttab_map_grant_ref, status, 18, 2);
ABI_MEMBER(struct gnttab_map_grant_ref, handle, 20, 4);
ABI_MEMBER(struct gnttab_map_grant_ref, dev_bus_addr, 24, 8);

ABI_SIZE(struct gnttab_query_size, 16, 4);
ABI_MEMBER(struct gnttab_query_size, dom, 0, 2);
ABI_MEMBER(struct gnttab_query_size, nr_frames, 4, 4);
ABI_MEMBER(struct gnttab_query_size, max_nr_frames, 8, 4);
ABI_MEMBER(struct gnttab_query_size, status, 12, 2);

ABI_SIZE(struct gnttab_set_version, 4, 4);
ABI_MEMBER(struct gnttab_set_version, version, 0, 4);

ABI_SIZE(struct gnttab_setup_table, 24, 8);
ABI_MEMBER(struct gnttab_setup_table, dom, 0, 2);
ABI_MEMBER(struct gnttab_setup_table, nr_frames, 4, 4);
ABI_MEMBER(struct gnttab_setup_table, status, 8, 2);
ABI_MEMBER(struct gnttab_setup_table, frame_list, 16, 8);
ABI_MEMBER(struct gnttab_setup_table, frame_list.p, 16, 8);

ABI_SIZE(struct gnttab_swap_grant_ref, 12, 4);
ABI_MEMBER(struct gnttab_swap_grant_ref, ref_a, 0, 4);
ABI_MEMBER(struct gnttab_swap_grant_ref, ref_b, 4, 4);
ABI_MEMBER(struct gnttab_swap_grant_ref, status, 8, 2);

ABI_SIZE(struct gnttab_transfer, 24, 8);
ABI_MEMBER(struct gnttab_transfer, mfn, 0, 8);
ABI_MEMBER(struct gnttab_transfer, domid, 8, 2);
ABI_MEMBER(struct gnttab_transfer, ref, 12, 4);
ABI_MEMBER(struct gnttab_transfer, status, 16, 2);

ABI_SIZE(struct gnttab_unmap_and_replace, 24, 8);
ABI_MEMBER(struct gnttab_unmap_and_replace, host_addr, 0, 8);
ABI_MEMBER(struct gnttab_unmap_and_replace, new_addr, 8, 8);
ABI_MEMBER(struct gnttab_unmap_and_replace, handle, 16, 4);
ABI_MEMBER(struct gnttab_unmap_and_replace, status, 20, 2);

ABI_SIZE(struct gnttab_unmap_grant_ref, 24, 8);
ABI_MEMBER(struct gnttab_unmap_grant_ref, host_addr, 0, 8);
ABI_MEMBER(struct gnttab_unmap_grant_ref, dev_bus_addr, 8, 8);
ABI_MEMBER(struct gnttab_unmap_grant_ref, handle, 16, 4);
ABI_MEMBER(struct gnttab_unmap_grant_ref, status, 20, 2);

ABI_SIZE(struct grant_entry_header, 4, 2);
ABI_MEMBER(struct grant_entry_header, flags, 0, 2);
ABI_MEMBER(struct grant_entry_header, domid, 2, 2);

ABI_SIZE(struct grant_entry_v1, 8, 4);
ABI_MEMBER(struct grant_entry_v1, flags, 0, 2);
ABI_MEMBER(struct grant_entry_v1, domid, 2, 2);
ABI_MEMBER(struct grant_entry_v1, frame, 4, 4);

ABI_SIZE(union grant_entry_v2, 16, 8);
ABI_MEMBER(union grant_entry_v2, hdr, 0, 4);
ABI_MEMBER(union grant_entry_v2, hdr.flags, 0, 2);
ABI_MEMBER(union grant_entry_v2, hdr.domid, 2, 2);
ABI_MEMBER(union grant_entry_v2, full_page, 0, 16);
ABI_MEMBER(union grant_entry_v2, full_page.hdr, 0, 4);
ABI_MEMBER(union grant_entry_v2, full_page.hdr.flags, 0, 2);
ABI_MEMBER(union grant_entry_v2, full_page.hdr.domid, 2, 2);
ABI_MEMBER(union grant_entry_v2, full_page.pad0, 4, 4);
ABI_MEMBER(union grant_entry_v2, full_page.frame, 8, 8);
ABI_MEMBER(union grant_entry_v2, sub_page, 0, 16);
ABI_MEMBER(union grant_entry_v2, sub_page.hdr, 0, 4);
ABI_MEMBER(union grant_entry_v2, sub_page.hdr.flags, 0, 2);
ABI_MEMBER(union grant_entry_v2, sub_page.hdr.domid, 2, 2);
ABI_MEMBER(union grant_entry_v2, sub_page.page_off, 4, 2);
ABI_MEMBER(union grant_entry_v2, sub_page.length, 6, 2);
ABI_MEMBER(union grant_entry_v2, sub_page.frame, 8, 8);
ABI_MEMBER(union grant_entry_v2, transitive, 0, 12);
ABI_MEMBER(union grant_entry_v2, transitive.hdr, 0, 4);
ABI_MEMBER(union grant_entry_v2, transitive.hdr.flags, 0, 2);
ABI_MEMBER(union grant_entry_v2, transitive.hdr.domid, 2, 2);
ABI_MEMBER(union grant_entry_v2, transitive.trans_domid, 4, 2);
ABI_MEMBER(union grant_entry_v2, transitive.pad0, 6, 2);
ABI_MEMBER(union grant_entry_v2, transitive.gref, 8, 4);
ABI_MEMBER(union grant_entry_v2, _spacer, 0, 16);

ABI_SIZE(struct iret_context, 72, 8);
ABI_MEMBER(struct iret_context, rax, 0, 8);
ABI_MEMBER(struct iret_context, r11, 8, 8);
ABI_MEMBER(struct iret_context, rcx, 16, 8);
ABI_MEMBER(struct iret_context, flags, 24, 8);
ABI_MEMBER(struct iret_context, rip, 32, 8);
ABI_MEMBER(struct iret_context, cs, 40, 8);
ABI_MEMBER(struct iret_context, rflags, 48, 8);
ABI_MEMBER(struct iret_context, rsp, 56, 8);
ABI_MEMBER(struct iret_context, ss, 64, 8);

ABI_SIZE(struct mmu_update, 16, 8);
ABI_MEMBER(struct mmu_update, ptr, 0, 8);
ABI_MEMBER(struct mmu_update, val, 8, 8);

ABI_SIZE(struct mmuext_op, 24, 8);
ABI_MEMBER(struct mmuext_op, cmd, 0, 4);
ABI_MEMBER(struct mmuext_op, arg1, 8, 8);
ABI_MEMBER(struct mmuext_op, arg1.mfn, 8, 8);
ABI_MEMBER(struct mmuext_op, arg1.linear_addr, 8, 8);
ABI_MEMBER(struct mmuext_op, arg2, 16, 8);
ABI_MEMBER(struct mmuext_op, arg2.nr_ents, 16, 4);
ABI_MEMBER(struct mmuext_op, arg2.vcpumask, 16, 8);
ABI_MEMBER(struct mmuext_op, arg2.vcpumask.p, 16, 8);
ABI_MEMBER(struct mmuext_op, arg2.src_mfn, 16, 8);

ABI_SIZE(struct multicall_entry, 64, 8);
ABI_MEMBER(struct multicall_entry, op, 0, 8);
ABI_MEMBER(struct multicall_entry, result, 8, 8);
ABI_MEMBER(struct multicall_entry, args, 16, 48);

ABI_SIZE(struct pci_device_reset, 8, 4);
ABI_MEMBER(struct pci_device_reset, dev, 0, 4);
ABI_MEMBER(struct pci_device_reset, dev.seg, 0, 2);
ABI_MEMBER(struct pci_device_reset, dev.bus, 2, 1);
ABI_MEMBER(struct pci_device_reset, dev.devfn, 3, 1);
ABI_MEMBER(struct pci_device_reset, flags, 4, 4);

ABI_SIZE(struct physdev_apic, 16, 8);
ABI_MEMBER(struct physdev_apic, apic_physbase, 0, 8);
ABI_MEMBER(struct physdev_apic, reg, 8, 4);
ABI_MEMBER(struct physdev_apic, value, 12, 4);

ABI_SIZE(struct physdev_dbgp_op, 6, 2);
ABI_MEMBER(struct physdev_dbgp_op, op, 0, 1);
ABI_MEMBER(struct physdev_dbgp_op, bus, 1, 1);
ABI_MEMBER(struct physdev_dbgp_op, u, 2, 4);
ABI_MEMBER(struct physdev_dbgp_op, u.pci, 2, 4);
ABI_MEMBER(struct physdev_dbgp_op, u.pci.seg, 2, 2);
ABI_MEMBER(struct physdev_dbgp_op, u.pci.bus, 4, 1);
ABI_MEMBER(struct physdev_dbgp_op, u.pci.devfn, 5, 1);

ABI_SIZE(struct physdev_eoi, 4, 4);
ABI_MEMBER(struct physdev_eoi, irq, 0, 4);

ABI_SIZE(struct physdev_get_free_pirq, 8, 4);
ABI_MEMBER(struct physdev_get_free_pirq, type, 0, 4);
ABI_MEMBER(struct physdev_get_free_pirq, pirq, 4, 4);

ABI_SIZE(struct physdev_irq, 8, 4);
ABI_MEMBER(struct physdev_irq, irq, 0, 4);
ABI_MEMBER(struct physdev_irq, vector, 4, 4);

ABI_SIZE(struct physdev_irq_status_query, 8, 4);
ABI_MEMBER(struct physdev_irq_status_query, irq, 0, 4);
ABI_MEMBER(struct physdev_irq_status_query, flags, 4, 4);

ABI_SIZE(struct physdev_manage_pci, 2, 1);
ABI_MEMBER(struct physdev_manage_pci, bus, 0, 1);
ABI_MEMBER(struct physdev_manage_pci, devfn, 1, 1);

ABI_SIZE(struct physdev_manage_pci_ext, 16, 4);
ABI_MEMBER(struct physdev_manage_pci_ext, bus, 0, 1);
ABI_MEMBER(struct physdev_manage_pci_ext, devfn, 1, 1);
ABI_MEMBER(struct physdev_manage_pci_ext, is_extfn, 4, 4);
ABI_MEMBER(struct physdev_manage_pci_ext, is_virtfn, 8, 4);
ABI_MEMBER(struct physdev_manage_pci_ext, physfn, 12, 2);
ABI_MEMBER(struct physdev_manage_pci_ext, physfn.bus, 12, 1);
ABI_MEMBER(struct physdev_manage_pci_ext, physfn.devfn, 13, 1);

ABI_SIZE(struct physdev_map_pirq, 40, 8);
ABI_MEMBER(struct physdev_map_pirq, domid, 0, 2);
ABI_MEMBER(struct physdev_map_pirq, type, 4, 4);
ABI_MEMBER(struct physdev_map_pirq, index, 8, 4);
ABI_MEMBER(struct physdev_map_pirq, pirq, 12, 4);
ABI_MEMBER(struct physdev_map_pirq, bus, 16, 4);
ABI_MEMBER(struct physdev_map_pirq, devfn, 20, 4);
ABI_MEMBER(struct physdev_map_pirq, entry_nr, 24, 4);
ABI_MEMBER(struct physdev_map_pirq, table_base, 32, 8);

ABI_SIZE(struct physdev_op, 24, 8);
ABI_MEMBER(struct physdev_op, cmd, 0, 4);
ABI_MEMBER(struct physdev_op, u, 8, 16);
ABI_MEMBER(struct physdev_op, u.irq_status_query, 8, 8);
ABI_MEMBER(struct physdev_op, u.irq_status_query.irq, 8, 4);
ABI_MEMBER(struct physdev_op, u.irq_status_query.flags, 12, 4);
ABI_MEMBER(struct physdev_op, u.set_iopl, 8, 4);
ABI_MEMBER(struct physdev_op, u.set_iopl.iopl, 8, 4);
ABI_MEMBER(struct physdev_op, u.set_iobitmap, 8, 16);
ABI_MEMBER(struct physdev_op, u.set_iobitmap.bitmap, 8, 8);
ABI_MEMBER(struct physdev_op, u.set_iobitmap.bitmap.p, 8, 8);
ABI_MEMBER(struct physdev_op, u.set_iobitmap.nr_ports, 16, 4);
ABI_MEMBER(struct physdev_op, u.apic_op, 8, 16);
ABI_MEMBER(struct physdev_op, u.apic_op.apic_physbase, 8, 8);
ABI_MEMBER(struct physdev_op, u.apic_op.reg, 16, 4);
ABI_MEMBER(struct physdev_op, u.apic_op.value, 20, 4);
ABI_MEMBER(struct physdev_op, u.irq_op, 8, 8);
ABI_MEMBER(struct physdev_op, u.irq_op.irq, 8, 4);
ABI_MEMBER(struct physdev_op, u.irq_op.vector, 12, 4);

ABI_SIZE(struct physdev_pci_device, 4, 2);
ABI_MEMBER(struct physdev_pci_device, seg, 0, 2);
ABI_MEMBER(struct physdev_pci_device, bus, 2, 1);
ABI_MEMBER(struct physdev_pci_device, devfn, 3, 1);

ABI_SIZE(struct physdev_pci_device_add, 12, 4);
ABI_MEMBER(struct physdev_pci_device_add, seg, 0, 2);
ABI_MEMBER(struct physdev_pci_device_add, bus, 2, 1);
ABI_MEMBER(struct physdev_pci_device_add, devfn, 3, 1);
ABI_MEMBER(struct physdev_pci_device_add, flags, 4, 4);
ABI_MEMBER(struct physdev_pci_device_add, physfn, 8, 2);
ABI_MEMBER(struct physdev_pci_device_add, physfn.bus, 8, 1);
ABI_MEMBER(struct physdev_pci_device_add, physfn.devfn, 9, 1);

ABI_SIZE(struct physdev_pci_mmcfg_reserved, 16, 8);
ABI_MEMBER(struct physdev_pci_mmcfg_reserved, address, 0, 8);
ABI_MEMBER(struct physdev_pci_mmcfg_reserved, segment, 8, 2);
ABI_MEMBER(struct physdev_pci_mmcfg_reserved, start_bus, 10, 1);
ABI_MEMBER(struct physdev_pci_mmcfg_reserved, end_bus, 11, 1);
ABI_MEMBER(struct physdev_pci_mmcfg_reserved, flags, 12, 4);

ABI_SIZE(struct physdev_pirq_eoi_gmfn, 8, 8);
ABI_MEMBER(struct physdev_pirq_eoi_gmfn, gmfn, 0, 8);

ABI_SIZE(struct physdev_restore_msi, 2, 1);
ABI_MEMBER(struct physdev_restore_msi, bus, 0, 1);
ABI_MEMBER(struct physdev_restore_msi, devfn, 1, 1);

ABI_SIZE(struct physdev_set_iobitmap, 16, 8);
ABI_MEMBER(struct physdev_set_iobitmap, bitmap, 0, 8);
ABI_MEMBER(struct physdev_set_iobitmap, bitmap.p, 0, 8);
ABI_MEMBER(struct physdev_set_iobitmap, nr_ports, 8, 4);

ABI_SIZE(struct physdev_set_iopl, 4, 4);
ABI_MEMBER(struct physdev_set_iopl, iopl, 0, 4);

ABI_SIZE(struct physdev_setup_gsi, 8, 4);
ABI_MEMBER(struct physdev_setup_gsi, gsi, 0, 4);
ABI_MEMBER(struct physdev_setup_gsi, triggering, 4, 1);
ABI_MEMBER(struct physdev_setup_gsi, polarity, 5, 1);

ABI_SIZE(struct physdev_unmap_pirq, 8, 4);
ABI_MEMBER(struct physdev_unmap_pirq, domid, 0, 2);
ABI_MEMBER(struct physdev_unmap_pirq, pirq, 4, 4);

ABI_SIZE(struct sched_pin_override, 4, 4);
ABI_MEMBER(struct sched_pin_override, pcpu, 0, 4);

ABI_SIZE(struct sched_poll, 24, 8);
ABI_MEMBER(struct sched_poll, ports, 0, 8);
ABI_MEMBER(struct sched_poll, ports.p, 0, 8);
ABI_MEMBER(struct sched_poll, nr_ports, 8, 4);
ABI_MEMBER(struct sched_poll, timeout, 16, 8);

ABI_SIZE(struct sched_remote_shutdown, 8, 4);
ABI_MEMBER(struct sched_remote_shutdown, domain_id, 0, 2);
ABI_MEMBER(struct sched_remote_shutdown, reason, 4, 4);

ABI_SIZE(struct sched_shutdown, 4, 4);
ABI_MEMBER(struct sched_shutdown, reason, 0, 4);

ABI_SIZE(struct sched_watchdog, 8, 4);
ABI_MEMBER(struct sched_watchdog, id, 0, 4);
ABI_MEMBER(struct sched_watchdog, timeout, 4, 4);

ABI_SIZE(struct shared_info, 3136, 8);
ABI_MEMBER(struct shared_info, vcpu_info, 0, 2048);
ABI_MEMBER(struct shared_info, evtchn_pending, 2048, 512);
ABI_MEMBER(struct shared_info, evtchn_mask, 2560, 512);
ABI_MEMBER(struct shared_info, wc_version, 3072, 4);
ABI_MEMBER(struct shared_info, wc_sec, 3076, 4);
ABI_MEMBER(struct shared_info, wc_nsec, 3080, 4);
ABI_MEMBER(struct shared_info, wc_sec_hi, 3084, 4);
ABI_MEMBER(struct shared_info, arch, 3088, 48);
ABI_MEMBER(struct shared_info, arch.max_pfn, 3088, 8);
ABI_MEMBER(struct shared_info, arch.pfn_to_mfn_frame_list_list, 3096, 8);
ABI_MEMBER(struct shared_info, arch.nmi_reason, 3104, 8);
ABI_MEMBER(struct shared_info, arch.p2m_cr3, 3112, 8);
ABI_MEMBER(struct shared_info, arch.p2m_vaddr, 3120, 8);
ABI_MEMBER(struct shared_info, arch.p2m_generation, 3128, 8);

ABI_SIZE(struct start_info, 1168, 8);
ABI_MEMBER(struct start_info, magic, 0, 32);
ABI_MEMBER(struct start_info, nr_pages, 32, 8);
ABI_MEMBER(struct start_info, shared_info, 40, 8);
ABI_MEMBER(struct start_info, flags, 48, 4);
ABI_MEMBER(struct start_info, store_mfn, 56, 8);
ABI_MEMBER(struct start_info, store_evtchn, 64, 4);
ABI_MEMBER(struct start_info, console, 72, 16);
ABI_MEMBER(struct start_info, console.domU, 72, 16);
ABI_MEMBER(struct start_info, console.domU.mfn, 72, 8);
ABI_MEMBER(struct start_info, console.domU.evtchn, 80, 4);
ABI_MEMBER(struct start_info, console.dom0, 72, 8);
ABI_MEMBER(struct start_info, console.dom0.info_off, 72, 4);
ABI_MEMBER(struct start_info, console.dom0.info_size, 76, 4);
ABI_MEMBER(struct start_info, pt_base, 88, 8);
ABI_MEMBER(struct start_info, nr_pt_frames, 96, 8);
ABI_MEMBER(struct start_info, mfn_list, 104, 8);
ABI_MEMBER(struct start_info, mod_start, 112, 8);
ABI_MEMBER(struct start_info, mod_len, 120, 8);
ABI_MEMBER(struct start_info, cmd_line, 128, 1024);
ABI_MEMBER(struct start_info, first_p2m_pfn, 1152, 8);
ABI_MEMBER(struct start_info, nr_p2m_frames, 1160, 8);

ABI_SIZE(struct trap_info, 16, 8);
ABI_MEMBER(struct trap_info, vector, 0, 1);
ABI_MEMBER(struct trap_info, flags, 1, 1);
ABI_MEMBER(struct trap_info, cs, 2, 2);
ABI_MEMBER(struct trap_info, address, 8, 8);

ABI_SIZE(struct vcpu_get_physid, 8, 8);
ABI_MEMBER(struct vcpu_get_physid, phys_id, 0, 8);

ABI_SIZE(struct vcpu_guest_context, 5168, 8);
ABI_MEMBER(struct vcpu_guest_context, fpu_ctxt, 0, 512);
ABI_MEMBER(struct vcpu_guest_context, fpu_ctxt.x, 0, 512);
ABI_MEMBER(struct vcpu_guest_context, flags, 512, 8);
ABI_MEMBER(struct vcpu_guest_context, user_regs, 520, 200);
ABI_MEMBER(struct vcpu_guest_context, user_regs.r15, 520, 8);
ABI_MEMBER(struct vcpu_guest_context, user_regs.r14, 528, 8);
ABI_MEMBER(struct vcpu_guest_context, user_regs.r13, 536, 8);
ABI_MEMBER(struct vcpu_guest_context, user_regs.r12, 544, 8);
ABI_MEMBER(struct vcpu_guest_context, user_regs.rbp, 552, 8);
ABI_MEMBER(struct vcpu_guest_context, user_regs.rbx, 560, 8);
ABI_MEMBER(struct vcpu_guest_context, user_regs.r11, 568, 8);
ABI_MEMBER(struct vcpu_guest_context, user_regs.r10, 576, 8);
ABI_MEMBER(struct vcpu_guest_context, user_regs.r9, 584, 8);
ABI_MEMBER(struct vcpu_guest_context, user_regs.r8, 592, 8);
ABI_MEMBER(struct vcpu_guest_context, user_regs.rax, 600, 8);
ABI_MEMBER(struct vcpu_guest_context, user_regs.rcx, 608, 8);
ABI_MEMBER(struct vcpu_guest_context, user_regs.rdx, 616, 8);
ABI_MEMBER(struct vcpu_guest_context, user_regs.rsi, 624, 8);
ABI_MEMBER(struct vcpu_guest_context, user_regs.rdi, 632, 8);
ABI_MEMBER(struct vcpu_guest_context, user_regs.error_code, 640, 4);
ABI_MEMBER(struct vcpu_guest_context, user_regs.entry_vector, 644, 4);
ABI_MEMBER(struct vcpu_guest_context, user_regs.rip, 648, 8);
ABI_MEMBER(struct vcpu_guest_context, user_regs.cs, 656, 2);
ABI_MEMBER(struct vcpu_guest_context, user_regs._pad0, 658, 2);
ABI_MEMBER(struct vcpu_guest_context, user_regs.saved_upcall_mask, 660, 1);
ABI_MEMBER(struct vcpu_guest_context, user_regs._pad1, 661, 3);
ABI_MEMBER(struct vcpu_guest_context, user_regs.rflags, 664, 8);
ABI_MEMBER(struct vcpu_guest_context, user_regs.rsp, 672, 8);
ABI_MEMBER(struct vcpu_guest_context, user_regs.ss, 680, 2);
ABI_MEMBER(struct vcpu_guest_context, user_regs._pad2, 682, 6);
ABI_MEMBER(struct vcpu_guest_context, user_regs.es, 688, 2);
ABI_MEMBER(struct vcpu_guest_context, user_regs._pad3, 690, 6);
ABI_MEMBER(struct vcpu_guest_context, user_regs.ds, 696, 2);
ABI_MEMBER(struct vcpu_guest_context, user_regs._pad4, 698, 6);
ABI_MEMBER(struct vcpu_guest_context, user_regs.fs, 704, 2);
ABI_MEMBER(struct vcpu_guest_context, user_regs._pad5, 706, 6);
ABI_MEMBER(struct vcpu_guest_context, user_regs.gs, 712, 2);
ABI_MEMBER(struct vcpu_guest_context, user_regs._pad6, 714, 6);
ABI_MEMBER(struct vcpu_guest_context, trap_ctxt, 720, 4096);
ABI_MEMBER(struct vcpu_guest_context, ldt_base, 4816, 8);
ABI_MEMBER(struct vcpu_guest_context, ldt_ents, 4824, 8);
ABI_MEMBER(struct vcpu_guest_context, gdt_frames, 4832, 128);
ABI_MEMBER(struct vcpu_guest_context, gdt_ents, 4960, 8);
ABI_MEMBER(struct vcpu_guest_context, kernel_ss, 4968, 8);
ABI_MEMBER(struct vcpu_guest_context, kernel_sp, 4976, 8);
ABI_MEMBER(struct vcpu_guest_context, ctrlreg, 4984, 64);
ABI_MEMBER(struct vcpu_guest_context, debugreg, 5048, 64);
ABI_MEMBER(struct vcpu_guest_context, event_callback_eip, 5112, 8);
ABI_MEMBER(struct vcpu_guest_context, failsafe_callback_eip, 5120, 8);
ABI_MEMBER(struct vcpu_guest_context, syscall_callback_eip, 5128, 8);
ABI_MEMBER(struct vcpu_guest_context, vm_assist, 5136, 8);
ABI_MEMBER(struct vcpu_guest_context, fs_base, 5144, 8);
ABI_MEMBER(struct vcpu_guest_context, gs_base_kernel, 5152, 8);
ABI_MEMBER(struct vcpu_guest_context, gs_base_user, 5160, 8);

ABI_SIZE(struct vcpu_info, 64, 8);
ABI_MEMBER(struct vcpu_info, evtchn_upcall_pending, 0, 1);
ABI_MEMBER(struct vcpu_info, evtchn_upcall_mask, 1, 1);
ABI_MEMBER(struct vcpu_info, evtchn_pending_sel, 8, 8);
ABI_MEMBER(struct vcpu_info, arch, 16, 16);
ABI_MEMBER(struct vcpu_info, arch.cr2, 16, 8);
ABI_MEMBER(struct vcpu_info, arch.pad, 24, 8);
ABI_MEMBER(struct vcpu_info, time, 32, 32);
ABI_MEMBER(struct vcpu_info, time.version, 32, 4);
ABI_MEMBER(struct vcpu_info, time.pad0, 36, 4);
ABI_MEMBER(struct vcpu_info, time.tsc_timestamp, 40, 8);
ABI_MEMBER(struct vcpu_info, time.system_time, 48, 8);
ABI_MEMBER(struct vcpu_info, time.tsc_to_system_mul, 56, 4);
ABI_MEMBER(struct vcpu_info, time.tsc_shift, 60, 1);
ABI_MEMBER(struct vcpu_info, time.flags, 61, 1);
ABI_MEMBER(struct vcpu_info, time.pad1, 62, 2);

ABI_SIZE(struct vcpu_register_runstate_memory_area, 8, 8);
ABI_MEMBER(struct vcpu_register_runstate_memory_area, addr, 0, 8);
ABI_MEMBER(struct vcpu_register_runstate_memory_area, addr.h, 0, 8);
ABI_MEMBER(struct vcpu_register_runstate_memory_area, addr.h.p, 0, 8);
ABI_MEMBER(struct vcpu_register_runstate_memory_area, addr.v, 0, 8);
ABI_MEMBER(struct vcpu_register_runstate_memory_area, addr.p, 0, 8);

ABI_SIZE(struct vcpu_register_time_memory_area, 8, 8);
ABI_MEMBER(struct vcpu_register_time_memory_area, addr, 0, 8);
ABI_MEMBER(struct vcpu_register_time_memory_area, addr.h, 0, 8);
ABI_MEMBER(struct vcpu_register_time_memory_area, addr.h.p, 0, 8);
ABI_MEMBER(struct vcpu_register_time_memory_area, addr.v, 0, 8);
ABI_MEMBER(struct vcpu_register_time_memory_area, addr.p, 0, 8);

ABI_SIZE(struct vcpu_register_vcpu_info, 16, 8);
ABI_MEMBER(struct vcpu_register_vcpu_info, mfn, 0, 8);
ABI_MEMBER(struct vcpu_register_vcpu_info, offset, 8, 4);
ABI_MEMBER(struct vcpu_register_vcpu_info, rsvd, 12, 4);

ABI_SIZE(struct vcpu_runstate_info, 48, 8);
ABI_MEMBER(struct vcpu_runstate_info, state, 0, 4);
ABI_MEMBER(struct vcpu_runstate_info, state_entry_time, 8, 8);
ABI_MEMBER(struct vcpu_runstate_info, time, 16, 32);

ABI_SIZE(struct vcpu_set_periodic_timer, 8, 8);
ABI_MEMBER(struct vcpu_set_periodic_timer, period_ns, 0, 8);

ABI_SIZE(struct vcpu_set_singleshot_timer, 16, 8);
ABI_MEMBER(struct vcpu_set_singleshot_timer, timeout_abs_ns, 0, 8);
ABI_MEMBER(struct vcpu_set_singleshot_timer, flags, 8, 4);

ABI_SIZE(struct vcpu_time_info, 32, 8);
ABI_MEMBER(struct vcpu_time_info, version, 0, 4);
ABI_MEMBER(struct vcpu_time_info, pad0, 4, 4);
ABI_MEMBER(struct vcpu_time_info, tsc_timestamp, 8, 8);
ABI_MEMBER(struct vcpu_time_info, system_time, 16, 8);
ABI_MEMBER(struct vcpu_time_info, tsc_to_system_mul, 24, 4);
ABI_MEMBER(struct vcpu_time_info, tsc_shift, 28, 1);
ABI_MEMBER(struct vcpu_time_info, flags, 29, 1);
ABI_MEMBER(struct vcpu_time_info, pad1, 30, 2);

ABI_SIZE(struct xen_add_to_physmap, 24, 8);
ABI_MEMBER(struct xen_add_to_physmap, domid, 0, 2);
ABI_MEMBER(struct xen_add_to_physmap, size, 2, 2);
ABI_MEMBER(struct xen_add_to_physmap, space, 4, 4);
ABI_MEMBER(struct xen_add_to_physmap, idx, 8, 8);
ABI_MEMBER(struct xen_add_to_physmap, gpfn, 16, 8);

ABI_SIZE(struct xen_add_to_physmap_batch, 32, 8);
ABI_MEMBER(struct xen_add_to_physmap_batch, domid, 0, 2);
ABI_MEMBER(struct xen_add_to_physmap_batch, space, 2, 2);
ABI_MEMBER(struct xen_add_to_physmap_batch, size, 4, 2);
ABI_MEMBER(struct xen_add_to_physmap_batch, u, 6, 2);
ABI_MEMBER(struct xen_add_to_physmap_batch, u.foreign_domid, 6, 2);
ABI_MEMBER(struct xen_add_to_physmap_batch, u.res0, 6, 2);
ABI_MEMBER(struct xen_add_to_physmap_batch, idxs, 8, 8);
ABI_MEMBER(struct xen_add_to_physmap_batch, idxs.p, 8, 8);
ABI_MEMBER(struct xen_add_to_physmap_batch, gpfns, 16, 8);
ABI_MEMBER(struct xen_add_to_physmap_batch, gpfns.p, 16, 8);
ABI_MEMBER(struct xen_add_to_physmap_batch, errs, 24, 8);
ABI_MEMBER(struct xen_add_to_physmap_batch, errs.p, 24, 8);

ABI_SIZE(struct xen_build_id, 4, 4);
ABI_MEMBER(struct xen_build_id, len, 0, 4);

ABI_SIZE(struct xen_compile_info, 144, 1);
ABI_MEMBER(struct xen_compile_info, compiler, 0, 64);
ABI_MEMBER(struct xen_compile_info, compile_by, 64, 16);
ABI_MEMBER(struct xen_compile_info, compile_domain, 80, 32);
ABI_MEMBER(struct xen_compile_info, compile_date, 112, 32);

ABI_SIZE(struct xen_feature_info, 8, 4);
ABI_MEMBER(struct xen_feature_info, submap_idx, 0, 4);
ABI_MEMBER(struct xen_feature_info, submap, 4, 4);

ABI_SIZE(struct xen_foreign_memory_map, 24, 8);
ABI_MEMBER(struct xen_foreign_memory_map, domid, 0, 2);
ABI_MEMBER(struct xen_foreign_memory_map, map, 8, 16);
ABI_MEMBER(struct xen_foreign_memory_map, map.nr_entries, 8, 4);
ABI_MEMBER(struct xen_foreign_memory_map, map.buffer, 16, 8);
ABI_MEMBER(struct xen_foreign_memory_map, map.buffer.p, 16, 8);

ABI_SIZE(struct xen_machphys_mapping, 24, 8);
ABI_MEMBER(struct xen_machphys_mapping, v_start, 0, 8);
ABI_MEMBER(struct xen_machphys_mapping, v_end, 8, 8);
ABI_MEMBER(struct xen_machphys_mapping, max_mfn, 16, 8);

ABI_SIZE(struct xen_machphys_mfn_list, 24, 8);
ABI_MEMBER(struct xen_machphys_mfn_list, max_extents, 0, 4);
ABI_MEMBER(struct xen_machphys_mfn_list, extent_start, 8, 8);
ABI_MEMBER(struct xen_machphys_mfn_list, extent_start.p, 8, 8);
ABI_MEMBER(struct xen_machphys_mfn_list, nr_extents, 16, 4);

ABI_SIZE(struct xen_mem_acquire_resource, 32, 8);
ABI_MEMBER(struct xen_mem_acquire_resource, domid, 0, 2);
ABI_MEMBER(struct xen_mem_acquire_resource, type, 2, 2);
ABI_MEMBER(struct xen_mem_acquire_resource, id, 4, 4);
ABI_MEMBER(struct xen_mem_acquire_resource, nr_frames, 8, 4);
ABI_MEMBER(struct xen_mem_acquire_resource, pad, 12, 4);
ABI_MEMBER(struct xen_mem_acquire_resource, frame, 16, 8);
ABI_MEMBER(struct xen_mem_acquire_resource, frame_list, 24, 8);
ABI_MEMBER(struct xen_mem_acquire_resource, frame_list.p, 24, 8);

ABI_SIZE(struct xen_memory_domain, 2, 2);
ABI_MEMBER(struct xen_memory_domain, domid, 0, 2);

ABI_SIZE(struct xen_memory_exchange, 72, 8);
ABI_MEMBER(struct xen_memory_exchange, in, 0, 32);
ABI_MEMBER(struct xen_memory_exchange, in.extent_start, 0, 8);
ABI_MEMBER(struct xen_memory_exchange, in.extent_start.p, 0, 8);
ABI_MEMBER(struct xen_memory_exchange, in.nr_extents, 8, 8);
ABI_MEMBER(struct xen_memory_exchange, in.extent_order, 16, 4);
ABI_MEMBER(struct xen_memory_exchange, in.mem_flags, 20, 4);
ABI_MEMBER(struct xen_memory_exchange, in.domid, 24, 2);
ABI_MEMBER(struct xen_memory_exchange, out, 32, 32);
ABI_MEMBER(struct xen_memory_exchange, out.extent_start, 32, 8);
ABI_MEMBER(struct xen_memory_exchange, out.extent_start.p, 32, 8);
ABI_MEMBER(struct xen_memory_exchange, out.nr_extents, 40, 8);
ABI_MEMBER(struct xen_memory_exchange, out.extent_order, 48, 4);
ABI_MEMBER(struct xen_memory_exchange, out.mem_flags, 52, 4);
ABI_MEMBER(struct xen_memory_exchange, out.domid, 56, 2);
ABI_MEMBER(struct xen_memory_exchange, nr_exchanged, 64, 8);

ABI_SIZE(struct xen_memory_map, 16, 8);
ABI_MEMBER(struct xen_memory_map, nr_entries, 0, 4);
ABI_MEMBER(struct xen_memory_map, buffer, 8, 8);
ABI_MEMBER(struct xen_memory_map, buffer.p, 8, 8);
ABI_SIZE(struct xen_foreign_memory_map, 24, 8);
ABI_MEMBER(struct xen_foreign_memory_map, domid, 0, 2);
ABI_MEMBER(struct xen_foreign_memory_map, map, 8, 16);

ABI_SIZE(struct xen_memory_reservation, 32, 8);
ABI_MEMBER(struct xen_memory_reservation, extent_start, 0, 8);
ABI_MEMBER(struct xen_memory_reservation, extent_start.p, 0, 8);
ABI_MEMBER(struct xen_memory_reservation, nr_extents, 8, 8);
ABI_MEMBER(struct xen_memory_reservation, extent_order, 16, 4);
ABI_MEMBER(struct xen_memory_reservation, mem_flags, 20, 4);
ABI_MEMBER(struct xen_memory_reservation, domid, 24, 2);

ABI_SIZE(struct xen_multiboot_mod_list, 16, 4);
ABI_MEMBER(struct xen_multiboot_mod_list, mod_start, 0, 4);
ABI_MEMBER(struct xen_multiboot_mod_list, mod_end, 4, 4);
ABI_MEMBER(struct xen_multiboot_mod_list, cmdline, 8, 4);
ABI_MEMBER(struct xen_multiboot_mod_list, pad, 12, 4);

ABI_SIZE(struct xen_pct_register, 16, 8);
ABI_MEMBER(struct xen_pct_register, descriptor, 0, 1);
ABI_MEMBER(struct xen_pct_register, length, 2, 2);
ABI_MEMBER(struct xen_pct_register, space_id, 4, 1);
ABI_MEMBER(struct xen_pct_register, bit_width, 5, 1);
ABI_MEMBER(struct xen_pct_register, bit_offset, 6, 1);
ABI_MEMBER(struct xen_pct_register, reserved, 7, 1);
ABI_MEMBER(struct xen_pct_register, address, 8, 8);

ABI_SIZE(struct xen_platform_op, 136, 8);
ABI_MEMBER(struct xen_platform_op, cmd, 0, 4);
ABI_MEMBER(struct xen_platform_op, interface_version, 4, 4);
ABI_MEMBER(struct xen_platform_op, u, 8, 128);
ABI_MEMBER(struct xen_platform_op, u.settime, 8, 24);
ABI_MEMBER(struct xen_platform_op, u.settime.secs, 8, 8);
ABI_MEMBER(struct xen_platform_op, u.settime.nsecs, 16, 4);
ABI_MEMBER(struct xen_platform_op, u.settime.mbz, 20, 4);
ABI_MEMBER(struct xen_platform_op, u.settime.system_time, 24, 8);
ABI_MEMBER(struct xen_platform_op, u.settime32, 8, 16);
ABI_MEMBER(struct xen_platform_op, u.settime32.secs, 8, 4);
ABI_MEMBER(struct xen_platform_op, u.settime32.nsecs, 12, 4);
ABI_MEMBER(struct xen_platform_op, u.settime32.system_time, 16, 8);
ABI_MEMBER(struct xen_platform_op, u.settime64, 8, 24);
ABI_MEMBER(struct xen_platform_op, u.settime64.secs, 8, 8);
ABI_MEMBER(struct xen_platform_op, u.settime64.nsecs, 16, 4);
ABI_MEMBER(struct xen_platform_op, u.settime64.mbz, 20, 4);
ABI_MEMBER(struct xen_platform_op, u.settime64.system_time, 24, 8);
ABI_MEMBER(struct xen_platform_op, u.add_memtype, 8, 32);
ABI_MEMBER(struct xen_platform_op, u.add_memtype.mfn, 8, 8);
ABI_MEMBER(struct xen_platform_op, u.add_memtype.nr_mfns, 16, 8);
ABI_MEMBER(struct xen_platform_op, u.add_memtype.type, 24, 4);
ABI_MEMBER(struct xen_platform_op, u.add_memtype.handle, 28, 4);
ABI_MEMBER(struct xen_platform_op, u.add_memtype.reg, 32, 4);
ABI_MEMBER(struct xen_platform_op, u.del_memtype, 8, 8);
ABI_MEMBER(struct xen_platform_op, u.del_memtype.handle, 8, 4);
ABI_MEMBER(struct xen_platform_op, u.del_memtype.reg, 12, 4);
ABI_MEMBER(struct xen_platform_op, u.read_memtype, 8, 32);
ABI_MEMBER(struct xen_platform_op, u.read_memtype.reg, 8, 4);
ABI_MEMBER(struct xen_platform_op, u.read_memtype.mfn, 16, 8);
ABI_MEMBER(struct xen_platform_op, u.read_memtype.nr_mfns, 24, 8);
ABI_MEMBER(struct xen_platform_op, u.read_memtype.type, 32, 4);
ABI_MEMBER(struct xen_platform_op, u.microcode, 8, 16);
ABI_MEMBER(struct xen_platform_op, u.microcode.data, 8, 8);
ABI_MEMBER(struct xen_platform_op, u.microcode.data.p, 8, 8);
ABI_MEMBER(struct xen_platform_op, u.microcode.length, 16, 4);
ABI_MEMBER(struct xen_platform_op, u.platform_quirk, 8, 4);
ABI_MEMBER(struct xen_platform_op, u.platform_quirk.quirk_id, 8, 4);
ABI_MEMBER(struct xen_platform_op, u.efi_runtime_call, 8, 56);
ABI_MEMBER(struct xen_platform_op, u.efi_runtime_call.function, 8, 4);
ABI_MEMBER(struct xen_platform_op, u.efi_runtime_call.misc, 12, 4);
ABI_MEMBER(struct xen_platform_op, u.efi_runtime_call.status, 16, 8);
ABI_MEMBER(struct xen_platform_op, u.efi_runtime_call.u, 24, 40);
ABI_MEMBER(struct xen_platform_op, u.efi_runtime_call.u.get_time, 24, 24);
ABI_MEMBER(struct xen_platform_op, u.efi_runtime_call.u.get_time.time, 24, 16);
ABI_MEMBER(struct xen_platform_op, u.efi_runtime_call.u.get_time.time.year, 24, 2);
ABI_MEMBER(struct xen_platform_op, u.efi_runtime_call.u.get_time.time.month, 26, 1);
ABI_MEMBER(struct xen_platform_op, u.efi_runtime_call.u.get_time.time.day, 27, 1);
ABI_MEMBER(struct xen_platform_op, u.efi_runtime_call.u.get_time.time.hour, 28, 1);
ABI_MEMBER(struct xen_platform_op, u.efi_runtime_call.u.get_time.time.min, 29, 1);
ABI_MEMBER(struct xen_platform_op, u.efi_runtime_call.u.get_time.time.sec, 30, 1);
ABI_MEMBER(struct xen_platform_op, u.efi_runtime_call.u.get_time.time.ns, 32, 4);
ABI_MEMBER(struct xen_platform_op, u.efi_runtime_call.u.get_time.time.tz, 36, 2);
ABI_MEMBER(struct xen_platform_op, u.efi_runtime_call.u.get_time.time.daylight, 38, 1);
ABI_MEMBER(struct xen_platform_op, u.efi_runtime_call.u.get_time.resolution, 40, 4);
ABI_MEMBER(struct xen_platform_op, u.efi_runtime_call.u.get_time.accuracy, 44, 4);
ABI_MEMBER(struct xen_platform_op, u.efi_runtime_call.u.set_time, 24, 16);
ABI_MEMBER(struct xen_platform_op, u.efi_runtime_call.u.set_time.year, 24, 2);
ABI_MEMBER(struct xen_platform_op, u.efi_runtime_call.u.set_time.month, 26, 1);
ABI_MEMBER(struct xen_platform_op, u.efi_runtime_call.u.set_time.day, 27, 1);
ABI_MEMBER(struct xen_platform_op, u.efi_runtime_call.u.set_time.hour, 28, 1);
ABI_MEMBER(struct xen_platform_op, u.efi_runtime_call.u.set_time.min, 29, 1);
ABI_MEMBER(struct xen_platform_op, u.efi_runtime_call.u.set_time.sec, 30, 1);
ABI_MEMBER(struct xen_platform_op, u.efi_runtime_call.u.set_time.ns, 32, 4);
ABI_MEMBER(struct xen_platform_op, u.efi_runtime_call.u.set_time.tz, 36, 2);
ABI_MEMBER(struct xen_platform_op, u.efi_runtime_call.u.set_time.daylight, 38, 1);
ABI_MEMBER(struct xen_platform_op, u.efi_runtime_call.u.get_wakeup_time, 24, 16);
ABI_MEMBER(struct xen_platform_op, u.efi_runtime_call.u.get_wakeup_time.year, 24, 2);
ABI_MEMBER(struct xen_platform_op, u.efi_runtime_call.u.get_wakeup_time.month, 26, 1);
ABI_MEMBER(struct xen_platform_op, u.efi_runtime_call.u.get_wakeup_time.day, 27, 1);
ABI_MEMBER(struct xen_platform_op, u.efi_runtime_call.u.get_wakeup_time.hour, 28, 1);
ABI_MEMBER(struct xen_platform_op, u.efi_runtime_call.u.get_wakeup_time.min, 29, 1);
ABI_MEMBER(struct xen_platform_op, u.efi_runtime_call.u.get_wakeup_time.sec, 30, 1);
ABI_MEMBER(struct xen_platform_op, u.efi_runtime_call.u.get_wakeup_time.ns, 32, 4);
ABI_MEMBER(struct xen_platform_op, u.efi_runtime_call.u.get_wakeup_time.tz, 36, 2);
ABI_MEMBER(struct xen_platform_op, u.efi_runtime_call.u.get_wakeup_time.daylight, 38, 1);
ABI_MEMBER(struct xen_platform_op, u.efi_runtime_call.u.set_wakeup_time, 24, 16);
ABI_MEMBER(struct xen_platform_op, u.efi_runtime_call.u.set_wakeup_time.year, 24, 2);
ABI_MEMBER(struct xen_platform_op, u.efi_runtime_call.u.set_wakeup_time.month, 26, 1);
ABI_MEMBER(struct xen_platform_op, u.efi_runtime_call.u.set_wakeup_time.day, 27, 1);
ABI_MEMBER(struct xen_platform_op, u.efi_runtime_call.u.set_wakeup_time.hour, 28, 1);
ABI_MEMBER(struct xen_platform_op, u.efi_runtime_call.u.set_wakeup_time.min, 29, 1);
ABI_MEMBER(struct xen_platform_op, u.efi_runtime_call.u.set_wakeup_time.sec, 30, 1);
ABI_MEMBER(struct xen_platform_op, u.efi_runtime_call.u.set_wakeup_time.ns, 32, 4);
ABI_MEMBER(struct xen_platform_op, u.efi_runtime_call.u.set_wakeup_time.tz, 36, 2);
ABI_MEMBER(struct xen_platform_op, u.efi_runtime_call.u.set_wakeup_time.daylight, 38, 1);
ABI_MEMBER(struct xen_platform_op, u.efi_runtime_call.u.get_variable, 24, 40);
ABI_MEMBER(struct xen_platform_op, u.efi_runtime_call.u.get_variable.name, 24, 8);
ABI_MEMBER(struct xen_platform_op, u.efi_runtime_call.u.get_variable.name.p, 24, 8);
ABI_MEMBER(struct xen_platform_op, u.efi_runtime_call.u.get_variable.size, 32, 8);
ABI_MEMBER(struct xen_platform_op, u.efi_runtime_call.u.get_variable.data, 40, 8);
ABI_MEMBER(struct xen_platform_op, u.efi_runtime_call.u.get_variable.data.p, 40, 8);
ABI_MEMBER(struct xen_platform_op, u.efi_runtime_call.u.get_variable.vendor_guid, 48, 16);
ABI_MEMBER(struct xen_platform_op, u.efi_runtime_call.u.get_variable.vendor_guid.data1, 48, 4);
ABI_MEMBER(struct xen_platform_op, u.efi_runtime_call.u.get_variable.vendor_guid.data2, 52, 2);
ABI_MEMBER(struct xen_platform_op, u.efi_runtime_call.u.get_variable.vendor_guid.data3, 54, 2);
ABI_MEMBER(struct xen_platform_op, u.efi_runtime_call.u.get_variable.vendor_guid.data4, 56, 8);
ABI_MEMBER(struct xen_platform_op, u.efi_runtime_call.u.set_variable, 24, 40);
ABI_MEMBER(struct xen_platform_op, u.efi_runtime_call.u.set_variable.name, 24, 8);
ABI_MEMBER(struct xen_platform_op, u.efi_runtime_call.u.set_variable.name.p, 24, 8);
ABI_MEMBER(struct xen_platform_op, u.efi_runtime_call.u.set_variable.size, 32, 8);
ABI_MEMBER(struct xen_platform_op, u.efi_runtime_call.u.set_variable.data, 40, 8);
ABI_MEMBER(struct xen_platform_op, u.efi_runtime_call.u.set_variable.data.p, 40, 8);
ABI_MEMBER(struct xen_platform_op, u.efi_runtime_call.u.set_variable.vendor_guid, 48, 16);
ABI_MEMBER(struct xen_platform_op, u.efi_runtime_call.u.set_variable.vendor_guid.data1, 48, 4);
ABI_MEMBER(struct xen_platform_op, u.efi_runtime_call.u.set_variable.vendor_guid.data2, 52, 2);
ABI_MEMBER(struct xen_platform_op, u.efi_runtime_call.u.set_variable.vendor_guid.data3, 54, 2);
ABI_MEMBER(struct xen_platform_op, u.efi_runtime_call.u.set_variable.vendor_guid.data4, 56, 8);
ABI_MEMBER(struct xen_platform_op, u.efi_runtime_call.u.get_next_variable_name, 24, 32);
ABI_MEMBER(struct xen_platform_op, u.efi_runtime_call.u.get_next_variable_name.size, 24, 8);
ABI_MEMBER(struct xen_platform_op, u.efi_runtime_call.u.get_next_variable_name.name, 32, 8);
ABI_MEMBER(struct xen_platform_op, u.efi_runtime_call.u.get_next_variable_name.name.p, 32, 8);
ABI_MEMBER(struct xen_platform_op, u.efi_runtime_call.u.get_next_variable_name.vendor_guid, 40, 16);
ABI_MEMBER(struct xen_platform_op, u.efi_runtime_call.u.get_next_variable_name.vendor_guid.data1,
	   40, 4);
ABI_MEMBER(struct xen_platform_op, u.efi_runtime_call.u.get_next_variable_name.vendor_guid.data2,
	   44, 2);
ABI_MEMBER(struct xen_platform_op, u.efi_runtime_call.u.get_next_variable_name.vendor_guid.data3,
	   46, 2);
ABI_MEMBER(struct xen_platform_op, u.efi_runtime_call.u.get_next_variable_name.vendor_guid.data4,
	   48, 8);
ABI_MEMBER(struct xen_platform_op, u.efi_runtime_call.u.query_variable_info, 24, 32);
ABI_MEMBER(struct xen_platform_op, u.efi_runtime_call.u.query_variable_info.attr, 24, 4);
ABI_MEMBER(struct xen_platform_op, u.efi_runtime_call.u.query_variable_info.max_store_size, 32, 8);
ABI_MEMBER(struct xen_platform_op, u.efi_runtime_call.u.query_variable_info.remain_store_size, 40,
	   8);
ABI_MEMBER(struct xen_platform_op, u.efi_runtime_call.u.query_variable_info.max_size, 48, 8);
ABI_MEMBER(struct xen_platform_op, u.efi_runtime_call.u.query_capsule_capabilities, 24, 32);
ABI_MEMBER(struct xen_platform_op,
	   u.efi_runtime_call.u.query_capsule_capabilities.capsule_header_array, 24, 8);
ABI_MEMBER(struct xen_platform_op,
	   u.efi_runtime_call.u.query_capsule_capabilities.capsule_header_array.p, 24, 8);
ABI_MEMBER(struct xen_platform_op, u.efi_runtime_call.u.query_capsule_capabilities.capsule_count,
	   32, 8);
ABI_MEMBER(struct xen_platform_op, u.efi_runtime_call.u.query_capsule_capabilities.max_capsule_size,
	   40, 8);
ABI_MEMBER(struct xen_platform_op, u.efi_runtime_call.u.query_capsule_capabilities.reset_type, 48,
	   4);
ABI_MEMBER(struct xen_platform_op, u.efi_runtime_call.u.update_capsule, 24, 24);
ABI_MEMBER(struct xen_platform_op, u.efi_runtime_call.u.update_capsule.capsule_header_array, 24, 8);
ABI_MEMBER(struct xen_platform_op, u.efi_runtime_call.u.update_capsule.capsule_header_array.p, 24,
	   8);
ABI_MEMBER(struct xen_platform_op, u.efi_runtime_call.u.update_capsule.capsule_count, 32, 8);
ABI_MEMBER(struct xen_platform_op, u.efi_runtime_call.u.update_capsule.sg_list, 40, 8);
ABI_MEMBER(struct xen_platform_op, u.firmware_info, 8, 40);
ABI_MEMBER(struct xen_platform_op, u.firmware_info.type, 8, 4);
ABI_MEMBER(struct xen_platform_op, u.firmware_info.index, 12, 4);
ABI_MEMBER(struct xen_platform_op, u.firmware_info.u, 16, 32);
ABI_MEMBER(struct xen_platform_op, u.firmware_info.u.disk_info, 16, 16);
ABI_MEMBER(struct xen_platform_op, u.firmware_info.u.disk_info.device, 16, 1);
ABI_MEMBER(struct xen_platform_op, u.firmware_info.u.disk_info.version, 17, 1);
ABI_MEMBER(struct xen_platform_op, u.firmware_info.u.disk_info.interface_support, 18, 2);
ABI_MEMBER(struct xen_platform_op, u.firmware_info.u.disk_info.legacy_max_cylinder, 20, 2);
ABI_MEMBER(struct xen_platform_op, u.firmware_info.u.disk_info.legacy_max_head, 22, 1);
ABI_MEMBER(struct xen_platform_op, u.firmware_info.u.disk_info.legacy_sectors_per_track, 23, 1);
ABI_MEMBER(struct xen_platform_op, u.firmware_info.u.disk_info.edd_params, 24, 8);
ABI_MEMBER(struct xen_platform_op, u.firmware_info.u.disk_info.edd_params.p, 24, 8);
ABI_MEMBER(struct xen_platform_op, u.firmware_info.u.disk_mbr_signature, 16, 8);
ABI_MEMBER(struct xen_platform_op, u.firmware_info.u.disk_mbr_signature.device, 16, 1);
ABI_MEMBER(struct xen_platform_op, u.firmware_info.u.disk_mbr_signature.mbr_signature, 20, 4);
ABI_MEMBER(struct xen_platform_op, u.firmware_info.u.vbeddc_info, 16, 16);
ABI_MEMBER(struct xen_platform_op, u.firmware_info.u.vbeddc_info.capabilities, 16, 1);
ABI_MEMBER(struct xen_platform_op, u.firmware_info.u.vbeddc_info.edid_transfer_time, 17, 1);
ABI_MEMBER(struct xen_platform_op, u.firmware_info.u.vbeddc_info.edid, 24, 8);
ABI_MEMBER(struct xen_platform_op, u.firmware_info.u.vbeddc_info.edid.p, 24, 8);
ABI_MEMBER(struct xen_platform_op, u.firmware_info.u.efi_info, 16, 32);
ABI_MEMBER(struct xen_platform_op, u.firmware_info.u.efi_info.version, 16, 4);
ABI_MEMBER(struct xen_platform_op, u.firmware_info.u.efi_info.cfg, 16, 16);
ABI_MEMBER(struct xen_platform_op, u.firmware_info.u.efi_info.cfg.addr, 16, 8);
ABI_MEMBER(struct xen_platform_op, u.firmware_info.u.efi_info.cfg.nent, 24, 4);
ABI_MEMBER(struct xen_platform_op, u.firmware_info.u.efi_info.vendor, 16, 16);
ABI_MEMBER(struct xen_platform_op, u.firmware_info.u.efi_info.vendor.revision, 16, 4);
ABI_MEMBER(struct xen_platform_op, u.firmware_info.u.efi_info.vendor.bufsz, 20, 4);
ABI_MEMBER(struct xen_platform_op, u.firmware_info.u.efi_info.vendor.name, 24, 8);
ABI_MEMBER(struct xen_platform_op, u.firmware_info.u.efi_info.vendor.name.p, 24, 8);
ABI_MEMBER(struct xen_platform_op, u.firmware_info.u.efi_info.mem, 16, 32);
ABI_MEMBER(struct xen_platform_op, u.firmware_info.u.efi_info.mem.addr, 16, 8);
ABI_MEMBER(struct xen_platform_op, u.firmware_info.u.efi_info.mem.size, 24, 8);
ABI_MEMBER(struct xen_platform_op, u.firmware_info.u.efi_info.mem.attr, 32, 8);
ABI_MEMBER(struct xen_platform_op, u.firmware_info.u.efi_info.mem.type, 40, 4);
ABI_MEMBER(struct xen_platform_op, u.firmware_info.u.efi_info.pci_rom, 16, 24);
ABI_MEMBER(struct xen_platform_op, u.firmware_info.u.efi_info.pci_rom.segment, 16, 2);
ABI_MEMBER(struct xen_platform_op, u.firmware_info.u.efi_info.pci_rom.bus, 18, 1);
ABI_MEMBER(struct xen_platform_op, u.firmware_info.u.efi_info.pci_rom.devfn, 19, 1);
ABI_MEMBER(struct xen_platform_op, u.firmware_info.u.efi_info.pci_rom.vendor, 20, 2);
ABI_MEMBER(struct xen_platform_op, u.firmware_info.u.efi_info.pci_rom.devid, 22, 2);
ABI_MEMBER(struct xen_platform_op, u.firmware_info.u.efi_info.pci_rom.address, 24, 8);
ABI_MEMBER(struct xen_platform_op, u.firmware_info.u.efi_info.pci_rom.size, 32, 8);
ABI_MEMBER(struct xen_platform_op, u.firmware_info.u.efi_info.apple_properties, 16, 16);
ABI_MEMBER(struct xen_platform_op, u.firmware_info.u.efi_info.apple_properties.address, 16, 8);
ABI_MEMBER(struct xen_platform_op, u.firmware_info.u.efi_info.apple_properties.size, 24, 8);
ABI_MEMBER(struct xen_platform_op, u.firmware_info.u.kbd_shift_flags, 16, 1);
ABI_MEMBER(struct xen_platform_op, u.enter_acpi_sleep, 8, 12);
ABI_MEMBER(struct xen_platform_op, u.enter_acpi_sleep.val_a, 8, 2);
ABI_MEMBER(struct xen_platform_op, u.enter_acpi_sleep.val_b, 10, 2);
ABI_MEMBER(struct xen_platform_op, u.enter_acpi_sleep.sleep_state, 12, 4);
ABI_MEMBER(struct xen_platform_op, u.enter_acpi_sleep.flags, 16, 4);
ABI_MEMBER(struct xen_platform_op, u.change_freq, 8, 16);
ABI_MEMBER(struct xen_platform_op, u.change_freq.flags, 8, 4);
ABI_MEMBER(struct xen_platform_op, u.change_freq.cpu, 12, 4);
ABI_MEMBER(struct xen_platform_op, u.change_freq.freq, 16, 8);
ABI_MEMBER(struct xen_platform_op, u.getidletime, 8, 32);
ABI_MEMBER(struct xen_platform_op, u.getidletime.cpumap_bitmap, 8, 8);
ABI_MEMBER(struct xen_platform_op, u.getidletime.cpumap_bitmap.p, 8, 8);
ABI_MEMBER(struct xen_platform_op, u.getidletime.cpumap_nr_cpus, 16, 4);
ABI_MEMBER(struct xen_platform_op, u.getidletime.idletime, 24, 8);
ABI_MEMBER(struct xen_platform_op, u.getidletime.idletime.p, 24, 8);
ABI_MEMBER(struct xen_platform_op, u.getidletime.now, 32, 8);
ABI_MEMBER(struct xen_platform_op, u.set_pminfo, 8, 112);
ABI_MEMBER(struct xen_platform_op, u.set_pminfo.id, 8, 4);
ABI_MEMBER(struct xen_platform_op, u.set_pminfo.type, 12, 4);
ABI_MEMBER(struct xen_platform_op, u.set_pminfo.u, 16, 104);
ABI_MEMBER(struct xen_platform_op, u.set_pminfo.u.power, 16, 16);
ABI_MEMBER(struct xen_platform_op, u.set_pminfo.u.power.count, 16, 4);
ABI_MEMBER(struct xen_platform_op, u.set_pminfo.u.power.flags, 20, 4);
ABI_MEMBER(struct xen_platform_op, u.set_pminfo.u.power.states, 24, 8);
ABI_MEMBER(struct xen_platform_op, u.set_pminfo.u.power.states.p, 24, 8);
ABI_MEMBER(struct xen_platform_op, u.set_pminfo.u.perf, 16, 104);
ABI_MEMBER(struct xen_platform_op, u.set_pminfo.u.perf.flags, 16, 4);
ABI_MEMBER(struct xen_platform_op, u.set_pminfo.u.perf.platform_limit, 20, 4);
ABI_MEMBER(struct xen_platform_op, u.set_pminfo.u.perf.control_register, 24, 16);
ABI_MEMBER(struct xen_platform_op, u.set_pminfo.u.perf.control_register.descriptor, 24, 1);
ABI_MEMBER(struct xen_platform_op, u.set_pminfo.u.perf.control_register.length, 26, 2);
ABI_MEMBER(struct xen_platform_op, u.set_pminfo.u.perf.control_register.space_id, 28, 1);
ABI_MEMBER(struct xen_platform_op, u.set_pminfo.u.perf.control_register.bit_width, 29, 1);
ABI_MEMBER(struct xen_platform_op, u.set_pminfo.u.perf.control_register.bit_offset, 30, 1);
ABI_MEMBER(struct xen_platform_op, u.set_pminfo.u.perf.control_register.reserved, 31, 1);
ABI_MEMBER(struct xen_platform_op, u.set_pminfo.u.perf.control_register.address, 32, 8);
ABI_MEMBER(struct xen_platform_op, u.set_pminfo.u.perf.status_register, 40, 16);
ABI_MEMBER(struct xen_platform_op, u.set_pminfo.u.perf.status_register.descriptor, 40, 1);
ABI_MEMBER(struct xen_platform_op, u.set_pminfo.u.perf.status_register.length, 42, 2);
ABI_MEMBER(struct xen_platform_op, u.set_pminfo.u.perf.status_register.space_id, 44, 1);
ABI_MEMBER(struct xen_platform_op, u.set_pminfo.u.perf.status_register.bit_width, 45, 1);
ABI_MEMBER(struct xen_platform_op, u.set_pminfo.u.perf.status_register.bit_offset, 46, 1);
ABI_MEMBER(struct xen_platform_op, u.set_pminfo.u.perf.status_register.reserved, 47, 1);
ABI_MEMBER(struct xen_platform_op, u.set_pminfo.u.perf.status_register.address, 48, 8);
ABI_MEMBER(struct xen_platform_op, u.set_pminfo.u.perf.state_count, 56, 4);
ABI_MEMBER(struct xen_platform_op, u.set_pminfo.u.perf.states, 64, 8);
ABI_MEMBER(struct xen_platform_op, u.set_pminfo.u.perf.states.p, 64, 8);
ABI_MEMBER(struct xen_platform_op, u.set_pminfo.u.perf.domain_info, 72, 40);
ABI_MEMBER(struct xen_platform_op, u.set_pminfo.u.perf.domain_info.num_entries, 72, 8);
ABI_MEMBER(struct xen_platform_op, u.set_pminfo.u.perf.domain_info.revision, 80, 8);
ABI_MEMBER(struct xen_platform_op, u.set_pminfo.u.perf.domain_info.domain, 88, 8);
ABI_MEMBER(struct xen_platform_op, u.set_pminfo.u.perf.domain_info.coord_type, 96, 8);
ABI_MEMBER(struct xen_platform_op, u.set_pminfo.u.perf.domain_info.num_processors, 104, 8);
ABI_MEMBER(struct xen_platform_op, u.set_pminfo.u.perf.shared_type, 112, 4);
ABI_MEMBER(struct xen_platform_op, u.set_pminfo.u.pdc, 16, 8);
ABI_MEMBER(struct xen_platform_op, u.set_pminfo.u.pdc.p, 16, 8);
ABI_MEMBER(struct xen_platform_op, u.set_pminfo.u.cppc_data, 16, 72);
ABI_MEMBER(struct xen_platform_op, u.set_pminfo.u.cppc_data.flags, 16, 1);
ABI_MEMBER(struct xen_platform_op, u.set_pminfo.u.cppc_data.pad, 17, 3);
ABI_MEMBER(struct xen_platform_op, u.set_pminfo.u.cppc_data.cpc, 20, 24);
ABI_MEMBER(struct xen_platform_op, u.set_pminfo.u.cppc_data.cpc.highest_perf, 20, 4);
ABI_MEMBER(struct xen_platform_op, u.set_pminfo.u.cppc_data.cpc.nominal_perf, 24, 4);
ABI_MEMBER(struct xen_platform_op, u.set_pminfo.u.cppc_data.cpc.lowest_nonlinear_perf, 28, 4);
ABI_MEMBER(struct xen_platform_op, u.set_pminfo.u.cppc_data.cpc.lowest_perf, 32, 4);
ABI_MEMBER(struct xen_platform_op, u.set_pminfo.u.cppc_data.cpc.lowest_mhz, 36, 4);
ABI_MEMBER(struct xen_platform_op, u.set_pminfo.u.cppc_data.cpc.nominal_mhz, 40, 4);
ABI_MEMBER(struct xen_platform_op, u.set_pminfo.u.cppc_data.shared_type, 44, 4);
ABI_MEMBER(struct xen_platform_op, u.set_pminfo.u.cppc_data.domain_info, 48, 40);
ABI_MEMBER(struct xen_platform_op, u.set_pminfo.u.cppc_data.domain_info.num_entries, 48, 8);
ABI_MEMBER(struct xen_platform_op, u.set_pminfo.u.cppc_data.domain_info.revision, 56, 8);
ABI_MEMBER(struct xen_platform_op, u.set_pminfo.u.cppc_data.domain_info.domain, 64, 8);
ABI_MEMBER(struct xen_platform_op, u.set_pminfo.u.cppc_data.domain_info.coord_type, 72, 8);
ABI_MEMBER(struct xen_platform_op, u.set_pminfo.u.cppc_data.domain_info.num_processors, 80, 8);
ABI_MEMBER(struct xen_platform_op, u.pcpu_info, 8, 20);
ABI_MEMBER(struct xen_platform_op, u.pcpu_info.xen_cpuid, 8, 4);
ABI_MEMBER(struct xen_platform_op, u.pcpu_info.max_present, 12, 4);
ABI_MEMBER(struct xen_platform_op, u.pcpu_info.flags, 16, 4);
ABI_MEMBER(struct xen_platform_op, u.pcpu_info.apic_id, 20, 4);
ABI_MEMBER(struct xen_platform_op, u.pcpu_info.acpi_id, 24, 4);
ABI_MEMBER(struct xen_platform_op, u.pcpu_version, 8, 32);
ABI_MEMBER(struct xen_platform_op, u.pcpu_version.xen_cpuid, 8, 4);
ABI_MEMBER(struct xen_platform_op, u.pcpu_version.max_present, 12, 4);
ABI_MEMBER(struct xen_platform_op, u.pcpu_version.vendor_id, 16, 12);
ABI_MEMBER(struct xen_platform_op, u.pcpu_version.family, 28, 4);
ABI_MEMBER(struct xen_platform_op, u.pcpu_version.model, 32, 4);
ABI_MEMBER(struct xen_platform_op, u.pcpu_version.stepping, 36, 4);
ABI_MEMBER(struct xen_platform_op, u.cpu_ol, 8, 4);
ABI_MEMBER(struct xen_platform_op, u.cpu_ol.cpuid, 8, 4);
ABI_MEMBER(struct xen_platform_op, u.cpu_add, 8, 12);
ABI_MEMBER(struct xen_platform_op, u.cpu_add.apic_id, 8, 4);
ABI_MEMBER(struct xen_platform_op, u.cpu_add.acpi_id, 12, 4);
ABI_MEMBER(struct xen_platform_op, u.cpu_add.pxm, 16, 4);
ABI_MEMBER(struct xen_platform_op, u.mem_add, 8, 24);
ABI_MEMBER(struct xen_platform_op, u.mem_add.spfn, 8, 8);
ABI_MEMBER(struct xen_platform_op, u.mem_add.epfn, 16, 8);
ABI_MEMBER(struct xen_platform_op, u.mem_add.pxm, 24, 4);
ABI_MEMBER(struct xen_platform_op, u.mem_add.flags, 28, 4);
ABI_MEMBER(struct xen_platform_op, u.core_parking, 8, 8);
ABI_MEMBER(struct xen_platform_op, u.core_parking.type, 8, 4);
ABI_MEMBER(struct xen_platform_op, u.core_parking.idle_nums, 12, 4);
ABI_MEMBER(struct xen_platform_op, u.resource_op, 8, 16);
ABI_MEMBER(struct xen_platform_op, u.resource_op.nr_entries, 8, 4);
ABI_MEMBER(struct xen_platform_op, u.resource_op.cpu, 12, 4);
ABI_MEMBER(struct xen_platform_op, u.resource_op.entries, 16, 8);
ABI_MEMBER(struct xen_platform_op, u.resource_op.entries.p, 16, 8);
ABI_MEMBER(struct xen_platform_op, u.symdata, 8, 32);
ABI_MEMBER(struct xen_platform_op, u.symdata.namelen, 8, 4);
ABI_MEMBER(struct xen_platform_op, u.symdata.symnum, 12, 4);
ABI_MEMBER(struct xen_platform_op, u.symdata.name, 16, 8);
ABI_MEMBER(struct xen_platform_op, u.symdata.name.p, 16, 8);
ABI_MEMBER(struct xen_platform_op, u.symdata.address, 24, 8);
ABI_MEMBER(struct xen_platform_op, u.symdata.type, 32, 1);
ABI_MEMBER(struct xen_platform_op, u.dom0_console, 8, 40);
ABI_MEMBER(struct xen_platform_op, u.dom0_console.video_type, 8, 1);
ABI_MEMBER(struct xen_platform_op, u.dom0_console.u, 12, 36);
ABI_MEMBER(struct xen_platform_op, u.dom0_console.u.text_mode_3, 12, 10);
ABI_MEMBER(struct xen_platform_op, u.dom0_console.u.text_mode_3.font_height, 12, 2);
ABI_MEMBER(struct xen_platform_op, u.dom0_console.u.text_mode_3.cursor_x, 14, 2);
ABI_MEMBER(struct xen_platform_op, u.dom0_console.u.text_mode_3.cursor_y, 16, 2);
ABI_MEMBER(struct xen_platform_op, u.dom0_console.u.text_mode_3.rows, 18, 2);
ABI_MEMBER(struct xen_platform_op, u.dom0_console.u.text_mode_3.columns, 20, 2);
ABI_MEMBER(struct xen_platform_op, u.dom0_console.u.vesa_lfb, 12, 36);
ABI_MEMBER(struct xen_platform_op, u.dom0_console.u.vesa_lfb.width, 12, 2);
ABI_MEMBER(struct xen_platform_op, u.dom0_console.u.vesa_lfb.height, 14, 2);
ABI_MEMBER(struct xen_platform_op, u.dom0_console.u.vesa_lfb.bytes_per_line, 16, 2);
ABI_MEMBER(struct xen_platform_op, u.dom0_console.u.vesa_lfb.bits_per_pixel, 18, 2);
ABI_MEMBER(struct xen_platform_op, u.dom0_console.u.vesa_lfb.lfb_base, 20, 4);
ABI_MEMBER(struct xen_platform_op, u.dom0_console.u.vesa_lfb.lfb_size, 24, 4);
ABI_MEMBER(struct xen_platform_op, u.dom0_console.u.vesa_lfb.red_pos, 28, 1);
ABI_MEMBER(struct xen_platform_op, u.dom0_console.u.vesa_lfb.red_size, 29, 1);
ABI_MEMBER(struct xen_platform_op, u.dom0_console.u.vesa_lfb.green_pos, 30, 1);
ABI_MEMBER(struct xen_platform_op, u.dom0_console.u.vesa_lfb.green_size, 31, 1);
ABI_MEMBER(struct xen_platform_op, u.dom0_console.u.vesa_lfb.blue_pos, 32, 1);
ABI_MEMBER(struct xen_platform_op, u.dom0_console.u.vesa_lfb.blue_size, 33, 1);
ABI_MEMBER(struct xen_platform_op, u.dom0_console.u.vesa_lfb.rsvd_pos, 34, 1);
ABI_MEMBER(struct xen_platform_op, u.dom0_console.u.vesa_lfb.rsvd_size, 35, 1);
ABI_MEMBER(struct xen_platform_op, u.dom0_console.u.vesa_lfb.gbl_caps, 36, 4);
ABI_MEMBER(struct xen_platform_op, u.dom0_console.u.vesa_lfb.mode_attrs, 40, 2);
ABI_MEMBER(struct xen_platform_op, u.dom0_console.u.vesa_lfb.pad, 42, 2);
ABI_MEMBER(struct xen_platform_op, u.dom0_console.u.vesa_lfb.ext_lfb_base, 44, 4);
ABI_MEMBER(struct xen_platform_op, u.ucode_revision, 8, 16);
ABI_MEMBER(struct xen_platform_op, u.ucode_revision.cpu, 8, 4);
ABI_MEMBER(struct xen_platform_op, u.ucode_revision.signature, 12, 4);
ABI_MEMBER(struct xen_platform_op, u.ucode_revision.pf, 16, 4);
ABI_MEMBER(struct xen_platform_op, u.ucode_revision.revision, 20, 4);
ABI_MEMBER(struct xen_platform_op, u.microcode2, 8, 16);
ABI_MEMBER(struct xen_platform_op, u.microcode2.flags, 8, 4);
ABI_MEMBER(struct xen_platform_op, u.microcode2.length, 12, 4);
ABI_MEMBER(struct xen_platform_op, u.microcode2.data, 16, 8);
ABI_MEMBER(struct xen_platform_op, u.microcode2.data.p, 16, 8);
ABI_MEMBER(struct xen_platform_op, u.pad, 8, 128);

ABI_SIZE(struct xen_platform_parameters, 8, 8);
ABI_MEMBER(struct xen_platform_parameters, virt_start, 0, 8);

ABI_SIZE(struct xen_pod_target, 40, 8);
ABI_MEMBER(struct xen_pod_target, target_pages, 0, 8);
ABI_MEMBER(struct xen_pod_target, tot_pages, 8, 8);
ABI_MEMBER(struct xen_pod_target, pod_cache_pages, 16, 8);
ABI_MEMBER(struct xen_pod_target, pod_entries, 24, 8);
ABI_MEMBER(struct xen_pod_target, domid, 32, 2);

ABI_SIZE(struct xen_power_register, 24, 8);
ABI_MEMBER(struct xen_power_register, space_id, 0, 4);
ABI_MEMBER(struct xen_power_register, bit_width, 4, 4);
ABI_MEMBER(struct xen_power_register, bit_offset, 8, 4);
ABI_MEMBER(struct xen_power_register, access_size, 12, 4);
ABI_MEMBER(struct xen_power_register, address, 16, 8);

ABI_SIZE(struct xen_processor_cppc, 72, 8);
ABI_MEMBER(struct xen_processor_cppc, flags, 0, 1);
ABI_MEMBER(struct xen_processor_cppc, pad, 1, 3);
ABI_MEMBER(struct xen_processor_cppc, cpc, 4, 24);
ABI_MEMBER(struct xen_processor_cppc, cpc.highest_perf, 4, 4);
ABI_MEMBER(struct xen_processor_cppc, cpc.nominal_perf, 8, 4);
ABI_MEMBER(struct xen_processor_cppc, cpc.lowest_nonlinear_perf, 12, 4);
ABI_MEMBER(struct xen_processor_cppc, cpc.lowest_perf, 16, 4);
ABI_MEMBER(struct xen_processor_cppc, cpc.lowest_mhz, 20, 4);
ABI_MEMBER(struct xen_processor_cppc, cpc.nominal_mhz, 24, 4);
ABI_MEMBER(struct xen_processor_cppc, shared_type, 28, 4);
ABI_MEMBER(struct xen_processor_cppc, domain_info, 32, 40);
ABI_MEMBER(struct xen_processor_cppc, domain_info.num_entries, 32, 8);
ABI_MEMBER(struct xen_processor_cppc, domain_info.revision, 40, 8);
ABI_MEMBER(struct xen_processor_cppc, domain_info.domain, 48, 8);
ABI_MEMBER(struct xen_processor_cppc, domain_info.coord_type, 56, 8);
ABI_MEMBER(struct xen_processor_cppc, domain_info.num_processors, 64, 8);

ABI_SIZE(struct xen_processor_csd, 12, 4);
ABI_MEMBER(struct xen_processor_csd, domain, 0, 4);
ABI_MEMBER(struct xen_processor_csd, coord_type, 4, 4);
ABI_MEMBER(struct xen_processor_csd, num, 8, 4);

ABI_SIZE(struct xen_processor_cx, 48, 8);
ABI_MEMBER(struct xen_processor_cx, reg, 0, 24);
ABI_MEMBER(struct xen_processor_cx, reg.space_id, 0, 4);
ABI_MEMBER(struct xen_processor_cx, reg.bit_width, 4, 4);
ABI_MEMBER(struct xen_processor_cx, reg.bit_offset, 8, 4);
ABI_MEMBER(struct xen_processor_cx, reg.access_size, 12, 4);
ABI_MEMBER(struct xen_processor_cx, reg.address, 16, 8);
ABI_MEMBER(struct xen_processor_cx, type, 24, 1);
ABI_MEMBER(struct xen_processor_cx, latency, 28, 4);
ABI_MEMBER(struct xen_processor_cx, power, 32, 4);
ABI_MEMBER(struct xen_processor_cx, dpcnt, 36, 4);
ABI_MEMBER(struct xen_processor_cx, dp, 40, 8);
ABI_MEMBER(struct xen_processor_cx, dp.p, 40, 8);

ABI_SIZE(struct xen_processor_flags, 4, 4);

ABI_SIZE(struct xen_processor_performance, 104, 8);
ABI_MEMBER(struct xen_processor_performance, flags, 0, 4);
ABI_MEMBER(struct xen_processor_performance, platform_limit, 4, 4);
ABI_MEMBER(struct xen_processor_performance, control_register, 8, 16);
ABI_MEMBER(struct xen_processor_performance, control_register.descriptor, 8, 1);
ABI_MEMBER(struct xen_processor_performance, control_register.length, 10, 2);
ABI_MEMBER(struct xen_processor_performance, control_register.space_id, 12, 1);
ABI_MEMBER(struct xen_processor_performance, control_register.bit_width, 13, 1);
ABI_MEMBER(struct xen_processor_performance, control_register.bit_offset, 14, 1);
ABI_MEMBER(struct xen_processor_performance, control_register.reserved, 15, 1);
ABI_MEMBER(struct xen_processor_performance, control_register.address, 16, 8);
ABI_MEMBER(struct xen_processor_performance, status_register, 24, 16);
ABI_MEMBER(struct xen_processor_performance, status_register.descriptor, 24, 1);
ABI_MEMBER(struct xen_processor_performance, status_register.length, 26, 2);
ABI_MEMBER(struct xen_processor_performance, status_register.space_id, 28, 1);
ABI_MEMBER(struct xen_processor_performance, status_register.bit_width, 29, 1);
ABI_MEMBER(struct xen_processor_performance, status_register.bit_offset, 30, 1);
ABI_MEMBER(struct xen_processor_performance, status_register.reserved, 31, 1);
ABI_MEMBER(struct xen_processor_performance, status_register.address, 32, 8);
ABI_MEMBER(struct xen_processor_performance, state_count, 40, 4);
ABI_MEMBER(struct xen_processor_performance, states, 48, 8);
ABI_MEMBER(struct xen_processor_performance, states.p, 48, 8);
ABI_MEMBER(struct xen_processor_performance, domain_info, 56, 40);
ABI_MEMBER(struct xen_processor_performance, domain_info.num_entries, 56, 8);
ABI_MEMBER(struct xen_processor_performance, domain_info.revision, 64, 8);
ABI_MEMBER(struct xen_processor_performance, domain_info.domain, 72, 8);
ABI_MEMBER(struct xen_processor_performance, domain_info.coord_type, 80, 8);
ABI_MEMBER(struct xen_processor_performance, domain_info.num_processors, 88, 8);
ABI_MEMBER(struct xen_processor_performance, shared_type, 96, 4);

ABI_SIZE(struct xen_processor_power, 16, 8);
ABI_MEMBER(struct xen_processor_power, count, 0, 4);
ABI_MEMBER(struct xen_processor_power, flags, 4, 4);
ABI_MEMBER(struct xen_processor_power, states, 8, 8);
ABI_MEMBER(struct xen_processor_power, states.p, 8, 8);

ABI_SIZE(struct xen_processor_px, 48, 8);
ABI_MEMBER(struct xen_processor_px, core_frequency, 0, 8);
ABI_MEMBER(struct xen_processor_px, power, 8, 8);
ABI_MEMBER(struct xen_processor_px, transition_latency, 16, 8);
ABI_MEMBER(struct xen_processor_px, bus_master_latency, 24, 8);
ABI_MEMBER(struct xen_processor_px, control, 32, 8);
ABI_MEMBER(struct xen_processor_px, status, 40, 8);

ABI_SIZE(struct xen_psd_package, 40, 8);
ABI_MEMBER(struct xen_psd_package, num_entries, 0, 8);
ABI_MEMBER(struct xen_psd_package, revision, 8, 8);
ABI_MEMBER(struct xen_psd_package, domain, 16, 8);
ABI_MEMBER(struct xen_psd_package, coord_type, 24, 8);
ABI_MEMBER(struct xen_psd_package, num_processors, 32, 8);

ABI_SIZE(struct xen_remove_from_physmap, 16, 8);
ABI_MEMBER(struct xen_remove_from_physmap, domid, 0, 2);
ABI_MEMBER(struct xen_remove_from_physmap, gpfn, 8, 8);

ABI_SIZE(struct xen_varbuf, 4, 4);
ABI_MEMBER(struct xen_varbuf, len, 0, 4);

ABI_SIZE(struct xen_vmemrange, 24, 8);
ABI_MEMBER(struct xen_vmemrange, start, 0, 8);
ABI_MEMBER(struct xen_vmemrange, end, 8, 8);
ABI_MEMBER(struct xen_vmemrange, flags, 16, 4);
ABI_MEMBER(struct xen_vmemrange, nid, 20, 4);

ABI_SIZE(struct xen_vnuma_topology_info, 40, 8);
ABI_MEMBER(struct xen_vnuma_topology_info, domid, 0, 2);
ABI_MEMBER(struct xen_vnuma_topology_info, pad, 2, 2);
ABI_MEMBER(struct xen_vnuma_topology_info, nr_vnodes, 4, 4);
ABI_MEMBER(struct xen_vnuma_topology_info, nr_vcpus, 8, 4);
ABI_MEMBER(struct xen_vnuma_topology_info, nr_vmemranges, 12, 4);
ABI_MEMBER(struct xen_vnuma_topology_info, vdistance, 16, 8);
ABI_MEMBER(struct xen_vnuma_topology_info, vdistance.h, 16, 8);
ABI_MEMBER(struct xen_vnuma_topology_info, vdistance.h.p, 16, 8);
ABI_MEMBER(struct xen_vnuma_topology_info, vdistance.pad, 16, 8);
ABI_MEMBER(struct xen_vnuma_topology_info, vcpu_to_vnode, 24, 8);
ABI_MEMBER(struct xen_vnuma_topology_info, vcpu_to_vnode.h, 24, 8);
ABI_MEMBER(struct xen_vnuma_topology_info, vcpu_to_vnode.h.p, 24, 8);
ABI_MEMBER(struct xen_vnuma_topology_info, vcpu_to_vnode.pad, 24, 8);
ABI_MEMBER(struct xen_vnuma_topology_info, vmemrange, 32, 8);
ABI_MEMBER(struct xen_vnuma_topology_info, vmemrange.h, 32, 8);
ABI_MEMBER(struct xen_vnuma_topology_info, vmemrange.h.p, 32, 8);
ABI_MEMBER(struct xen_vnuma_topology_info, vmemrange.pad, 32, 8);

ABI_SIZE(struct xencons_interface, 3092, 4);
ABI_MEMBER(struct xencons_interface, in, 0, 1024);
ABI_MEMBER(struct xencons_interface, out, 1024, 2048);
ABI_MEMBER(struct xencons_interface, in_cons, 3072, 4);
ABI_MEMBER(struct xencons_interface, in_prod, 3076, 4);
ABI_MEMBER(struct xencons_interface, out_cons, 3080, 4);
ABI_MEMBER(struct xencons_interface, out_prod, 3084, 4);
ABI_MEMBER(struct xencons_interface, connection, 3088, 1);

ABI_SIZE(struct xennmi_callback, 16, 8);
ABI_MEMBER(struct xennmi_callback, handler_address, 0, 8);
ABI_MEMBER(struct xennmi_callback, pad, 8, 8);

ABI_SIZE(struct xenpf_add_memtype, 32, 8);
ABI_MEMBER(struct xenpf_add_memtype, mfn, 0, 8);
ABI_MEMBER(struct xenpf_add_memtype, nr_mfns, 8, 8);
ABI_MEMBER(struct xenpf_add_memtype, type, 16, 4);
ABI_MEMBER(struct xenpf_add_memtype, handle, 20, 4);
ABI_MEMBER(struct xenpf_add_memtype, reg, 24, 4);

ABI_SIZE(struct xenpf_change_freq, 16, 8);
ABI_MEMBER(struct xenpf_change_freq, flags, 0, 4);
ABI_MEMBER(struct xenpf_change_freq, cpu, 4, 4);
ABI_MEMBER(struct xenpf_change_freq, freq, 8, 8);

ABI_SIZE(struct xenpf_core_parking, 8, 4);
ABI_MEMBER(struct xenpf_core_parking, type, 0, 4);
ABI_MEMBER(struct xenpf_core_parking, idle_nums, 4, 4);

ABI_SIZE(struct xenpf_cpu_hotadd, 12, 4);
ABI_MEMBER(struct xenpf_cpu_hotadd, apic_id, 0, 4);
ABI_MEMBER(struct xenpf_cpu_hotadd, acpi_id, 4, 4);
ABI_MEMBER(struct xenpf_cpu_hotadd, pxm, 8, 4);

ABI_SIZE(struct xenpf_cpu_ol, 4, 4);
ABI_MEMBER(struct xenpf_cpu_ol, cpuid, 0, 4);

ABI_SIZE(struct xenpf_del_memtype, 8, 4);
ABI_MEMBER(struct xenpf_del_memtype, handle, 0, 4);
ABI_MEMBER(struct xenpf_del_memtype, reg, 4, 4);

ABI_SIZE(struct xenpf_efi_guid, 16, 4);
ABI_MEMBER(struct xenpf_efi_guid, data1, 0, 4);
ABI_MEMBER(struct xenpf_efi_guid, data2, 4, 2);
ABI_MEMBER(struct xenpf_efi_guid, data3, 6, 2);
ABI_MEMBER(struct xenpf_efi_guid, data4, 8, 8);

ABI_SIZE(union xenpf_efi_info, 32, 8);
ABI_MEMBER(union xenpf_efi_info, version, 0, 4);
ABI_MEMBER(union xenpf_efi_info, cfg, 0, 16);
ABI_MEMBER(union xenpf_efi_info, cfg.addr, 0, 8);
ABI_MEMBER(union xenpf_efi_info, cfg.nent, 8, 4);
ABI_MEMBER(union xenpf_efi_info, vendor, 0, 16);
ABI_MEMBER(union xenpf_efi_info, vendor.revision, 0, 4);
ABI_MEMBER(union xenpf_efi_info, vendor.bufsz, 4, 4);
ABI_MEMBER(union xenpf_efi_info, vendor.name, 8, 8);
ABI_MEMBER(union xenpf_efi_info, vendor.name.p, 8, 8);
ABI_MEMBER(union xenpf_efi_info, mem, 0, 32);
ABI_MEMBER(union xenpf_efi_info, mem.addr, 0, 8);
ABI_MEMBER(union xenpf_efi_info, mem.size, 8, 8);
ABI_MEMBER(union xenpf_efi_info, mem.attr, 16, 8);
ABI_MEMBER(union xenpf_efi_info, mem.type, 24, 4);
ABI_MEMBER(union xenpf_efi_info, pci_rom, 0, 24);
ABI_MEMBER(union xenpf_efi_info, pci_rom.segment, 0, 2);
ABI_MEMBER(union xenpf_efi_info, pci_rom.bus, 2, 1);
ABI_MEMBER(union xenpf_efi_info, pci_rom.devfn, 3, 1);
ABI_MEMBER(union xenpf_efi_info, pci_rom.vendor, 4, 2);
ABI_MEMBER(union xenpf_efi_info, pci_rom.devid, 6, 2);
ABI_MEMBER(union xenpf_efi_info, pci_rom.address, 8, 8);
ABI_MEMBER(union xenpf_efi_info, pci_rom.size, 16, 8);
ABI_MEMBER(union xenpf_efi_info, apple_properties, 0, 16);
ABI_MEMBER(union xenpf_efi_info, apple_properties.address, 0, 8);
ABI_MEMBER(union xenpf_efi_info, apple_properties.size, 8, 8);

ABI_SIZE(struct xenpf_efi_runtime_call, 56, 8);
ABI_MEMBER(struct xenpf_efi_runtime_call, function, 0, 4);
ABI_MEMBER(struct xenpf_efi_runtime_call, misc, 4, 4);
ABI_MEMBER(struct xenpf_efi_runtime_call, status, 8, 8);
ABI_MEMBER(struct xenpf_efi_runtime_call, u, 16, 40);
ABI_MEMBER(struct xenpf_efi_runtime_call, u.get_time, 16, 24);
ABI_MEMBER(struct xenpf_efi_runtime_call, u.get_time.time, 16, 16);
ABI_MEMBER(struct xenpf_efi_runtime_call, u.get_time.time.year, 16, 2);
ABI_MEMBER(struct xenpf_efi_runtime_call, u.get_time.time.month, 18, 1);
ABI_MEMBER(struct xenpf_efi_runtime_call, u.get_time.time.day, 19, 1);
ABI_MEMBER(struct xenpf_efi_runtime_call, u.get_time.time.hour, 20, 1);
ABI_MEMBER(struct xenpf_efi_runtime_call, u.get_time.time.min, 21, 1);
ABI_MEMBER(struct xenpf_efi_runtime_call, u.get_time.time.sec, 22, 1);
ABI_MEMBER(struct xenpf_efi_runtime_call, u.get_time.time.ns, 24, 4);
ABI_MEMBER(struct xenpf_efi_runtime_call, u.get_time.time.tz, 28, 2);
ABI_MEMBER(struct xenpf_efi_runtime_call, u.get_time.time.daylight, 30, 1);
ABI_MEMBER(struct xenpf_efi_runtime_call, u.get_time.resolution, 32, 4);
ABI_MEMBER(struct xenpf_efi_runtime_call, u.get_time.accuracy, 36, 4);
ABI_MEMBER(struct xenpf_efi_runtime_call, u.set_time, 16, 16);
ABI_MEMBER(struct xenpf_efi_runtime_call, u.set_time.year, 16, 2);
ABI_MEMBER(struct xenpf_efi_runtime_call, u.set_time.month, 18, 1);
ABI_MEMBER(struct xenpf_efi_runtime_call, u.set_time.day, 19, 1);
ABI_MEMBER(struct xenpf_efi_runtime_call, u.set_time.hour, 20, 1);
ABI_MEMBER(struct xenpf_efi_runtime_call, u.set_time.min, 21, 1);
ABI_MEMBER(struct xenpf_efi_runtime_call, u.set_time.sec, 22, 1);
ABI_MEMBER(struct xenpf_efi_runtime_call, u.set_time.ns, 24, 4);
ABI_MEMBER(struct xenpf_efi_runtime_call, u.set_time.tz, 28, 2);
ABI_MEMBER(struct xenpf_efi_runtime_call, u.set_time.daylight, 30, 1);
ABI_MEMBER(struct xenpf_efi_runtime_call, u.get_wakeup_time, 16, 16);
ABI_MEMBER(struct xenpf_efi_runtime_call, u.get_wakeup_time.year, 16, 2);
ABI_MEMBER(struct xenpf_efi_runtime_call, u.get_wakeup_time.month, 18, 1);
ABI_MEMBER(struct xenpf_efi_runtime_call, u.get_wakeup_time.day, 19, 1);
ABI_MEMBER(struct xenpf_efi_runtime_call, u.get_wakeup_time.hour, 20, 1);
ABI_MEMBER(struct xenpf_efi_runtime_call, u.get_wakeup_time.min, 21, 1);
ABI_MEMBER(struct xenpf_efi_runtime_call, u.get_wakeup_time.sec, 22, 1);
ABI_MEMBER(struct xenpf_efi_runtime_call, u.get_wakeup_time.ns, 24, 4);
ABI_MEMBER(struct xenpf_efi_runtime_call, u.get_wakeup_time.tz, 28, 2);
ABI_MEMBER(struct xenpf_efi_runtime_call, u.get_wakeup_time.daylight, 30, 1);
ABI_MEMBER(struct xenpf_efi_runtime_call, u.set_wakeup_time, 16, 16);
ABI_MEMBER(struct xenpf_efi_runtime_call, u.set_wakeup_time.year, 16, 2);
ABI_MEMBER(struct xenpf_efi_runtime_call, u.set_wakeup_time.month, 18, 1);
ABI_MEMBER(struct xenpf_efi_runtime_call, u.set_wakeup_time.day, 19, 1);
ABI_MEMBER(struct xenpf_efi_runtime_call, u.set_wakeup_time.hour, 20, 1);
ABI_MEMBER(struct xenpf_efi_runtime_call, u.set_wakeup_time.min, 21, 1);
ABI_MEMBER(struct xenpf_efi_runtime_call, u.set_wakeup_time.sec, 22, 1);
ABI_MEMBER(struct xenpf_efi_runtime_call, u.set_wakeup_time.ns, 24, 4);
ABI_MEMBER(struct xenpf_efi_runtime_call, u.set_wakeup_time.tz, 28, 2);
ABI_MEMBER(struct xenpf_efi_runtime_call, u.set_wakeup_time.daylight, 30, 1);
ABI_MEMBER(struct xenpf_efi_runtime_call, u.get_variable, 16, 40);
ABI_MEMBER(struct xenpf_efi_runtime_call, u.get_variable.name, 16, 8);
ABI_MEMBER(struct xenpf_efi_runtime_call, u.get_variable.name.p, 16, 8);
ABI_MEMBER(struct xenpf_efi_runtime_call, u.get_variable.size, 24, 8);
ABI_MEMBER(struct xenpf_efi_runtime_call, u.get_variable.data, 32, 8);
ABI_MEMBER(struct xenpf_efi_runtime_call, u.get_variable.data.p, 32, 8);
ABI_MEMBER(struct xenpf_efi_runtime_call, u.get_variable.vendor_guid, 40, 16);
ABI_MEMBER(struct xenpf_efi_runtime_call, u.get_variable.vendor_guid.data1, 40, 4);
ABI_MEMBER(struct xenpf_efi_runtime_call, u.get_variable.vendor_guid.data2, 44, 2);
ABI_MEMBER(struct xenpf_efi_runtime_call, u.get_variable.vendor_guid.data3, 46, 2);
ABI_MEMBER(struct xenpf_efi_runtime_call, u.get_variable.vendor_guid.data4, 48, 8);
ABI_MEMBER(struct xenpf_efi_runtime_call, u.set_variable, 16, 40);
ABI_MEMBER(struct xenpf_efi_runtime_call, u.set_variable.name, 16, 8);
ABI_MEMBER(struct xenpf_efi_runtime_call, u.set_variable.name.p, 16, 8);
ABI_MEMBER(struct xenpf_efi_runtime_call, u.set_variable.size, 24, 8);
ABI_MEMBER(struct xenpf_efi_runtime_call, u.set_variable.data, 32, 8);
ABI_MEMBER(struct xenpf_efi_runtime_call, u.set_variable.data.p, 32, 8);
ABI_MEMBER(struct xenpf_efi_runtime_call, u.set_variable.vendor_guid, 40, 16);
ABI_MEMBER(struct xenpf_efi_runtime_call, u.set_variable.vendor_guid.data1, 40, 4);
ABI_MEMBER(struct xenpf_efi_runtime_call, u.set_variable.vendor_guid.data2, 44, 2);
ABI_MEMBER(struct xenpf_efi_runtime_call, u.set_variable.vendor_guid.data3, 46, 2);
ABI_MEMBER(struct xenpf_efi_runtime_call, u.set_variable.vendor_guid.data4, 48, 8);
ABI_MEMBER(struct xenpf_efi_runtime_call, u.get_next_variable_name, 16, 32);
ABI_MEMBER(struct xenpf_efi_runtime_call, u.get_next_variable_name.size, 16, 8);
ABI_MEMBER(struct xenpf_efi_runtime_call, u.get_next_variable_name.name, 24, 8);
ABI_MEMBER(struct xenpf_efi_runtime_call, u.get_next_variable_name.name.p, 24, 8);
ABI_MEMBER(struct xenpf_efi_runtime_call, u.get_next_variable_name.vendor_guid, 32, 16);
ABI_MEMBER(struct xenpf_efi_runtime_call, u.get_next_variable_name.vendor_guid.data1, 32, 4);
ABI_MEMBER(struct xenpf_efi_runtime_call, u.get_next_variable_name.vendor_guid.data2, 36, 2);
ABI_MEMBER(struct xenpf_efi_runtime_call, u.get_next_variable_name.vendor_guid.data3, 38, 2);
ABI_MEMBER(struct xenpf_efi_runtime_call, u.get_next_variable_name.vendor_guid.data4, 40, 8);
ABI_MEMBER(struct xenpf_efi_runtime_call, u.query_variable_info, 16, 32);
ABI_MEMBER(struct xenpf_efi_runtime_call, u.query_variable_info.attr, 16, 4);
ABI_MEMBER(struct xenpf_efi_runtime_call, u.query_variable_info.max_store_size, 24, 8);
ABI_MEMBER(struct xenpf_efi_runtime_call, u.query_variable_info.remain_store_size, 32, 8);
ABI_MEMBER(struct xenpf_efi_runtime_call, u.query_variable_info.max_size, 40, 8);
ABI_MEMBER(struct xenpf_efi_runtime_call, u.query_capsule_capabilities, 16, 32);
ABI_MEMBER(struct xenpf_efi_runtime_call, u.query_capsule_capabilities.capsule_header_array, 16, 8);
ABI_MEMBER(struct xenpf_efi_runtime_call, u.query_capsule_capabilities.capsule_header_array.p, 16,
	   8);
ABI_MEMBER(struct xenpf_efi_runtime_call, u.query_capsule_capabilities.capsule_count, 24, 8);
ABI_MEMBER(struct xenpf_efi_runtime_call, u.query_capsule_capabilities.max_capsule_size, 32, 8);
ABI_MEMBER(struct xenpf_efi_runtime_call, u.query_capsule_capabilities.reset_type, 40, 4);
ABI_MEMBER(struct xenpf_efi_runtime_call, u.update_capsule, 16, 24);
ABI_MEMBER(struct xenpf_efi_runtime_call, u.update_capsule.capsule_header_array, 16, 8);
ABI_MEMBER(struct xenpf_efi_runtime_call, u.update_capsule.capsule_header_array.p, 16, 8);
ABI_MEMBER(struct xenpf_efi_runtime_call, u.update_capsule.capsule_count, 24, 8);
ABI_MEMBER(struct xenpf_efi_runtime_call, u.update_capsule.sg_list, 32, 8);

ABI_SIZE(struct xenpf_efi_time, 16, 4);
ABI_MEMBER(struct xenpf_efi_time, year, 0, 2);
ABI_MEMBER(struct xenpf_efi_time, month, 2, 1);
ABI_MEMBER(struct xenpf_efi_time, day, 3, 1);
ABI_MEMBER(struct xenpf_efi_time, hour, 4, 1);
ABI_MEMBER(struct xenpf_efi_time, min, 5, 1);
ABI_MEMBER(struct xenpf_efi_time, sec, 6, 1);
ABI_MEMBER(struct xenpf_efi_time, ns, 8, 4);
ABI_MEMBER(struct xenpf_efi_time, tz, 12, 2);
ABI_MEMBER(struct xenpf_efi_time, daylight, 14, 1);

ABI_SIZE(struct xenpf_enter_acpi_sleep, 12, 4);
ABI_MEMBER(struct xenpf_enter_acpi_sleep, val_a, 0, 2);
ABI_MEMBER(struct xenpf_enter_acpi_sleep, val_b, 2, 2);
ABI_MEMBER(struct xenpf_enter_acpi_sleep, sleep_state, 4, 4);
ABI_MEMBER(struct xenpf_enter_acpi_sleep, flags, 8, 4);

ABI_SIZE(struct xenpf_firmware_info, 40, 8);
ABI_MEMBER(struct xenpf_firmware_info, type, 0, 4);
ABI_MEMBER(struct xenpf_firmware_info, index, 4, 4);
ABI_MEMBER(struct xenpf_firmware_info, u, 8, 32);
ABI_MEMBER(struct xenpf_firmware_info, u.disk_info, 8, 16);
ABI_MEMBER(struct xenpf_firmware_info, u.disk_info.device, 8, 1);
ABI_MEMBER(struct xenpf_firmware_info, u.disk_info.version, 9, 1);
ABI_MEMBER(struct xenpf_firmware_info, u.disk_info.interface_support, 10, 2);
ABI_MEMBER(struct xenpf_firmware_info, u.disk_info.legacy_max_cylinder, 12, 2);
ABI_MEMBER(struct xenpf_firmware_info, u.disk_info.legacy_max_head, 14, 1);
ABI_MEMBER(struct xenpf_firmware_info, u.disk_info.legacy_sectors_per_track, 15, 1);
ABI_MEMBER(struct xenpf_firmware_info, u.disk_info.edd_params, 16, 8);
ABI_MEMBER(struct xenpf_firmware_info, u.disk_info.edd_params.p, 16, 8);
ABI_MEMBER(struct xenpf_firmware_info, u.disk_mbr_signature, 8, 8);
ABI_MEMBER(struct xenpf_firmware_info, u.disk_mbr_signature.device, 8, 1);
ABI_MEMBER(struct xenpf_firmware_info, u.disk_mbr_signature.mbr_signature, 12, 4);
ABI_MEMBER(struct xenpf_firmware_info, u.vbeddc_info, 8, 16);
ABI_MEMBER(struct xenpf_firmware_info, u.vbeddc_info.capabilities, 8, 1);
ABI_MEMBER(struct xenpf_firmware_info, u.vbeddc_info.edid_transfer_time, 9, 1);
ABI_MEMBER(struct xenpf_firmware_info, u.vbeddc_info.edid, 16, 8);
ABI_MEMBER(struct xenpf_firmware_info, u.vbeddc_info.edid.p, 16, 8);
ABI_MEMBER(struct xenpf_firmware_info, u.efi_info, 8, 32);
ABI_MEMBER(struct xenpf_firmware_info, u.efi_info.version, 8, 4);
ABI_MEMBER(struct xenpf_firmware_info, u.efi_info.cfg, 8, 16);
ABI_MEMBER(struct xenpf_firmware_info, u.efi_info.cfg.addr, 8, 8);
ABI_MEMBER(struct xenpf_firmware_info, u.efi_info.cfg.nent, 16, 4);
ABI_MEMBER(struct xenpf_firmware_info, u.efi_info.vendor, 8, 16);
ABI_MEMBER(struct xenpf_firmware_info, u.efi_info.vendor.revision, 8, 4);
ABI_MEMBER(struct xenpf_firmware_info, u.efi_info.vendor.bufsz, 12, 4);
ABI_MEMBER(struct xenpf_firmware_info, u.efi_info.vendor.name, 16, 8);
ABI_MEMBER(struct xenpf_firmware_info, u.efi_info.vendor.name.p, 16, 8);
ABI_MEMBER(struct xenpf_firmware_info, u.efi_info.mem, 8, 32);
ABI_MEMBER(struct xenpf_firmware_info, u.efi_info.mem.addr, 8, 8);
ABI_MEMBER(struct xenpf_firmware_info, u.efi_info.mem.size, 16, 8);
ABI_MEMBER(struct xenpf_firmware_info, u.efi_info.mem.attr, 24, 8);
ABI_MEMBER(struct xenpf_firmware_info, u.efi_info.mem.type, 32, 4);
ABI_MEMBER(struct xenpf_firmware_info, u.efi_info.pci_rom, 8, 24);
ABI_MEMBER(struct xenpf_firmware_info, u.efi_info.pci_rom.segment, 8, 2);
ABI_MEMBER(struct xenpf_firmware_info, u.efi_info.pci_rom.bus, 10, 1);
ABI_MEMBER(struct xenpf_firmware_info, u.efi_info.pci_rom.devfn, 11, 1);
ABI_MEMBER(struct xenpf_firmware_info, u.efi_info.pci_rom.vendor, 12, 2);
ABI_MEMBER(struct xenpf_firmware_info, u.efi_info.pci_rom.devid, 14, 2);
ABI_MEMBER(struct xenpf_firmware_info, u.efi_info.pci_rom.address, 16, 8);
ABI_MEMBER(struct xenpf_firmware_info, u.efi_info.pci_rom.size, 24, 8);
ABI_MEMBER(struct xenpf_firmware_info, u.efi_info.apple_properties, 8, 16);
ABI_MEMBER(struct xenpf_firmware_info, u.efi_info.apple_properties.address, 8, 8);
ABI_MEMBER(struct xenpf_firmware_info, u.efi_info.apple_properties.size, 16, 8);
ABI_MEMBER(struct xenpf_firmware_info, u.kbd_shift_flags, 8, 1);

ABI_SIZE(struct xenpf_getidletime, 32, 8);
ABI_MEMBER(struct xenpf_getidletime, cpumap_bitmap, 0, 8);
ABI_MEMBER(struct xenpf_getidletime, cpumap_bitmap.p, 0, 8);
ABI_MEMBER(struct xenpf_getidletime, cpumap_nr_cpus, 8, 4);
ABI_MEMBER(struct xenpf_getidletime, idletime, 16, 8);
ABI_MEMBER(struct xenpf_getidletime, idletime.p, 16, 8);
ABI_MEMBER(struct xenpf_getidletime, now, 24, 8);

ABI_SIZE(struct xenpf_mem_hotadd, 24, 8);
ABI_MEMBER(struct xenpf_mem_hotadd, spfn, 0, 8);
ABI_MEMBER(struct xenpf_mem_hotadd, epfn, 8, 8);
ABI_MEMBER(struct xenpf_mem_hotadd, pxm, 16, 4);
ABI_MEMBER(struct xenpf_mem_hotadd, flags, 20, 4);

ABI_SIZE(struct xenpf_microcode_update, 16, 8);
ABI_MEMBER(struct xenpf_microcode_update, data, 0, 8);
ABI_MEMBER(struct xenpf_microcode_update, data.p, 0, 8);
ABI_MEMBER(struct xenpf_microcode_update, length, 8, 4);

ABI_SIZE(struct xenpf_microcode_update2, 16, 8);
ABI_MEMBER(struct xenpf_microcode_update2, flags, 0, 4);
ABI_MEMBER(struct xenpf_microcode_update2, length, 4, 4);
ABI_MEMBER(struct xenpf_microcode_update2, data, 8, 8);
ABI_MEMBER(struct xenpf_microcode_update2, data.p, 8, 8);

ABI_SIZE(struct xenpf_pcpu_version, 32, 4);
ABI_MEMBER(struct xenpf_pcpu_version, xen_cpuid, 0, 4);
ABI_MEMBER(struct xenpf_pcpu_version, max_present, 4, 4);
ABI_MEMBER(struct xenpf_pcpu_version, vendor_id, 8, 12);
ABI_MEMBER(struct xenpf_pcpu_version, family, 20, 4);
ABI_MEMBER(struct xenpf_pcpu_version, model, 24, 4);
ABI_MEMBER(struct xenpf_pcpu_version, stepping, 28, 4);

ABI_SIZE(struct xenpf_pcpuinfo, 20, 4);
ABI_MEMBER(struct xenpf_pcpuinfo, xen_cpuid, 0, 4);
ABI_MEMBER(struct xenpf_pcpuinfo, max_present, 4, 4);
ABI_MEMBER(struct xenpf_pcpuinfo, flags, 8, 4);
ABI_MEMBER(struct xenpf_pcpuinfo, apic_id, 12, 4);
ABI_MEMBER(struct xenpf_pcpuinfo, acpi_id, 16, 4);

ABI_SIZE(struct xenpf_platform_quirk, 4, 4);
ABI_MEMBER(struct xenpf_platform_quirk, quirk_id, 0, 4);

ABI_SIZE(struct xenpf_read_memtype, 32, 8);
ABI_MEMBER(struct xenpf_read_memtype, reg, 0, 4);
ABI_MEMBER(struct xenpf_read_memtype, mfn, 8, 8);
ABI_MEMBER(struct xenpf_read_memtype, nr_mfns, 16, 8);
ABI_MEMBER(struct xenpf_read_memtype, type, 24, 4);

ABI_SIZE(struct xenpf_resource_entry, 24, 8);
ABI_MEMBER(struct xenpf_resource_entry, u, 0, 4);
ABI_MEMBER(struct xenpf_resource_entry, u.cmd, 0, 4);
ABI_MEMBER(struct xenpf_resource_entry, u.ret, 0, 4);
ABI_MEMBER(struct xenpf_resource_entry, rsvd, 4, 4);
ABI_MEMBER(struct xenpf_resource_entry, idx, 8, 8);
ABI_MEMBER(struct xenpf_resource_entry, val, 16, 8);

ABI_SIZE(struct xenpf_resource_op, 16, 8);
ABI_MEMBER(struct xenpf_resource_op, nr_entries, 0, 4);
ABI_MEMBER(struct xenpf_resource_op, cpu, 4, 4);
ABI_MEMBER(struct xenpf_resource_op, entries, 8, 8);
ABI_MEMBER(struct xenpf_resource_op, entries.p, 8, 8);

ABI_SIZE(struct xenpf_set_processor_pminfo, 112, 8);
ABI_MEMBER(struct xenpf_set_processor_pminfo, id, 0, 4);
ABI_MEMBER(struct xenpf_set_processor_pminfo, type, 4, 4);
ABI_MEMBER(struct xenpf_set_processor_pminfo, u, 8, 104);
ABI_MEMBER(struct xenpf_set_processor_pminfo, u.power, 8, 16);
ABI_MEMBER(struct xenpf_set_processor_pminfo, u.power.count, 8, 4);
ABI_MEMBER(struct xenpf_set_processor_pminfo, u.power.flags, 12, 4);
ABI_MEMBER(struct xenpf_set_processor_pminfo, u.power.states, 16, 8);
ABI_MEMBER(struct xenpf_set_processor_pminfo, u.power.states.p, 16, 8);
ABI_MEMBER(struct xenpf_set_processor_pminfo, u.perf, 8, 104);
ABI_MEMBER(struct xenpf_set_processor_pminfo, u.perf.flags, 8, 4);
ABI_MEMBER(struct xenpf_set_processor_pminfo, u.perf.platform_limit, 12, 4);
ABI_MEMBER(struct xenpf_set_processor_pminfo, u.perf.control_register, 16, 16);
ABI_MEMBER(struct xenpf_set_processor_pminfo, u.perf.control_register.descriptor, 16, 1);
ABI_MEMBER(struct xenpf_set_processor_pminfo, u.perf.control_register.length, 18, 2);
ABI_MEMBER(struct xenpf_set_processor_pminfo, u.perf.control_register.space_id, 20, 1);
ABI_MEMBER(struct xenpf_set_processor_pminfo, u.perf.control_register.bit_width, 21, 1);
ABI_MEMBER(struct xenpf_set_processor_pminfo, u.perf.control_register.bit_offset, 22, 1);
ABI_MEMBER(struct xenpf_set_processor_pminfo, u.perf.control_register.reserved, 23, 1);
ABI_MEMBER(struct xenpf_set_processor_pminfo, u.perf.control_register.address, 24, 8);
ABI_MEMBER(struct xenpf_set_processor_pminfo, u.perf.status_register, 32, 16);
ABI_MEMBER(struct xenpf_set_processor_pminfo, u.perf.status_register.descriptor, 32, 1);
ABI_MEMBER(struct xenpf_set_processor_pminfo, u.perf.status_register.length, 34, 2);
ABI_MEMBER(struct xenpf_set_processor_pminfo, u.perf.status_register.space_id, 36, 1);
ABI_MEMBER(struct xenpf_set_processor_pminfo, u.perf.status_register.bit_width, 37, 1);
ABI_MEMBER(struct xenpf_set_processor_pminfo, u.perf.status_register.bit_offset, 38, 1);
ABI_MEMBER(struct xenpf_set_processor_pminfo, u.perf.status_register.reserved, 39, 1);
ABI_MEMBER(struct xenpf_set_processor_pminfo, u.perf.status_register.address, 40, 8);
ABI_MEMBER(struct xenpf_set_processor_pminfo, u.perf.state_count, 48, 4);
ABI_MEMBER(struct xenpf_set_processor_pminfo, u.perf.states, 56, 8);
ABI_MEMBER(struct xenpf_set_processor_pminfo, u.perf.states.p, 56, 8);
ABI_MEMBER(struct xenpf_set_processor_pminfo, u.perf.domain_info, 64, 40);
ABI_MEMBER(struct xenpf_set_processor_pminfo, u.perf.domain_info.num_entries, 64, 8);
ABI_MEMBER(struct xenpf_set_processor_pminfo, u.perf.domain_info.revision, 72, 8);
ABI_MEMBER(struct xenpf_set_processor_pminfo, u.perf.domain_info.domain, 80, 8);
ABI_MEMBER(struct xenpf_set_processor_pminfo, u.perf.domain_info.coord_type, 88, 8);
ABI_MEMBER(struct xenpf_set_processor_pminfo, u.perf.domain_info.num_processors, 96, 8);
ABI_MEMBER(struct xenpf_set_processor_pminfo, u.perf.shared_type, 104, 4);
ABI_MEMBER(struct xenpf_set_processor_pminfo, u.pdc, 8, 8);
ABI_MEMBER(struct xenpf_set_processor_pminfo, u.pdc.p, 8, 8);
ABI_MEMBER(struct xenpf_set_processor_pminfo, u.cppc_data, 8, 72);
ABI_MEMBER(struct xenpf_set_processor_pminfo, u.cppc_data.flags, 8, 1);
ABI_MEMBER(struct xenpf_set_processor_pminfo, u.cppc_data.pad, 9, 3);
ABI_MEMBER(struct xenpf_set_processor_pminfo, u.cppc_data.cpc, 12, 24);
ABI_MEMBER(struct xenpf_set_processor_pminfo, u.cppc_data.cpc.highest_perf, 12, 4);
ABI_MEMBER(struct xenpf_set_processor_pminfo, u.cppc_data.cpc.nominal_perf, 16, 4);
ABI_MEMBER(struct xenpf_set_processor_pminfo, u.cppc_data.cpc.lowest_nonlinear_perf, 20, 4);
ABI_MEMBER(struct xenpf_set_processor_pminfo, u.cppc_data.cpc.lowest_perf, 24, 4);
ABI_MEMBER(struct xenpf_set_processor_pminfo, u.cppc_data.cpc.lowest_mhz, 28, 4);
ABI_MEMBER(struct xenpf_set_processor_pminfo, u.cppc_data.cpc.nominal_mhz, 32, 4);
ABI_MEMBER(struct xenpf_set_processor_pminfo, u.cppc_data.shared_type, 36, 4);
ABI_MEMBER(struct xenpf_set_processor_pminfo, u.cppc_data.domain_info, 40, 40);
ABI_MEMBER(struct xenpf_set_processor_pminfo, u.cppc_data.domain_info.num_entries, 40, 8);
ABI_MEMBER(struct xenpf_set_processor_pminfo, u.cppc_data.domain_info.revision, 48, 8);
ABI_MEMBER(struct xenpf_set_processor_pminfo, u.cppc_data.domain_info.domain, 56, 8);
ABI_MEMBER(struct xenpf_set_processor_pminfo, u.cppc_data.domain_info.coord_type, 64, 8);
ABI_MEMBER(struct xenpf_set_processor_pminfo, u.cppc_data.domain_info.num_processors, 72, 8);

ABI_SIZE(struct xenpf_settime32, 16, 8);
ABI_MEMBER(struct xenpf_settime32, secs, 0, 4);
ABI_MEMBER(struct xenpf_settime32, nsecs, 4, 4);
ABI_MEMBER(struct xenpf_settime32, system_time, 8, 8);

ABI_SIZE(struct xenpf_settime64, 24, 8);
ABI_MEMBER(struct xenpf_settime64, secs, 0, 8);
ABI_MEMBER(struct xenpf_settime64, nsecs, 8, 4);
ABI_MEMBER(struct xenpf_settime64, mbz, 12, 4);
ABI_MEMBER(struct xenpf_settime64, system_time, 16, 8);

ABI_SIZE(struct xenpf_symdata, 32, 8);
ABI_MEMBER(struct xenpf_symdata, namelen, 0, 4);
ABI_MEMBER(struct xenpf_symdata, symnum, 4, 4);
ABI_MEMBER(struct xenpf_symdata, name, 8, 8);
ABI_MEMBER(struct xenpf_symdata, name.p, 8, 8);
ABI_MEMBER(struct xenpf_symdata, address, 16, 8);
ABI_MEMBER(struct xenpf_symdata, type, 24, 1);

ABI_SIZE(struct xenpf_ucode_revision, 16, 4);
ABI_MEMBER(struct xenpf_ucode_revision, cpu, 0, 4);
ABI_MEMBER(struct xenpf_ucode_revision, signature, 4, 4);
ABI_MEMBER(struct xenpf_ucode_revision, pf, 8, 4);
ABI_MEMBER(struct xenpf_ucode_revision, revision, 12, 4);

ABI_SIZE(struct xenstore_domain_interface, 2080, 4);
ABI_MEMBER(struct xenstore_domain_interface, req, 0, 1024);
ABI_MEMBER(struct xenstore_domain_interface, rsp, 1024, 1024);
ABI_MEMBER(struct xenstore_domain_interface, req_cons, 2048, 4);
ABI_MEMBER(struct xenstore_domain_interface, req_prod, 2052, 4);
ABI_MEMBER(struct xenstore_domain_interface, rsp_cons, 2056, 4);
ABI_MEMBER(struct xenstore_domain_interface, rsp_prod, 2060, 4);
ABI_MEMBER(struct xenstore_domain_interface, server_features, 2064, 4);
ABI_MEMBER(struct xenstore_domain_interface, connection, 2068, 4);
ABI_MEMBER(struct xenstore_domain_interface, error, 2072, 4);
ABI_MEMBER(struct xenstore_domain_interface, evtchn_port, 2076, 4);

ABI_SIZE(struct xsd_errors, 16, 8);
ABI_MEMBER(struct xsd_errors, errnum, 0, 4);
ABI_MEMBER(struct xsd_errors, errstring, 8, 8);

ABI_SIZE(struct xsd_sockmsg, 16, 4);
ABI_MEMBER(struct xsd_sockmsg, type, 0, 4);
ABI_MEMBER(struct xsd_sockmsg, req_id, 4, 4);
ABI_MEMBER(struct xsd_sockmsg, tx_id, 8, 4);
ABI_MEMBER(struct xsd_sockmsg, len, 12, 4);
