/*
 * rule/ast.h — the rule language's syntax tree and its compiler entry points.
 *
 * Three-valued logic is encoded in one byte: false = 0, unknown = 1,
 * true = 2. Then Kleene's `and` is min, `or` is max and `not` is 2 - x, which
 * the block evaluator turns into branch-free loops. A missing number is NaN.
 * The block VM (rule-vm.c) and the explainer (explain.c) both call the
 * inline functions below, so they cannot disagree.
 */
#ifndef WUHONG_RULE_AST_H
#define WUHONG_RULE_AST_H

#include <math.h>
#include <stdbool.h>
#include <stdint.h>

#include "util/arena.h"
#include "util/buf.h"
#include "util/error-record.h"

enum { TRI_FALSE = 0, TRI_UNKNOWN = 1, TRI_TRUE = 2 };

typedef enum rule_type { RT_NUMBER, RT_BOOL } rule_type;

typedef enum rule_kind {
	RK_NUM, RK_BOOL, RK_NAME,
	RK_NEG, RK_NOT, RK_ABS, RK_MISSING,
	RK_ADD, RK_SUB, RK_MUL, RK_DIV, RK_MIN, RK_MAX, RK_COALESCE,
	RK_LT, RK_LE, RK_GT, RK_GE, RK_EQ, RK_NE,
	RK_AND, RK_OR
} rule_kind;

typedef struct rule_node {
	rule_kind kind;
	rule_type type;
	double num;         /* RK_NUM value, RK_BOOL 0/1 */
	int indicator;      /* RK_NAME: index into the symbol table */
	int a, b;           /* children (node indices), -1 if none */
	int start, end;     /* byte range in the source text */
	int height;         /* 1 for a leaf, else 1 + its taller child's */
} rule_node;

/*
 * Limits on one rule, so that every walk over a tree (code generation, the
 * explainer, the canonical printer) recurses a bounded number of times.
 */
#define RULE_MAX_LENGTH 65536 /* bytes of rule text */
#define RULE_MAX_HEIGHT 500   /* operators inside one another, chains included */

typedef struct rule_ast {
	rule_node *nodes;
	int n_nodes;
	int root;
	const char *text;   /* the source, owned by whoever compiled it */
} rule_ast;

/*
 * What names a rule may use: symbol i has a key, a type and, for reasons,
 * a label and unit (either may be NULL). In list rules the symbols go on
 * past the indicators (tier, flags, ...), and `passed(k)`, `failed(k)`,
 * `unknown(k)` name criterion k's verdict: symbols criteria_base + 3*k,
 * +1 and +2 (all boolean). Elsewhere n_criteria is 0 and those functions
 * are errors.
 */
typedef struct rule_symbols {
	size_t count;
	const char *const *keys;
	const bool *is_bool;
	const char *const *labels;
	const char *const *units;
	size_t n_criteria;
	const char *const *criteria;
	size_t criteria_base;
} rule_symbols;

/*
 * Parse and type-check `text` as a boolean expression. Nodes are allocated
 * in `arena`. On error, fills err with the position inside the rule shifted
 * by `origin` (the rule's place in its file: line and column of its first
 * character), and an excerpt with a caret.
 */
int rule_parse(rule_ast *out, const char *text, const rule_symbols *syms, const wh_pos *origin,
	       wh_arena *arena, wuhong_error *err);

/* used[i] = true for every symbol i the rule names (others left as they are). */
void rule_mark_names(const rule_ast *ast, bool *used);

/* Append the canonical text of the tree (fully determined by its meaning
 * up to formatting) to buf. */
bool rule_canonical(const rule_ast *ast, wh_buf *buf);

static inline const char *rule_op_text(rule_kind k)
{
	switch (k) {
	case RK_LT: return "<";
	case RK_LE: return "<=";
	case RK_GT: return ">";
	case RK_GE: return ">=";
	case RK_EQ: return "==";
	case RK_NE: return "!=";
	default: return NULL;
	}
}

#endif
