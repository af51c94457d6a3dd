/*
 * Address -> function lookup over the table generated at link time.
 * symbols_addr[] is sorted ascending; symbols_name_off[i] indexes the
 * NUL-separated symbols_names blob. The first link pass uses an empty table.
 */
#include <xeno/lib.h>
#include <xeno/symbols.h>

extern const unsigned long symbols_addr[];
extern const unsigned int symbols_name_off[];
extern const char symbols_names[];
extern const unsigned int symbols_count;

static unsigned int nr_symbols(void)
{
	return symbols_count;
}

/* Index of the last symbol at or below addr, or -1. */
static int find_index(unsigned long addr)
{
	int lo = 0, hi = (int)nr_symbols() - 1, best = -1;

	while (lo <= hi) {
		int mid = lo + (hi - lo) / 2;

		if (symbols_addr[mid] <= addr)
			best = mid, lo = mid + 1;
		else
			hi = mid - 1;
	}
	return best;
}

const char *symbol_lookup(unsigned long addr, unsigned long *off, unsigned long *size)
{
	int i = find_index(addr);
	extern const char __text_end[];

	if (i < 0 || addr >= (unsigned long)__text_end)
		return NULL;
	*off = addr - symbols_addr[i];
	*size = ((unsigned int)i + 1 < nr_symbols() ? symbols_addr[i + 1]
						    : (unsigned long)__text_end) -
		symbols_addr[i];
	return symbols_names + symbols_name_off[i];
}

void symbol_format(unsigned long addr, char *buf, size_t len)
{
	unsigned long off, size;
	const char *name = symbol_lookup(addr, &off, &size);

	if (name)
		snprintf(buf, len, "%s+%#lx/%#lx", name, off, size);
	else
		snprintf(buf, len, "%#lx", addr);
}
