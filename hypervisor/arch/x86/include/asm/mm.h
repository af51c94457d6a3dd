/* x86 boot-time memory set-up (arch/x86/mm/paging.c). */
#ifndef ASM_MM_H
#define ASM_MM_H

#include <xeno/mm.h>

void paging_init(void);
void paging_heap_ready(void);
unsigned long memmap_max_pfn(void);
struct page_info *frametable_init(unsigned long nr);

#endif
