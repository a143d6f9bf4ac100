// The writable memory of libespeak-ng (its .data and .bss), copied once a speaker has
// loaded its voice and copied back before every sentence: eSpeak NG carries state
// from one synthesis to the next (the flutter of its pitch, its wave generator's
// phase, parameters set by embedded commands), so that without this a sentence
// sounds different after different sentences.
#define _GNU_SOURCE
#include <link.h>
#include <malloc.h>
#include <stdlib.h>
#include <string.h>

struct rb_segment {
	char *addr;
	size_t len;
	char *copy;
};

static struct rb_segment rb_segments[8];
static int rb_nsegments;

static int rb_find(struct dl_phdr_info *info, size_t size, void *data) {
	(void)size;
	(void)data;
	if (info->dlpi_name == NULL || strstr(info->dlpi_name, "libespeak-ng") == NULL)
		return 0;
	unsigned long relro_lo = 0, relro_hi = 0;
	for (int i = 0; i < info->dlpi_phnum; i++) {
		if (info->dlpi_phdr[i].p_type == PT_GNU_RELRO) {
			relro_lo = info->dlpi_addr + info->dlpi_phdr[i].p_vaddr;
			relro_hi = relro_lo + info->dlpi_phdr[i].p_memsz;
		}
	}
	for (int i = 0; i < info->dlpi_phnum && rb_nsegments < 8; i++) {
		const ElfW(Phdr) *p = &info->dlpi_phdr[i];
		if (p->p_type != PT_LOAD || !(p->p_flags & PF_W))
			continue;
		unsigned long lo = info->dlpi_addr + p->p_vaddr, hi = lo + p->p_memsz;
		// The part made read-only after relocation is not state.
		if (relro_hi > lo && relro_lo < hi)
			lo = relro_hi;
		if (lo >= hi)
			continue;
		rb_segments[rb_nsegments].addr = (char *)lo;
		rb_segments[rb_nsegments].len = hi - lo;
		rb_nsegments++;
	}
	return 1;
}

// readback_snapshot copies the library's writable memory; it returns how many bytes,
// or -1 when the library is not found among the loaded objects.
long readback_snapshot(void) {
	if (rb_nsegments == 0)
		dl_iterate_phdr(rb_find, NULL);
	if (rb_nsegments == 0)
		return -1;
	long total = 0;
	for (int i = 0; i < rb_nsegments; i++) {
		free(rb_segments[i].copy);
		rb_segments[i].copy = malloc(rb_segments[i].len);
		if (rb_segments[i].copy == NULL)
			return -1;
		memcpy(rb_segments[i].copy, rb_segments[i].addr, rb_segments[i].len);
		total += (long)rb_segments[i].len;
	}
	return total;
}

void readback_restore(void) {
	for (int i = 0; i < rb_nsegments; i++)
		memcpy(rb_segments[i].addr, rb_segments[i].copy, rb_segments[i].len);
}

// readback_heap_in_use is the bytes malloc has handed out, mapped blocks (a
// dictionary) included: what a synthesis allocated and the restore lost track of
// shows here.
long readback_heap_in_use(void) {
	struct mallinfo2 m = mallinfo2();
	return (long)(m.uordblks + m.hblkhd);
}
