/*
 * rule/parse.c — lexer, recursive-descent parser and type checker of the
 * rule language. Precedence, lowest first (docs/policy.md):
 *
 *   or  <  and  <  not  <  comparisons (not chained)  <  ??  <  + -  <  * /
 *   <  unary -  <  numbers, names, true/false, f(...), ( )
 *
 * Binary operators associate to the left, except ?? (to the right).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rule/ast.h"
#include "util/alloc.h"
#include "util/c-locale.h"
#include "util/i18n.h"
#include "util/number.h"
#include "util/text.h"
#include "util/utf8.h"

typedef enum tok_kind {
	T_EOF, T_NUM, T_NAME, T_LPAREN, T_RPAREN, T_COMMA,
	T_PLUS, T_MINUS, T_STAR, T_SLASH, T_QQ,
	T_LT, T_LE, T_GT, T_GE, T_EQ, T_NE,
	T_AND, T_OR, T_NOT, T_TRUE, T_FALSE
} tok_kind;

typedef struct token {
	tok_kind kind;
	int start, end;
	double num;
} token;

typedef struct parser {
	const char *text;
	int pos;
	token tok;
	const rule_symbols *syms;
	const wh_pos *origin;
	rule_node *nodes;
	int n_nodes, cap_nodes;
	wuhong_error *err;
	int rc;
	int depth;
} parser;

#define MAX_DEPTH 200

/* ---- positions and errors ---------------------------------------------- */

static int fail_at(parser *p, int offset, int code, const char *fmt, ...) WH_PRINTF(4, 5);

static int fail_at(parser *p, int offset, int code, const char *fmt, ...)
{
	if (p->rc)
		return p->rc;
	p->rc = code;
	wuhong_error *err = p->err;
	if (!err)
		return code;
	/* line and column (in characters) of offset within the rule */
	long line = 1;
	int line_start = 0;
	for (int i = 0; i < offset && p->text[i]; i++)
		if (p->text[i] == '\n')
			line++, line_start = i + 1;
	long col = (long)wh_utf8_chars(p->text + line_start, (size_t)(offset - line_start)) + 1;
	wh_pos pos = { p->origin ? p->origin->file : NULL, line, col };
	if (p->origin && p->origin->line) {
		/* origin column > 0: where the rule's first line starts (a one-line
		 * scalar); < 0: the indentation of every line (a block scalar) */
		pos.line = p->origin->line + line - 1;
		if (line == 1 && p->origin->column > 0)
			pos.column = p->origin->column + col - 1;
		else if (p->origin->column < 0)
			pos.column = -p->origin->column + col;
	}
	va_list ap;
	va_start(ap, fmt);
	char msg[WUHONG_ERROR_MESSAGE_MAX];
	vsnprintf(msg, sizeof msg, wh_tr(fmt), ap);
	va_end(ap);
	wh_error_text_at(err, code, &pos, msg);
	/* excerpt: the rule's line, then a caret under the offending character */
	int line_end = line_start;
	while (p->text[line_end] && p->text[line_end] != '\n')
		line_end++;
	wh_buf ex = { 0 };
	wh_buf_append(&ex, p->text + line_start, (size_t)(line_end - line_start));
	wh_buf_puts(&ex, "\n");
	char prefix[WUHONG_ERROR_EXCERPT_MAX];
	size_t plen = (size_t)(offset - line_start);
	if (plen >= sizeof prefix)
		plen = sizeof prefix - 1;
	memcpy(prefix, p->text + line_start, plen);
	prefix[plen] = '\0';
	size_t width = wh_utf8_width(prefix);
	for (size_t i = 0; i < width; i++)
		wh_buf_putc(&ex, ' ');
	wh_buf_putc(&ex, '^');
	if (ex.data)
		wh_copy(err->excerpt, sizeof err->excerpt, ex.data);
	wh_buf_free(&ex);
	return code;
}

/* ---- lexer --------------------------------------------------------------- */

static bool is_ident_start(char c)
{
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_ident_char(char c)
{
	return is_ident_start(c) || (c >= '0' && c <= '9');
}

static bool word_is(const parser *p, const token *t, const char *w)
{
	size_t n = (size_t)(t->end - t->start);
	return strlen(w) == n && memcmp(p->text + t->start, w, n) == 0;
}

static void lex(parser *p)
{
	const char *s = p->text;
	int i = p->pos;
	for (;;) {
		while (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')
			i++;
		if (s[i] == '#') { /* comment to end of line */
			while (s[i] && s[i] != '\n')
				i++;
			continue;
		}
		break;
	}
	token t = { T_EOF, i, i, 0 };
	char c = s[i];
	if (c == '\0') {
		/* "the rule ends here" points just after the last token, not after
		 * trailing blanks or a block scalar's final newline */
		t.start = t.end = p->pos;
		p->tok = t;
		p->pos = i;
		return;
	}
	if ((c >= '0' && c <= '9') || (c == '.' && s[i + 1] >= '0' && s[i + 1] <= '9')) {
		int j = i;
		while (s[j] >= '0' && s[j] <= '9')
			j++;
		if (s[j] == '.')
			for (j++; s[j] >= '0' && s[j] <= '9'; j++)
				;
		if (s[j] == 'e' || s[j] == 'E') {
			int k = j + 1;
			if (s[k] == '+' || s[k] == '-')
				k++;
			if (s[k] >= '0' && s[k] <= '9') {
				while (s[k] >= '0' && s[k] <= '9')
					k++;
				j = k;
			}
		}
		if (is_ident_char(s[j])) {
			fail_at(p, j, WUHONG_ERULE, "unexpected '%c' after the number; expected an operator", s[j]);
			t.kind = T_EOF;
		} else {
			char *tmp = wh_strndup(s + i, (size_t)(j - i));
			if (!tmp) {
				p->rc = wh_error_oom(p->err);
			} else {
				t.num = wh_strtod(tmp, NULL); /* correctly rounded to the nearest double */
				wh_free(tmp);
				if (!isfinite(t.num))
					fail_at(p, i, WUHONG_ERULE, "number too large for a double");
			}
			t.kind = T_NUM;
		}
		t.end = j;
	} else if (is_ident_start(c)) {
		int j = i;
		while (is_ident_char(s[j]))
			j++;
		t.kind = T_NAME;
		t.end = j;
		if (word_is(p, &t, "and"))
			t.kind = T_AND;
		else if (word_is(p, &t, "or"))
			t.kind = T_OR;
		else if (word_is(p, &t, "not"))
			t.kind = T_NOT;
		else if (word_is(p, &t, "true"))
			t.kind = T_TRUE;
		else if (word_is(p, &t, "false"))
			t.kind = T_FALSE;
	} else {
		t.end = i + 1;
		char d = s[i + 1];
		switch (c) {
		case '(': t.kind = T_LPAREN; break;
		case ')': t.kind = T_RPAREN; break;
		case ',': t.kind = T_COMMA; break;
		case '+': t.kind = T_PLUS; break;
		case '-': t.kind = T_MINUS; break;
		case '*': t.kind = T_STAR; break;
		case '/': t.kind = T_SLASH; break;
		case '<': t.kind = d == '=' ? T_LE : T_LT; t.end += d == '='; break;
		case '>': t.kind = d == '=' ? T_GE : T_GT; t.end += d == '='; break;
		case '=':
			if (d == '=') {
				t.kind = T_EQ;
				t.end++;
			} else {
				fail_at(p, i, WUHONG_ERULE, "'=' is not an operator; write '==' to compare");
			}
			break;
		case '!':
			if (d == '=') {
				t.kind = T_NE;
				t.end++;
			} else {
				fail_at(p, i, WUHONG_ERULE, "'!' is not an operator; write 'not'");
			}
			break;
		case '?':
			if (d == '?') {
				t.kind = T_QQ;
				t.end++;
			} else {
				fail_at(p, i, WUHONG_ERULE, "'?' is not an operator; write '?\?' for a default value");
			}
			break;
		case '&':
			fail_at(p, i, WUHONG_ERULE, "'%s' is not an operator; write 'and'", d == '&' ? "&&" : "&");
			break;
		case '|':
			fail_at(p, i, WUHONG_ERULE, "'%s' is not an operator; write 'or'", d == '|' ? "||" : "|");
			break;
		default:
			if ((unsigned char)c >= 0x80)
				fail_at(p, i, WUHONG_ERULE,
					"unexpected character; names in rules are indicator keys (letters, digits, _), not labels");
			else
				fail_at(p, i, WUHONG_ERULE, "unexpected character '%c'", c);
			break;
		}
	}
	p->tok = t;
	p->pos = t.end;
}

/* ---- tree construction -------------------------------------------------- */

static int node_new(parser *p, rule_kind kind, int start, int end)
{
	if (p->n_nodes == p->cap_nodes) {
		int cap = p->cap_nodes ? p->cap_nodes * 2 : 32;
		rule_node *n = wh_realloc(p->nodes, (size_t)cap * sizeof *n);
		if (!n) {
			p->rc = wh_error_oom(p->err);
			return -1;
		}
		p->nodes = n;
		p->cap_nodes = cap;
	}
	rule_node *n = &p->nodes[p->n_nodes];
	memset(n, 0, sizeof *n);
	n->kind = kind;
	n->a = n->b = -1;
	n->indicator = -1;
	n->start = start;
	n->end = end;
	n->height = 1;
	return p->n_nodes++;
}

static int binary(parser *p, rule_kind kind, int a, int b)
{
	if (a < 0 || b < 0)
		return -1;
	int n = node_new(p, kind, p->nodes[a].start, p->nodes[b].end);
	if (n >= 0) {
		p->nodes[n].a = a;
		p->nodes[n].b = b;
	}
	return n;
}

static const char *type_name(rule_type t)
{
	return t == RT_BOOL ? wh_tr(N_("true/false")) : wh_tr(N_("a number"));
}

/* Check operand types of node n and set its result type. */
static int typecheck(parser *p, int n)
{
	if (n < 0)
		return -1;
	rule_node *x = &p->nodes[n];
	rule_node *a = x->a >= 0 ? &p->nodes[x->a] : NULL;
	rule_node *b = x->b >= 0 ? &p->nodes[x->b] : NULL;
	int ha = a ? a->height : 0, hb = b ? b->height : 0;
	x->height = 1 + (ha > hb ? ha : hb);
	if (x->height > RULE_MAX_HEIGHT) {
		fail_at(p, x->start, WUHONG_ERULE,
			"the rule nests more than %d operators inside one another; split it into shorter rules",
			RULE_MAX_HEIGHT);
		return -1;
	}
	const char *what = NULL;
	rule_type want = RT_NUMBER;
	switch (x->kind) {
	case RK_NEG: case RK_ABS:
	case RK_ADD: case RK_SUB: case RK_MUL: case RK_DIV: case RK_MIN: case RK_MAX:
		what = x->kind == RK_NEG ? "'-'" : x->kind == RK_ABS ? "abs()" :
		       x->kind == RK_MIN ? "min()" : x->kind == RK_MAX ? "max()" : wh_tr(N_("arithmetic"));
		x->type = RT_NUMBER;
		break;
	case RK_LT: case RK_LE: case RK_GT: case RK_GE:
		what = wh_tr(N_("a comparison"));
		x->type = RT_BOOL;
		break;
	case RK_NOT: case RK_AND: case RK_OR:
		what = x->kind == RK_NOT ? "'not'" : x->kind == RK_AND ? "'and'" : "'or'";
		want = RT_BOOL;
		x->type = RT_BOOL;
		break;
	case RK_EQ: case RK_NE: case RK_COALESCE:
		if (a->type != b->type)
			return fail_at(p, b->start, WUHONG_ERULE,
				       "'%s' needs both sides of the same type, but the left is %s and the right is %s",
				       x->kind == RK_EQ ? "==" : x->kind == RK_NE ? "!=" : "??",
				       type_name(a->type), type_name(b->type)), -1;
		x->type = x->kind == RK_COALESCE ? a->type : RT_BOOL;
		return n;
	case RK_MISSING:
		x->type = RT_BOOL;
		return n;
	default:
		return n;
	}
	if (a && a->type != want)
		return fail_at(p, a->start, WUHONG_ERULE, "%s needs %s here, but this is %s", what,
			       type_name(want), type_name(a->type)), -1;
	if (b && b->type != want)
		return fail_at(p, b->start, WUHONG_ERULE, "%s needs %s here, but this is %s", what,
			       type_name(want), type_name(b->type)), -1;
	return n;
}

static int parse_or(parser *p);

static bool expect(parser *p, tok_kind k, const char *what, int open_at)
{
	if (p->rc)
		return false;
	if (p->tok.kind == k) {
		lex(p);
		return true;
	}
	if (open_at >= 0)
		fail_at(p, p->tok.start, WUHONG_ERULE, "expected %s to close the '(' at character %d", what,
			open_at + 1);
	else
		fail_at(p, p->tok.start, WUHONG_ERULE, "expected %s", what);
	return false;
}

/* passed(k), failed(k), unknown(k): a criterion's verdict, in list rules. */
static int parse_verdict(parser *p, const token *fn, const char *which)
{
	if (!p->syms->n_criteria)
		return fail_at(p, fn->start, WUHONG_ERULE,
			       "%s() names a criterion's verdict and belongs in list rules only", which), -1;
	lex(p); /* ( */
	token arg = p->tok;
	if (arg.kind != T_NAME)
		return fail_at(p, arg.start, WUHONG_ERULE, "%s() takes a criterion key, such as %s(party)", which,
			       which), -1;
	size_t len = (size_t)(arg.end - arg.start);
	size_t k = 0;
	while (k < p->syms->n_criteria &&
	       !(strlen(p->syms->criteria[k]) == len && memcmp(p->syms->criteria[k], p->text + arg.start, len) == 0))
		k++;
	if (k == p->syms->n_criteria)
		return fail_at(p, arg.start, WUHONG_ERULE, "no sector has a criterion '%.*s'", (int)len,
			       p->text + arg.start), -1;
	lex(p);
	int close_end = p->tok.end;
	if (!expect(p, T_RPAREN, "')'", fn->end))
		return -1;
	int n = node_new(p, RK_NAME, fn->start, close_end);
	if (n < 0)
		return -1;
	int offset = strcmp(which, "passed") == 0 ? 0 : strcmp(which, "failed") == 0 ? 1 : 2;
	p->nodes[n].indicator = (int)(p->syms->criteria_base + 3 * k) + offset;
	p->nodes[n].type = RT_BOOL;
	return n;
}

static int parse_name(parser *p)
{
	token t = p->tok;
	lex(p);
	if (p->rc)
		return -1;
	size_t len = (size_t)(t.end - t.start);
	char name[128];
	if (len >= sizeof name)
		return fail_at(p, t.start, WUHONG_ERULE, "name too long"), -1;
	memcpy(name, p->text + t.start, len);
	name[len] = '\0';
	if (p->tok.kind == T_LPAREN && (strcmp(name, "passed") == 0 || strcmp(name, "failed") == 0 ||
					strcmp(name, "unknown") == 0))
		return parse_verdict(p, &t, name);
	if (p->tok.kind == T_LPAREN) {
		rule_kind k;
		int min_args, max_args;
		if (strcmp(name, "min") == 0)
			k = RK_MIN, min_args = 2, max_args = 1000;
		else if (strcmp(name, "max") == 0)
			k = RK_MAX, min_args = 2, max_args = 1000;
		else if (strcmp(name, "abs") == 0)
			k = RK_ABS, min_args = max_args = 1;
		else if (strcmp(name, "missing") == 0)
			k = RK_MISSING, min_args = max_args = 1;
		else
			return fail_at(p, t.start, WUHONG_ERULE,
				       "unknown function '%s'; expected min, max, abs or missing", name), -1;
		int open = p->tok.start;
		lex(p);
		int acc = parse_or(p);
		int nargs = 1;
		int first = acc;
		while (!p->rc && p->tok.kind == T_COMMA) {
			lex(p);
			int arg = parse_or(p);
			nargs++;
			if (k == RK_MIN || k == RK_MAX)
				acc = typecheck(p, binary(p, k, acc, arg));
		}
		if (p->rc)
			return -1;
		int close_end = p->tok.end;
		if (!expect(p, T_RPAREN, "')'", open))
			return -1;
		if (nargs < min_args || nargs > max_args)
			return fail_at(p, t.start, WUHONG_ERULE, min_args == max_args ? N_("%s() takes exactly 1 argument, not %d")
							    : N_("%s() takes 2 or more arguments, not %d"),
				       name, nargs), -1;
		if (k == RK_MIN || k == RK_MAX) {
			p->nodes[acc].start = t.start;
			p->nodes[acc].end = close_end;
			return acc;
		}
		int n = node_new(p, k, t.start, close_end);
		if (n < 0)
			return -1;
		p->nodes[n].a = first;
		return typecheck(p, n);
	}
	for (size_t i = 0; i < p->syms->count; i++) {
		if (strcmp(p->syms->keys[i], name) == 0) {
			int n = node_new(p, RK_NAME, t.start, t.end);
			if (n < 0)
				return -1;
			p->nodes[n].indicator = (int)i;
			p->nodes[n].type = p->syms->is_bool[i] ? RT_BOOL : RT_NUMBER;
			return n;
		}
	}
	/* suggest the closest declared name */
	const char *best = wh_nearest(name, wh_string_at, p->syms->keys, p->syms->count);
	if (best)
		return fail_at(p, t.start, WUHONG_ERULE,
			       "unknown name '%s'; did you mean '%s'? (names must be declared under indicators)",
			       name, best), -1;
	return fail_at(p, t.start, WUHONG_ERULE,
		       "unknown name '%s'; expected an indicator key declared under indicators", name), -1;
}

static int parse_primary(parser *p)
{
	if (p->rc)
		return -1;
	if (++p->depth > MAX_DEPTH)
		return fail_at(p, p->tok.start, WUHONG_ERULE, "expression nested too deeply"), -1;
	token t = p->tok;
	int n = -1;
	switch (t.kind) {
	case T_NUM:
		n = node_new(p, RK_NUM, t.start, t.end);
		if (n >= 0) {
			p->nodes[n].num = t.num;
			p->nodes[n].type = RT_NUMBER;
		}
		lex(p);
		break;
	case T_TRUE:
	case T_FALSE:
		n = node_new(p, RK_BOOL, t.start, t.end);
		if (n >= 0) {
			p->nodes[n].num = t.kind == T_TRUE;
			p->nodes[n].type = RT_BOOL;
		}
		lex(p);
		break;
	case T_NAME:
		n = parse_name(p);
		break;
	case T_LPAREN: {
		lex(p);
		n = parse_or(p);
		int close_end = p->tok.end;
		if (!expect(p, T_RPAREN, "')'", t.start))
			n = -1;
		if (n >= 0) { /* its text is "(a ?? 0)", parentheses and all, so a clause around it starts with them */
			p->nodes[n].start = t.start;
			p->nodes[n].end = close_end;
		}
		break;
	}
	case T_MINUS: {
		lex(p);
		int a = parse_primary(p);
		if (a < 0)
			break;
		n = node_new(p, RK_NEG, t.start, p->nodes[a].end);
		if (n >= 0) {
			p->nodes[n].a = a;
			n = typecheck(p, n);
		}
		break;
	}
	case T_EOF:
		fail_at(p, t.start, WUHONG_ERULE,
			"expected a number, a name, true/false, '-', 'not' or '(' but the rule ends here");
		break;
	default:
		fail_at(p, t.start, WUHONG_ERULE, "expected a number, a name, true/false, '-', 'not' or '(' here");
		break;
	}
	p->depth--;
	return p->rc ? -1 : n;
}

/*
 * The binary operators, by precedence (lowest first): the parser climbs
 * this table and the canonical printer reads its precedences and spelling
 * from it, so the two cannot disagree. `not` sits between `and` and the
 * comparisons, unary minus above `*`.
 */
typedef struct binary_op {
	tok_kind tok;
	rule_kind kind;
	int prec;
	char assoc; /* 'l'eft, 'r'ight, 'n'one (comparisons do not chain) */
	const char *text;
} binary_op;

enum { PREC_NOT = 3, PREC_NEG = 8, PREC_ATOM = 9 };

static const binary_op binary_ops[] = {
	{ T_OR, RK_OR, 1, 'l', "or" },        { T_AND, RK_AND, 2, 'l', "and" },
	{ T_LT, RK_LT, 4, 'n', "<" },         { T_LE, RK_LE, 4, 'n', "<=" },
	{ T_GT, RK_GT, 4, 'n', ">" },         { T_GE, RK_GE, 4, 'n', ">=" },
	{ T_EQ, RK_EQ, 4, 'n', "==" },        { T_NE, RK_NE, 4, 'n', "!=" },
	{ T_QQ, RK_COALESCE, 5, 'r', "??" },  { T_PLUS, RK_ADD, 6, 'l', "+" },
	{ T_MINUS, RK_SUB, 6, 'l', "-" },     { T_STAR, RK_MUL, 7, 'l', "*" },
	{ T_SLASH, RK_DIV, 7, 'l', "/" },
};

static const binary_op *op_of_token(tok_kind t)
{
	for (size_t k = 0; k < WH_ARRAY_LEN(binary_ops); k++)
		if (binary_ops[k].tok == t)
			return &binary_ops[k];
	return NULL;
}

static const binary_op *op_of_kind(rule_kind kind)
{
	for (size_t k = 0; k < WH_ARRAY_LEN(binary_ops); k++)
		if (binary_ops[k].kind == kind)
			return &binary_ops[k];
	return NULL;
}

/* An expression whose operators bind at least as tightly as min_prec. */
static int parse_expr(parser *p, int min_prec)
{
	if (++p->depth > MAX_DEPTH)
		return fail_at(p, p->tok.start, WUHONG_ERULE, "expression nested too deeply"), -1;
	int a;
	if (min_prec <= PREC_NOT && p->tok.kind == T_NOT) {
		int start = p->tok.start;
		lex(p);
		int x = parse_expr(p, PREC_NOT);
		a = x < 0 ? -1 : node_new(p, RK_NOT, start, p->nodes[x].end);
		if (a >= 0) {
			p->nodes[a].a = x;
			a = typecheck(p, a);
		}
	} else {
		a = parse_primary(p);
	}
	const binary_op *op;
	while (!p->rc && a >= 0 && (op = op_of_token(p->tok.kind)) && op->prec >= min_prec) {
		lex(p);
		int b = parse_expr(p, op->assoc == 'r' ? op->prec : op->prec + 1);
		a = typecheck(p, binary(p, op->kind, a, b));
		const binary_op *next = op_of_token(p->tok.kind);
		if (!p->rc && op->assoc == 'n' && next && next->prec == op->prec) {
			fail_at(p, p->tok.start, WUHONG_ERULE, "comparisons cannot be chained; join them with 'and'");
			break;
		}
	}
	p->depth--;
	return p->rc ? -1 : a;
}

static int parse_or(parser *p)
{
	return parse_expr(p, 1);
}

int rule_parse(rule_ast *out, const char *text, const rule_symbols *syms, const wh_pos *origin,
	       wh_arena *arena, wuhong_error *err)
{
	parser p = { .text = text, .syms = syms, .origin = origin, .err = err };
	memset(out, 0, sizeof *out);
	size_t len = strlen(text);
	if (len > RULE_MAX_LENGTH)
		return wh_error_at(err, WUHONG_ERULE, origin, "the rule is %zu bytes long; at most %d are allowed", len,
				   RULE_MAX_LENGTH);
	lex(&p);
	int root = -1;
	if (!p.rc && p.tok.kind == T_EOF)
		fail_at(&p, 0, WUHONG_ERULE, "empty rule; expected an expression such as 'x >= 12'");
	if (!p.rc)
		root = parse_or(&p);
	if (!p.rc && p.tok.kind != T_EOF) {
		if (p.tok.kind == T_RPAREN)
			fail_at(&p, p.tok.start, WUHONG_ERULE, "unmatched ')'");
		else
			fail_at(&p, p.tok.start, WUHONG_ERULE,
				"expected an operator (and, or, comparison, arithmetic) or the end of the rule");
	}
	if (!p.rc && p.nodes[root].type != RT_BOOL)
		fail_at(&p, p.nodes[root].start, WUHONG_ERULE,
			"a rule must be true/false (such as 'x >= 12'), but this is a number");
	if (p.rc) {
		wh_free(p.nodes);
		return p.rc;
	}
	size_t bytes = (size_t)p.n_nodes * sizeof *p.nodes;
	out->nodes = wh_arena_alloc(arena, bytes);
	if (!out->nodes) {
		wh_free(p.nodes);
		return wh_error_oom(err);
	}
	memcpy(out->nodes, p.nodes, bytes);
	wh_free(p.nodes);
	out->n_nodes = p.n_nodes;
	out->root = root;
	out->text = text;
	return 0;
}

/* ---- canonical text ------------------------------------------------------ */

static int prec(rule_kind k)
{
	const binary_op *op = op_of_kind(k);
	return op ? op->prec : k == RK_NOT ? PREC_NOT : k == RK_NEG ? PREC_NEG : PREC_ATOM;
}

static bool canon(const rule_ast *ast, int n, int parent_prec, wh_buf *b, const rule_symbols *syms);

static bool canon_child(const rule_ast *ast, int n, int min_prec, wh_buf *b)
{
	return canon(ast, n, min_prec, b, NULL);
}

static bool canon(const rule_ast *ast, int n, int parent_prec, wh_buf *b, const rule_symbols *syms)
{
	(void)syms;
	const rule_node *x = &ast->nodes[n];
	int pr = prec(x->kind);
	bool paren = pr < parent_prec;
	char num[40];
	if (paren)
		wh_buf_putc(b, '(');
	switch (x->kind) {
	case RK_NUM:
		wh_format_number(num, sizeof num, x->num);
		wh_buf_puts(b, num);
		break;
	case RK_BOOL:
		wh_buf_puts(b, x->num ? "true" : "false");
		break;
	case RK_NAME:
		wh_buf_append(b, ast->text + x->start, (size_t)(x->end - x->start));
		break;
	case RK_NEG:
		wh_buf_putc(b, '-');
		canon_child(ast, x->a, pr, b);
		break;
	case RK_NOT:
		wh_buf_puts(b, "not ");
		canon_child(ast, x->a, pr, b);
		break;
	case RK_ABS:
	case RK_MISSING:
		wh_buf_puts(b, x->kind == RK_ABS ? "abs(" : "missing(");
		canon_child(ast, x->a, 0, b);
		wh_buf_putc(b, ')');
		break;
	case RK_MIN:
	case RK_MAX:
		wh_buf_puts(b, x->kind == RK_MIN ? "min(" : "max(");
		canon_child(ast, x->a, 0, b);
		wh_buf_puts(b, ", ");
		canon_child(ast, x->b, 0, b);
		wh_buf_putc(b, ')');
		break;
	default: {
		const binary_op *op = op_of_kind(x->kind);
		/* left-associative: the right child needs parentheses at equal precedence;
		 * a right-associative one the other way round */
		bool right_assoc = op->assoc == 'r';
		canon_child(ast, x->a, right_assoc ? pr + 1 : pr, b);
		wh_buf_printf(b, " %s ", op->text);
		canon_child(ast, x->b, right_assoc ? pr : pr + 1, b);
		break;
	}
	}
	if (paren)
		wh_buf_putc(b, ')');
	return !b->oom;
}

void rule_mark_names(const rule_ast *ast, bool *used)
{
	for (int k = 0; k < ast->n_nodes; k++)
		if (ast->nodes[k].kind == RK_NAME)
			used[ast->nodes[k].indicator] = true;
}

bool rule_canonical(const rule_ast *ast, wh_buf *buf)
{
	return canon(ast, ast->root, 0, buf, NULL);
}
