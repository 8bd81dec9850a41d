/*
 * rule/vm.c — from syntax trees to register programs, and the block loops
 * that run them. Constants are folded at compile time, and a comparison
 * with a constant becomes one instruction (the common shape of a
 * criterion: `indicator >= threshold`).
 */
#include <stdlib.h>
#include <string.h>

#include "rule/vm.h"

#include "rule/semantics.h"
#include "util/alloc.h"

#include "rule/lookup8.h"
#ifdef HAVE_AVX2_LOOKUP8
#define HAVE_AVX2_LOOKUP 1
#endif

#define MAX_REGS 4096

typedef struct operand {
	bool is_const;
	double k;      /* number, or TRI_* for truth values */
	int reg;
} operand;

typedef struct gen {
	vm_insn *code;
	int n_code, cap_code;
	int n_regs;
	bool *busy;           /* register holds a live value */
	bool *pinned;         /* register is a shared load or an output */
	int *col_reg_num;     /* indicator -> register with its loaded numbers */
	int *col_reg_tri;
	int n_cols;
	int rc;
	wuhong_error *err;
} gen;

static int reg_alloc(gen *g)
{
	for (int r = 0; r < g->n_regs; r++)
		if (!g->busy[r]) {
			g->busy[r] = true;
			return r;
		}
	if (g->n_regs >= MAX_REGS) {
		g->rc = wh_error(g->err, WUHONG_ERULE, "rules too large to compile");
		return 0;
	}
	bool *busy = wh_realloc(g->busy, (size_t)(g->n_regs + 1) * sizeof *busy);
	bool *pinned = busy ? wh_realloc(g->pinned, (size_t)(g->n_regs + 1) * sizeof *pinned) : NULL;
	if (busy)
		g->busy = busy;
	if (!busy || !pinned) {
		g->rc = wh_error_oom(g->err);
		return 0;
	}
	g->pinned = pinned;
	g->busy[g->n_regs] = true;
	g->pinned[g->n_regs] = false;
	return g->n_regs++;
}

static void release(gen *g, operand o)
{
	if (!o.is_const && !g->pinned[o.reg])
		g->busy[o.reg] = false;
}

static int emit(gen *g, uint8_t op, uint8_t cmp, int dst, int a, int b, int col, double k)
{
	if (g->rc)
		return 0;
	if (g->n_code == g->cap_code) {
		int cap = g->cap_code ? g->cap_code * 2 : 64;
		vm_insn *c = wh_realloc(g->code, (size_t)cap * sizeof *c);
		if (!c) {
			g->rc = wh_error_oom(g->err);
			return 0;
		}
		g->code = c;
		g->cap_code = cap;
	}
	g->code[g->n_code++] = (vm_insn){ op, cmp, (uint16_t)dst, (uint16_t)a, (uint16_t)b, col, k };
	return dst;
}

static operand constant(double k)
{
	return (operand){ true, k, -1 };
}

static operand in_reg(int r)
{
	return (operand){ false, 0, r };
}

/* Put a constant into a register (an operand of an op with no K form). */
static operand materialise(gen *g, operand o, rule_type t)
{
	if (!o.is_const)
		return o;
	int r = reg_alloc(g);
	if (g->rc)
		return constant(0);
	emit(g, t == RT_BOOL ? OP_CONSTT : OP_CONSTN, 0, r, 0, 0, 0, o.k);
	return in_reg(r);
}

static rule_kind flip(rule_kind k)
{
	switch (k) {
	case RK_LT: return RK_GT;
	case RK_LE: return RK_GE;
	case RK_GT: return RK_LT;
	case RK_GE: return RK_LE;
	default: return k;
	}
}

static operand gen_node(gen *g, const rule_ast *ast, int n)
{
	const rule_node *x = &ast->nodes[n];
	if (g->rc)
		return constant(0);
	switch (x->kind) {
	case RK_NUM:
		return constant(x->num);
	case RK_BOOL:
		return constant(x->num ? TRI_TRUE : TRI_FALSE);
	case RK_NAME: {
		int *cache = x->type == RT_BOOL ? g->col_reg_tri : g->col_reg_num;
		if (cache[x->indicator] < 0) {
			int r = reg_alloc(g);
			if (g->rc)
				return constant(0);
			g->pinned[r] = true;
			emit(g, x->type == RT_BOOL ? OP_LOADB : OP_LOADN, 0, r, 0, 0, x->indicator, 0);
			cache[x->indicator] = r;
		}
		return in_reg(cache[x->indicator]);
	}
	default:
		break;
	}
	operand a = gen_node(g, ast, x->a);
	operand b = x->b >= 0 ? gen_node(g, ast, x->b) : constant(0);
	if (g->rc)
		return constant(0);
	bool unary = x->b < 0;
	rule_type at = ast->nodes[x->a].type;
	/* fold constant subtrees through the one scalar definition (rule/semantics.h) */
	if (a.is_const && (unary || b.is_const)) {
		rule_type bt = unary ? at : ast->nodes[x->b].type;
		rule_value va = { at == RT_BOOL ? NAN : a.k, at == RT_BOOL ? (uint8_t)a.k : TRI_UNKNOWN };
		rule_value vb = { bt == RT_BOOL ? NAN : b.k, bt == RT_BOOL ? (uint8_t)b.k : TRI_UNKNOWN };
		rule_value r = sem_node(x->kind, at, va, vb);
		return constant(x->type == RT_BOOL ? (double)r.tri : r.num);
	}
	/* `false and x` is false whatever x is; `true and x` is x (and dually) */
	if (x->kind == RK_AND || x->kind == RK_OR) {
		operand c = a.is_const ? a : b, other = a.is_const ? b : a;
		if (c.is_const) {
			bool absorbing = (x->kind == RK_AND) ? c.k == TRI_FALSE : c.k == TRI_TRUE;
			bool identity = (x->kind == RK_AND) ? c.k == TRI_TRUE : c.k == TRI_FALSE;
			if (absorbing) {
				release(g, other);
				return c;
			}
			if (identity)
				return other;
		}
	}
	if ((x->kind >= RK_LT && x->kind <= RK_NE) && at == RT_NUMBER && (a.is_const || b.is_const)) {
		operand v = a.is_const ? b : a;
		double k = a.is_const ? a.k : b.k;
		rule_kind kind = a.is_const ? flip(x->kind) : x->kind;
		if (isnan(k)) { /* e.g. x >= 1/0: a comparison with missing is unknown */
			release(g, v);
			return constant(TRI_UNKNOWN);
		}
		int r = reg_alloc(g); /* before release: dst never aliases an operand */
		if (g->rc)
			return constant(0);
		release(g, v);
		emit(g, OP_CMPK, (uint8_t)kind, r, v.reg, 0, 0, k);
		return in_reg(r);
	}
	a = materialise(g, a, at);
	if (!unary)
		b = materialise(g, b, ast->nodes[x->b].type);
	int r = reg_alloc(g); /* before release: dst never aliases an operand */
	if (g->rc)
		return constant(0);
	release(g, a);
	if (!unary)
		release(g, b);
	uint8_t op;
	switch (x->kind) {
	case RK_NEG: op = OP_NEG; break;
	case RK_ABS: op = OP_ABS; break;
	case RK_NOT: op = OP_NOT; break;
	case RK_MISSING: op = at == RT_BOOL ? OP_MISST : OP_MISSN; break;
	case RK_ADD: op = OP_ADD; break;
	case RK_SUB: op = OP_SUB; break;
	case RK_MUL: op = OP_MUL; break;
	case RK_DIV: op = OP_DIV; break;
	case RK_MIN: op = OP_MIN; break;
	case RK_MAX: op = OP_MAX; break;
	case RK_COALESCE: op = at == RT_BOOL ? OP_COALT : OP_COALN; break;
	case RK_AND: op = OP_AND; break;
	case RK_OR: op = OP_OR; break;
	case RK_EQ: case RK_NE:
		if (at == RT_BOOL) {
			op = x->kind == RK_EQ ? OP_BEQ : OP_BNE;
			break;
		}
		/* fall through */
	default: op = OP_CMP; break;
	}
	emit(g, op, (uint8_t)x->kind, r, a.reg, unary ? 0 : b.reg, 0, 0);
	return in_reg(r);
}

int vm_compile(vm_program *out, const rule_ast *const *rules, int n, wh_arena *arena,
	       wuhong_error *err)
{
	gen g = { .err = err };
	memset(out, 0, sizeof *out);
	int max_ind = -1;
	for (int i = 0; i < n; i++)
		for (int j = 0; j < rules[i]->n_nodes; j++)
			if (rules[i]->nodes[j].indicator > max_ind)
				max_ind = rules[i]->nodes[j].indicator;
	g.n_cols = max_ind + 1;
	g.col_reg_num = wh_malloc(sizeof(int) * (size_t)(g.n_cols + 1));
	g.col_reg_tri = wh_malloc(sizeof(int) * (size_t)(g.n_cols + 1));
	uint16_t *outputs = wh_arena_alloc(arena, sizeof *outputs * (size_t)(n + 1));
	if (!g.col_reg_num || !g.col_reg_tri || !outputs) {
		g.rc = wh_error_oom(err);
		goto out;
	}
	for (int i = 0; i < g.n_cols; i++)
		g.col_reg_num[i] = g.col_reg_tri[i] = -1;
	for (int i = 0; i < n && !g.rc; i++) {
		operand o = gen_node(&g, rules[i], rules[i]->root);
		if (!g.rc)
			o = materialise(&g, o, RT_BOOL);
		if (g.rc)
			break;
		if (o.reg >= 0) {
			g.pinned[o.reg] = true; /* keep the result until the end */
			outputs[i] = (uint16_t)o.reg;
		}
	}
	if (g.rc)
		goto out;
	out->code = wh_arena_alloc(arena, sizeof *out->code * (size_t)(g.n_code + 1));
	if (!out->code) {
		g.rc = wh_error_oom(err);
		goto out;
	}
	if (g.n_code)
		memcpy(out->code, g.code, sizeof *g.code * (size_t)g.n_code);
	out->n_code = g.n_code;
	out->n_regs = g.n_regs;
	out->n_outputs = n;
	out->outputs = outputs;
out:
	wh_free(g.code);
	wh_free(g.busy);
	wh_free(g.pinned);
	wh_free(g.col_reg_num);
	wh_free(g.col_reg_tri);
	return g.rc;
}

bool vm_same_shape(const vm_program *a, const vm_program *b)
{
	if (a->n_code != b->n_code || a->n_outputs != b->n_outputs || a->n_regs != b->n_regs ||
	    memcmp(a->outputs, b->outputs, sizeof *a->outputs * (size_t)a->n_outputs) != 0)
		return false;
	for (int pc = 0; pc < a->n_code; pc++) {
		const vm_insn *x = &a->code[pc], *y = &b->code[pc];
		if (x->op != y->op || x->cmp != y->cmp || x->dst != y->dst || x->a != y->a || x->b != y->b ||
		    x->col != y->col)
			return false;
		/* only a comparison's constant may differ (NaN never reaches OP_CMPK) */
		if (x->k != y->k && x->op != OP_CMPK)
			return false;
	}
	return true;
}

bool vm_merge(vm_program *out, const vm_program *const *progs, const int *sectors, int n, wh_arena *arena,
	      bool *oom)
{
	const vm_program *first = progs[0];
	*oom = false;
	for (int p = 1; p < n; p++)
		if (!vm_same_shape(first, progs[p]))
			return false;
	int slots = 0;
	for (int pc = 0; pc < first->n_code; pc++)
		for (int p = 1; p < n; p++)
			if (progs[p]->code[pc].k != first->code[pc].k) {
				slots++;
				break;
			}
	vm_insn *code = wh_arena_alloc(arena, sizeof *code * (size_t)(first->n_code + 1));
	double *ktab = wh_arena_alloc(arena, sizeof *ktab * (size_t)(slots ? slots : 1) * VM_MAX_SECTORS);
	if (!code || !ktab) {
		*oom = true;
		return false;
	}
	memcpy(code, first->code, sizeof *code * (size_t)first->n_code);
	int slot = 0;
	for (int pc = 0; pc < first->n_code; pc++) {
		bool varies = false;
		for (int p = 1; p < n; p++)
			varies |= progs[p]->code[pc].k != first->code[pc].k;
		if (!varies)
			continue;
		code[pc].op = OP_CMPKV;
		code[pc].col = slot;
		for (int p = 0; p < n; p++)
			ktab[slot * VM_MAX_SECTORS + sectors[p]] = progs[p]->code[pc].k;
		slot++;
	}
	*out = *first;
	out->code = code;
	out->ktab = ktab;
	out->n_kslots = slots;
	out->max_sector = 0;
	for (int p = 0; p < n; p++)
		if (sectors[p] > out->max_sector)
			out->max_sector = sectors[p];
	return true;
}

int vm_scratch_init(vm_scratch *s, int n_regs)
{
	memset(s, 0, sizeof *s);
	size_t r = (size_t)(n_regs > 0 ? n_regs : 1);
	s->num = wh_aligned_alloc(64, r * VM_BLOCK * sizeof(double));
	s->tri = wh_aligned_alloc(64, r * VM_BLOCK);
	s->nptr = wh_calloc(r, sizeof *s->nptr);
	if (!s->num || !s->tri || !s->nptr) {
		vm_scratch_free(s);
		return WUHONG_ENOMEM;
	}
	s->n_regs = (int)r;
	return 0;
}

void vm_scratch_free(vm_scratch *s)
{
	wh_aligned_free(s->num);
	wh_aligned_free(s->tri);
	wh_free(s->nptr);
	memset(s, 0, sizeof *s);
}

/* ---- block loops ---------------------------------------------------------- */

#define NUM(r) (s->num + (size_t)(r) * VM_BLOCK)
#define TRI(r) (s->tri + (size_t)(r) * VM_BLOCK)

/*
 * Comparisons, branch-free so they vectorise: u is 1 when an operand is
 * NaN (missing); the result is 2*(a op b and not u) + u, which is exactly
 * sem_cmp's TRI_TRUE / TRI_FALSE / TRI_UNKNOWN. The constant k is never
 * NaN here (vm_compile folds such comparisons to unknown).
 */
#define CMP_K_LOOP(OP) \
	for (int j = 0; j < n; j++) { \
		int u = a[j] != a[j]; \
		d[j] = (uint8_t)(((a[j] OP k) & !u) * 2 + u); \
	}

#define CMP_V_LOOP(OP) \
	for (int j = 0; j < n; j++) { \
		int u = (a[j] != a[j]) | (b[j] != b[j]); \
		d[j] = (uint8_t)(((a[j] OP b[j]) & !u) * 2 + u); \
	}

static inline __attribute__((always_inline)) void cmp_k(uint8_t *restrict d, const double *restrict a, double k, rule_kind kind, int n)
{
	switch (kind) {
	case RK_LT: CMP_K_LOOP(<) break;
	case RK_LE: CMP_K_LOOP(<=) break;
	case RK_GT: CMP_K_LOOP(>) break;
	case RK_GE: CMP_K_LOOP(>=) break;
	case RK_EQ: CMP_K_LOOP(==) break;
	default: CMP_K_LOOP(!=) break;
	}
}

static inline __attribute__((always_inline)) void cmp_v(uint8_t *restrict d, const double *restrict a, const double *restrict b,
		  rule_kind kind, int n)
{
	switch (kind) {
	case RK_LT: CMP_V_LOOP(<) break;
	case RK_LE: CMP_V_LOOP(<=) break;
	case RK_GT: CMP_V_LOOP(>) break;
	case RK_GE: CMP_V_LOOP(>=) break;
	case RK_EQ: CMP_V_LOOP(==) break;
	default: CMP_V_LOOP(!=) break;
	}
}

static inline __attribute__((always_inline)) const double *load(double *restrict buf, const double *restrict col,
								size_t base, const uint16_t *restrict idx, int n)
{
	if (!idx)
		return col + base; /* contiguous: read the column in place */
	const double *c = col + base;
	for (int j = 0; j < n; j++)
		buf[j] = c[idx[j]];
	return buf;
}

#ifdef HAVE_AVX2_LOOKUP
/* d[j] = tab[sec[j]] for sectors 0-7, four units at a time (rule/lookup8.h):
 * several times faster than loads here, and than AVX2's gather. */
__attribute__((target("avx2")))
static void lookup8_avx2(double *restrict d, const double *restrict tab, const uint8_t *restrict sec, int n)
{
	const __m256 lo = _mm256_castpd_ps(_mm256_loadu_pd(tab));
	const __m256 hi = _mm256_castpd_ps(_mm256_loadu_pd(tab + 4));
	int j = 0;
	for (; j + 4 <= n; j += 4)
		_mm256_storeu_pd(d + j, lookup8_avx2_4(lo, hi, sec + j));
	for (; j < n; j++)
		d[j] = tab[sec[j]];
}
#endif

/* d[j] = tab[sec[j]]: each unit's constant from its sector's row. */
static void lookup(double *restrict d, const double *restrict tab, int max_sector, const uint8_t *restrict sec,
		   int n)
{
#ifdef HAVE_AVX2_LOOKUP
	if (max_sector < 8 && __builtin_cpu_supports("avx2")) {
		lookup8_avx2(d, tab, sec, n);
		return;
	}
#endif
	for (int j = 0; j < n; j++)
		d[j] = tab[sec[j]];
}

WH_MULTIVERSION
void vm_run(const vm_program *prog, vm_scratch *s, const double *const *cols, size_t base,
	    const uint16_t *idx, const uint8_t *sec, int n)
{
	const double **np = s->nptr;
	for (int pc = 0; pc < prog->n_code; pc++) {
		const vm_insn *in = &prog->code[pc];
		double *restrict dn = NUM(in->dst);
		uint8_t *restrict dt = TRI(in->dst);
		const double *restrict na = np[in->a];
		const double *restrict nb = np[in->b];
		const uint8_t *restrict ta = TRI(in->a);
		const uint8_t *restrict tb = TRI(in->b);
		switch (in->op) {
		case OP_LOADN:
			np[in->dst] = load(dn, cols[in->col], base, idx, n);
			break;
		case OP_LOADB: {
			const double *v = load(dn, cols[in->col], base, idx, n);
			for (int j = 0; j < n; j++)
				dt[j] = sem_bool_value(v[j]);
			break;
		}
		case OP_CONSTN:
			for (int j = 0; j < n; j++)
				dn[j] = in->k;
			np[in->dst] = dn;
			break;
		case OP_CONSTT:
			memset(dt, (int)in->k, (size_t)n);
			break;
		case OP_NEG:
			for (int j = 0; j < n; j++)
				dn[j] = -na[j];
			np[in->dst] = dn;
			break;
		case OP_ABS:
			for (int j = 0; j < n; j++)
				dn[j] = fabs(na[j]);
			np[in->dst] = dn;
			break;
		case OP_ADD:
			for (int j = 0; j < n; j++)
				dn[j] = na[j] + nb[j];
			np[in->dst] = dn;
			break;
		case OP_SUB:
			for (int j = 0; j < n; j++)
				dn[j] = na[j] - nb[j];
			np[in->dst] = dn;
			break;
		case OP_MUL:
			for (int j = 0; j < n; j++)
				dn[j] = na[j] * nb[j];
			np[in->dst] = dn;
			break;
		case OP_DIV:
			for (int j = 0; j < n; j++)
				dn[j] = sem_div(na[j], nb[j]);
			np[in->dst] = dn;
			break;
		case OP_MIN:
			for (int j = 0; j < n; j++)
				dn[j] = sem_min(na[j], nb[j]);
			np[in->dst] = dn;
			break;
		case OP_MAX:
			for (int j = 0; j < n; j++)
				dn[j] = sem_max(na[j], nb[j]);
			np[in->dst] = dn;
			break;
		case OP_CMP:
			cmp_v(dt, na, nb, (rule_kind)in->cmp, n);
			break;
		case OP_CMPK:
			cmp_k(dt, na, in->k, (rule_kind)in->cmp, n);
			break;
		case OP_CMPKV:
			/* each unit's constant from its sector's row of the table */
			lookup(dn, prog->ktab + (size_t)in->col * VM_MAX_SECTORS, prog->max_sector, sec, n);
			cmp_v(dt, na, dn, (rule_kind)in->cmp, n);
			break;
		case OP_BEQ:
		case OP_BNE:
			for (int j = 0; j < n; j++)
				dt[j] = sem_bool_eq(ta[j], tb[j], in->op == OP_BNE);
			break;
		case OP_AND:
			for (int j = 0; j < n; j++)
				dt[j] = sem_and(ta[j], tb[j]);
			break;
		case OP_OR:
			for (int j = 0; j < n; j++)
				dt[j] = sem_or(ta[j], tb[j]);
			break;
		case OP_NOT:
			for (int j = 0; j < n; j++)
				dt[j] = sem_not(ta[j]);
			break;
		case OP_MISSN:
			for (int j = 0; j < n; j++)
				dt[j] = isnan(na[j]) ? TRI_TRUE : TRI_FALSE;
			break;
		case OP_MISST:
			for (int j = 0; j < n; j++)
				dt[j] = ta[j] == TRI_UNKNOWN ? TRI_TRUE : TRI_FALSE;
			break;
		case OP_COALN:
			for (int j = 0; j < n; j++)
				dn[j] = isnan(na[j]) ? nb[j] : na[j];
			np[in->dst] = dn;
			break;
		case OP_COALT:
			for (int j = 0; j < n; j++)
				dt[j] = ta[j] == TRI_UNKNOWN ? tb[j] : ta[j];
			break;
		}
	}
}
