/*
 * rule/vm.h — compiled rules: a register program that evaluates several
 * rules (one sector's five criteria and its vetoes) over a block of units
 * at a time. Registers hold a whole block: numbers as doubles (NaN =
 * missing), truth values as bytes (rule-ast.h's three-valued encoding).
 */
#ifndef WUHONG_RULE_VM_H
#define WUHONG_RULE_VM_H

#include <stdint.h>

#include "rule/ast.h"
#include "util/compiler.h"

/* Units evaluated together; also the gather index range (uint16_t). */
#define VM_BLOCK 1024

/* Sector indices a merged program's constant tables are indexed by. */
#define VM_MAX_SECTORS 64

/* Opcodes (rule/vm.c runs them; rule/mask.c translates the logical ones). */
enum {
	OP_LOADN, OP_LOADB, OP_CONSTN, OP_CONSTT,
	OP_NEG, OP_ABS, OP_ADD, OP_SUB, OP_MUL, OP_DIV, OP_MIN, OP_MAX,
	OP_CMP, OP_CMPK, OP_CMPKV, OP_BEQ, OP_BNE,
	OP_AND, OP_OR, OP_NOT,
	OP_MISSN, OP_MISST, OP_COALN, OP_COALT
};

typedef struct vm_insn {
	uint8_t op;
	uint8_t cmp;      /* rule_kind of a comparison */
	uint16_t dst, a, b;
	int32_t col;      /* indicator index for loads; constant slot for OP_CMPKV */
	double k;         /* constant operand */
} vm_insn;

typedef struct vm_program {
	vm_insn *code;
	int n_code;
	int n_regs;
	int n_outputs;
	uint16_t *outputs;  /* register holding each rule's result */
	/* merged programs only: per-sector constants, ktab[slot * VM_MAX_SECTORS + sector] */
	double *ktab;
	int n_kslots;
	int max_sector;     /* the largest sector index using ktab */
} vm_program;

/*
 * Compile rules[0 .. n-1] into one program (loads of the same column are
 * shared). Memory comes from arena.
 */
int vm_compile(vm_program *out, const rule_ast *const *rules, int n, wh_arena *arena,
	       wuhong_error *err);

/*
 * Merge the programs of several sectors into one when they differ only in
 * the constants of their comparisons (same shape, same columns): a block
 * mixing those sectors then runs once over the columns in place, each
 * unit's constants looked up by its sector. Returns false (and leaves out
 * untouched) when the programs differ in anything else.
 */
bool vm_same_shape(const vm_program *a, const vm_program *b);
bool vm_merge(vm_program *out, const vm_program *const *progs, const int *sectors, int n, wh_arena *arena,
	      bool *oom);

/* Per-thread working memory for vm_run. */
typedef struct vm_scratch {
	int n_regs;
	double *num;       /* n_regs * VM_BLOCK */
	uint8_t *tri;      /* n_regs * VM_BLOCK */
	const double **nptr; /* where each numeric register's values are */
} vm_scratch;

int vm_scratch_init(vm_scratch *s, int n_regs);
void vm_scratch_free(vm_scratch *s);

/*
 * Run prog over n units (n <= VM_BLOCK): unit j is row base + idx[j] of
 * the columns, or base + j when idx is NULL. cols[i] is indicator i's
 * column; sec[j] is unit j's sector (read by merged programs only). After
 * the call, scratch->tri + outputs[r] * VM_BLOCK holds rule r's results.
 */
void vm_run(const vm_program *prog, vm_scratch *s, const double *const *cols, size_t base,
	    const uint16_t *idx, const uint8_t *sec, int n);

static inline const uint8_t *vm_output(const vm_program *prog, const vm_scratch *s, int r)
{
	return s->tri + (size_t)prog->outputs[r] * VM_BLOCK;
}

#endif
