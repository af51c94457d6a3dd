/* streammangle.c - corrupt one record of a saved domain on purpose, to test
 * that a restore refuses it (tools/dom0/tests/saverestore.sh). Installed in
 * the dom0 image as /usr/lib/xeno/stream-mangle.
 *
 *   stream-mangle MODE IN OUT [MFN]    write IN changed to OUT (a file or a
 *                                      FIFO that `xl restore` reads as it
 *                                      comes; IN itself is not modified):
 *     count    flip bit 4 of the first PAGE_DATA record's pfn count
 *     length   flip bit 12 of the first PAGE_DATA record's body length
 *     pfn      the first PAGE_DATA record's first pfn := the p2m's last + 1
 *              (X86_PV_P2M_FRAMES end_pfn + 1), its type kept
 *     foreign  the first unpinned L1 page table in the stream becomes a
 *              NOTAB page (written as is, not localised by libxc) whose
 *              only entry maps MFN (present, writable, user): only the
 *              hypervisor can refuse it, when the L4 above it is pinned
 *     foreign-ro  the same, the entry read-only (present, user)
 *   stream-mangle m2p-mfn              print the first frame of the
 *                                      hypervisor's M2P table
 *                                      (XENMEM_machphys_mfn_list)
 *
 * IN is `xl save`'s file: xl's header, libxl's stream, and inside it libxc's
 * stream (Xen's docs/specs/libxc-migration-stream.pandoc): found by its marker
 * (8 x 0xff) and id "XENF", then records {u32 type, u32 length, body padded
 * to 8} until END. A PAGE_DATA body is {u32 count, u32 reserved,
 * u64 pfn[count] (type in bits 63..60), then one 4 KiB page per pfn whose
 * type carries data}. Invariant: only the bytes named by MODE change, OUT has
 * IN's length (unless its reader stops early). Exit 0 on success, 1 with a
 * message on stderr otherwise. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

enum { REC_END = 0, REC_PAGE_DATA = 1, REC_P2M_FRAMES = 3 };
#define PAGE 4096u
#define TYPE_SHIFT 60
#define TYPE_L1TAB 1ull
#define TYPE_NOTAB 0ull

struct stream {
	uint8_t *base;
	size_t size;
	size_t first_rec; /* offset of the first libxc record */
};

static int die(const char *msg)
{
	fprintf(stderr, "stream-mangle: %s\n", msg);
	return 1;
}

static uint32_t rd32(const uint8_t *p)
{
	uint32_t v;
	memcpy(&v, p, 4);
	return v;
}

static uint64_t rd64(const uint8_t *p)
{
	uint64_t v;
	memcpy(&v, p, 8);
	return v;
}

static void wr64(uint8_t *p, uint64_t v)
{
	memcpy(p, &v, 8);
}

/* The offset of the first libxc record of type `type` (before END), or 0. */
static size_t find_record(const struct stream *s, uint32_t type)
{
	size_t off = s->first_rec;
	while (off + 8 <= s->size) {
		uint32_t t = rd32(s->base + off), len = rd32(s->base + off + 4);
		if (t == type)
			return off;
		if (t == REC_END)
			return 0;
		off += 8 + ((len + 7u) & ~7u);
	}
	return 0;
}

static int find_libxc(struct stream *s)
{
	static const uint8_t mark[12] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
					 0xff, 0xff, 'X',  'E',	 'N',  'F'};
	const uint8_t *p = memmem(s->base, s->size, mark, sizeof(mark));
	if (!p)
		return -1;
	/* image header (24 bytes), then the domain header (16 bytes) */
	s->first_rec = (size_t)(p - s->base) + 24 + 16;
	return s->first_rec < s->size ? 0 : -1;
}

static int has_data(uint64_t type)
{
	return type < 0xd; /* BROKEN (d), XALLOC (e), XTAB (f) carry no page */
}

static int mangle_count(struct stream *s)
{
	size_t r = find_record(s, REC_PAGE_DATA);
	if (!r)
		return die("no PAGE_DATA record");
	s->base[r + 8] ^= 0x10;
	return 0;
}

static int mangle_length(struct stream *s)
{
	size_t r = find_record(s, REC_PAGE_DATA);
	if (!r)
		return die("no PAGE_DATA record");
	s->base[r + 5] ^= 0x10;
	return 0;
}

static int mangle_pfn(struct stream *s)
{
	size_t p2m = find_record(s, REC_P2M_FRAMES), r = find_record(s, REC_PAGE_DATA);
	if (!p2m || !r)
		return die("no X86_PV_P2M_FRAMES or PAGE_DATA record");
	uint64_t end_pfn = rd32(s->base + p2m + 12);
	uint64_t old = rd64(s->base + r + 16);
	uint64_t type = old >> TYPE_SHIFT;
	wr64(s->base + r + 16, (type << TYPE_SHIFT) | (end_pfn + 1));
	printf("pfn %#" PRIx64 " -> %#" PRIx64 "\n", (uint64_t)(old & ((1ull << TYPE_SHIFT) - 1)),
	       end_pfn + 1);
	return 0;
}

/* The page of the first unpinned L1 in PAGE_DATA record at `r`, or NULL. */
static uint8_t *first_l1(struct stream *s, size_t r, uint64_t *pfn)
{
	uint32_t count = rd32(s->base + r + 8);
	uint8_t *pfns = s->base + r + 16, *data = pfns + 8ull * count;
	for (uint32_t i = 0, n = 0; i < count; i++) {
		uint64_t w = rd64(pfns + 8ull * i), type = w >> TYPE_SHIFT;
		if (type == TYPE_L1TAB) {
			*pfn = w & ((1ull << TYPE_SHIFT) - 1);
			wr64(pfns + 8ull * i, (TYPE_NOTAB << TYPE_SHIFT) | *pfn);
			return data + (size_t)n * PAGE;
		}
		n += has_data(type);
	}
	return NULL;
}

static int mangle_foreign(struct stream *s, uint64_t mfn, uint64_t flags)
{
	size_t off = s->first_rec;
	while (off + 8 <= s->size) {
		uint32_t t = rd32(s->base + off), len = rd32(s->base + off + 4);
		uint64_t pfn;
		uint8_t *page;
		if (t == REC_END)
			break;
		if (t == REC_PAGE_DATA && (page = first_l1(s, off, &pfn))) {
			memset(page, 0, PAGE);
			wr64(page, (mfn << 12) | flags);
			printf("L1 at pfn %#" PRIx64 " now maps mfn %#" PRIx64 " (flags %#" PRIx64
			       ")\n",
			       pfn, mfn, flags);
			return 0;
		}
		off += 8 + ((len + 7u) & ~7u);
	}
	return die("no unpinned L1 page table in the stream");
}

/* Maps IN copy-on-write: the changes stay in this process. */
static int open_stream(const char *path, struct stream *s)
{
	struct stat st;
	int fd = open(path, O_RDONLY);
	if (fd < 0 || fstat(fd, &st) < 0)
		return -1;
	s->size = (size_t)st.st_size;
	s->base = mmap(NULL, s->size, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	close(fd);
	return s->base == MAP_FAILED ? -1 : find_libxc(s);
}

/* Writes the whole (changed) stream to OUT; a reader that stops early (a
 * restore refusing the stream) is not an error. */
static int write_stream(const struct stream *s, const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	size_t off = 0;
	if (fd < 0)
		return die(strerror(errno));
	while (off < s->size) {
		ssize_t n = write(fd, s->base + off, s->size - off);
		if (n < 0 && errno == EPIPE)
			break;
		if (n < 0)
			return die(strerror(errno));
		off += (size_t)n;
	}
	close(fd);
	return 0;
}

/* privcmd's hypercall ioctl (Linux's include/uapi/xen/privcmd.h). */
struct privcmd_hypercall {
	uint64_t op, arg[5];
};
#define IOCTL_PRIVCMD_HYPERCALL _IOC(_IOC_NONE, 'P', 0, sizeof(struct privcmd_hypercall))
#define HYPERVISOR_memory_op 12
#define XENMEM_machphys_mfn_list 5

static int m2p_mfn(void)
{
	static uint64_t mfns[16];
	struct {
		uint32_t max_extents, pad0;
		uint64_t extent_start;
		uint32_t nr_extents, pad1;
	} list = {16, 0, (uintptr_t)mfns, 0, 0};
	struct privcmd_hypercall call = {HYPERVISOR_memory_op,
					 {XENMEM_machphys_mfn_list, (uintptr_t)&list}};
	int fd = open("/dev/xen/privcmd", O_RDWR);
	if (fd < 0 || mlock(mfns, sizeof(mfns)) || mlock(&list, sizeof(list)))
		return die("cannot open /dev/xen/privcmd");
	if (ioctl(fd, IOCTL_PRIVCMD_HYPERCALL, &call) < 0 || list.nr_extents == 0)
		return die(strerror(errno));
	printf("%#" PRIx64 "\n", mfns[0]);
	return 0;
}

int main(int argc, char **argv)
{
	struct stream s;
	int rc;
	if (argc == 2 && !strcmp(argv[1], "m2p-mfn"))
		return m2p_mfn();
	if (argc < 4 || (!strncmp(argv[1], "foreign", 7) && argc < 5))
		return die("usage: stream-mangle count|length|pfn|foreign[-ro] IN OUT [MFN] | "
			   "m2p-mfn");
	if (open_stream(argv[2], &s))
		return die("cannot read the stream (no libxc stream in it?)");
	if (!strcmp(argv[1], "count"))
		rc = mangle_count(&s);
	else if (!strcmp(argv[1], "length"))
		rc = mangle_length(&s);
	else if (!strcmp(argv[1], "pfn"))
		rc = mangle_pfn(&s);
	else if (!strcmp(argv[1], "foreign"))
		rc = mangle_foreign(&s, strtoull(argv[4], NULL, 0), 0x67); /* P RW US A D */
	else if (!strcmp(argv[1], "foreign-ro"))
		rc = mangle_foreign(&s, strtoull(argv[4], NULL, 0), 0x25); /* P US A */
	else
		return die("unknown mode");
	fflush(stdout);
	signal(SIGPIPE, SIG_IGN);
	return rc ? rc : write_stream(&s, argv[3]);
}
