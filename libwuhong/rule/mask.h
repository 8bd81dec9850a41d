/*
 * rule/mask.h — fused evaluation: a register program (rule/vm.h) made of
 * comparisons of columns with constants and the logic over them, run 64
 * units at a time with every truth value a pair of 64-bit masks (bit j:
 * unit j is true; is false) instead of a byte array per block. A
 * comparison reads its column slice once, compares it in vector registers
 * (AVX-512, AVX2 or plain C, chosen when the policy is compiled) and
 * leaves two masks; `and`, `or`, `not` are bit operations on them, so
 * nothing but the masks is written between instructions.
 *
 * What it cannot express — arithmetic (`a + b`, `-a`, `min`, `abs`,
 * `coalesce` of numbers), numeric constants compared with a computed
 * number — stays with the block VM: mask_compile says no and the caller
 * runs vm_run.
 */
#ifndef WUHONG_RULE_MASK_H
#define WUHONG_RULE_MASK_H

#include <stdint.h>

#include "rule/vm.h"

/* Units of one fused run: the width of a mask. */
#define MASK_GROUP 64

/* The comparison of missing(x): true where x is missing (NaN). */
#define MASK_IS_MISSING 0xff

/* How far ahead of the group being judged mask_prefetch is asked for (units):
 * measured, 128 to 384 are alike; the hardware's own prefetcher follows
 * only so many streams, and a program reads ten columns or more. */
#define MASK_PREFETCH_AHEAD 256

/* The instruction sets a fused program may run with, best first. */
typedef enum mask_isa { MASK_AVX512, MASK_AVX2, MASK_BASELINE } mask_isa;

typedef struct mask_insn {
	uint8_t op;
	uint8_t cmp;        /* rule_kind of a comparison, or MASK_IS_MISSING */
	uint16_t dst, a, b; /* mask registers (logic), or the operands' registers */
	int32_t col, col2;  /* columns compared (col2: a comparison of two columns) */
	double k;           /* constant operand, or TRI_* for a constant truth value */
	const double *tab;  /* per-sector constants (tab[sector]) of a merged program */
} mask_insn;

typedef struct mask_program {
	mask_insn *code;
	int n_code;
	int n_regs;
	int n_outputs;
	const uint16_t *outputs; /* the register of each rule's result (the VM's numbering) */
	int max_sector;
	mask_isa isa;
	const int32_t *cols;     /* the columns the program reads, each once */
	int n_cols;
} mask_program;

/*
 * Translate prog into a fused program (memory from arena). Returns false,
 * leaving out unusable, when prog has an instruction masks cannot express
 * (*oom says whether it was memory instead).
 */
bool mask_compile(mask_program *out, const vm_program *prog, wh_arena *arena, bool *oom);

/*
 * Run p over units base .. base+n-1 of the columns (n <= MASK_GROUP);
 * sec[j] is unit j's sector (merged programs only; readable in whole
 * eights, past n up to the next multiple of 8). t and f have room for
 * p->n_regs masks; afterwards rule r's result is t[p->outputs[r]] (true)
 * and f[p->outputs[r]] (false); neither bit set is unknown. Bits at n and
 * above are meaningless.
 */
void mask_run(const mask_program *p, const double *const *cols, size_t base, const uint8_t *sec, int n,
	      uint64_t *t, uint64_t *f);

/* Ask the memory for units at .. at+MASK_GROUP-1 of every column p reads
 * (a hint; all of them must be within the columns). */
void mask_prefetch(const mask_program *p, const double *const *cols, size_t at);

/* The instruction set programs compiled now will use: the best the CPU has,
 * or $WUHONG_SIMD (avx512, avx2, baseline) if it asks for one it has. */
mask_isa mask_isa_chosen(void);
const char *mask_isa_name(mask_isa isa);

#endif
