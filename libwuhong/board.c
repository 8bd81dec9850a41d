/*
 * board.c — the boards of an evaluation as tables (board-internal.h), and
 * wuhong_board_render, which gathers them and hands them to a writer.
 */
#include <stdio.h>
#include <string.h>

#include "board-internal.h"
#include "util/c-locale.h"
#include "wuhong/money.h"

static const struct {
	const char *name, *title;
} tables[BT_N] = {
	[BT_SECTORS] = { "按领域统计", "按领域统计：各等次单位数" },
	[BT_TOWNS] = { "按乡镇统计", "按乡镇统计：各等次单位数" },
	[BT_RED] = { "红榜", NULL },
	[BT_BLACK] = { "黑榜", NULL },
	[BT_AWARDS] = { "奖励资金", "奖励资金发放名单" },
	[BT_GAPS] = { "帮扶名单", "帮扶名单：差一面红旗的单位，差距最小的在前" },
};

static const char *const list_columns[] = { "名次", "编号", "单位名称", "领域", "乡镇", "红旗数", "等次", "上榜理由" };
static const char *const award_columns[] = { "序号", "编号", "单位名称", "领域", "乡镇", "等次", "奖励资金（元）", "说明" };
static const char *const gap_columns[] = { "序号", "编号", "单位名称", "领域", "乡镇", "红旗数", "目标等次", "需补齐" };

const char *board_table_name(int t)
{
	return tables[t].name;
}

const char *board_table_title(const board *b, int t)
{
	if (t == BT_RED || t == BT_BLACK) {
		const char *l = wuhong_policy_list_label(b->p, t == BT_RED ? WUHONG_RED_LIST : WUHONG_BLACK_LIST);
		return l && *l ? l : tables[t].name;
	}
	return tables[t].title;
}

static bool is_tally(int t)
{
	return t == BT_SECTORS || t == BT_TOWNS;
}

size_t board_columns(const board *b, int t)
{
	/* group, units, one per tier, no tier, vetoed, award */
	return is_tally(t) ? 5 + wuhong_policy_tier_count(b->p) : 8;
}

const char *board_header(const board *b, int t, size_t col)
{
	if (is_tally(t)) {
		size_t n_tiers = wuhong_policy_tier_count(b->p);
		if (col == 0)
			return t == BT_SECTORS ? "领域" : "乡镇";
		if (col == 1)
			return "单位数";
		if (col < 2 + n_tiers)
			return wuhong_policy_tier_name(b->p, (int)wuhong_policy_tier_flags(b->p, col - 2));
		static const char *const rest[] = { "未达标", "一票否决", "奖励资金（元）" };
		return rest[col - 2 - n_tiers];
	}
	if (t == BT_AWARDS)
		return award_columns[col];
	if (t == BT_GAPS)
		return gap_columns[col];
	return col == 7 && t == BT_BLACK ? "上榜原因" : list_columns[col];
}

bool board_has_total(int t)
{
	return t != BT_RED && t != BT_BLACK && t != BT_GAPS;
}

size_t board_rows(const board *b, int t)
{
	if (is_tally(t))
		return wuhong_tally_count(b->tally[t == BT_TOWNS]) + 1;
	if (t == BT_AWARDS)
		return b->n_awarded + 2; /* the total in yuan, then in 万元 */
	if (t == BT_GAPS)
		return b->n_short;
	return wuhong_lists_count(b->lists, t == BT_RED ? WUHONG_RED_LIST : WUHONG_BLACK_LIST);
}

static board_cell text(const char *s)
{
	return (board_cell){ BC_TEXT, s ? s : "", 0 };
}

static board_cell count(size_t n)
{
	return (board_cell){ BC_COUNT, NULL, (int64_t)n };
}

static const char *sector_label(const board *b, size_t unit)
{
	const char *l = wuhong_policy_sector_label(b->p, wuhong_evaluation_sectors(b->ev)[unit]);
	return l && *l ? l : wuhong_policy_sector_key(b->p, wuhong_evaluation_sectors(b->ev)[unit]);
}

static const char *tier_name(const board *b, size_t unit)
{
	int tier = wuhong_evaluation_tiers(b->ev)[unit];
	return tier ? wuhong_policy_tier_name(b->p, tier) : "—";
}

/* The unit columns shared by the lists and the award list. */
static board_cell unit_cell(const board *b, size_t unit, const char *what)
{
	const wuhong_dataset *ds = wuhong_evaluation_dataset(b->ev);
	if (strcmp(what, "编号") == 0)
		return text(wuhong_dataset_unit_id(ds, unit));
	if (strcmp(what, "单位名称") == 0)
		return text(wuhong_dataset_unit_name(ds, unit));
	if (strcmp(what, "领域") == 0)
		return text(sector_label(b, unit));
	if (strcmp(what, "乡镇") == 0)
		return text(wuhong_dataset_unit_town(ds, unit));
	if (strcmp(what, "红旗数") == 0)
		return count(wuhong_evaluation_flags(b->ev)[unit]);
	return text(tier_name(b, unit));
}

/* "壮大产业发展：村集体经济年经营性收入 差 2.5 万元（现 7.5，需 10）", for the criteria counted in its total. */
static const char *gap_text(const board *b, const wuhong_gap_unit *u, char *buf, size_t size)
{
	(void)b;
	size_t n = 0;
	buf[0] = '\0';
	for (size_t c = 0; c < u->n_criteria && c < u->flags_short && n < size; c++) {
		const wuhong_gap_criterion *cr = &u->criteria[c];
		n += (size_t)snprintf(buf + n, size - n, "%s%s", c ? "；" : "", cr->label ? cr->label : cr->key);
		for (size_t k = 0; k < cr->n_gaps && n < size; k++) {
			const wuhong_gap *g = &cr->gaps[k];
			const char *name = g->label ? g->label : g->indicator ? g->indicator : g->clause;
			const char *unit = g->unit ? g->unit : "";
			bool tight = strcmp(unit, "%") == 0 || !*unit;
			if (g->gap == g->gap) {
				locale_t prev = wh_c_locale_push();
				n += (size_t)snprintf(buf + n, size - n, "%s%s 差 %.10g%s%s（现 %.10g，需 %.10g）", k ? "，" : "：", name,
						      g->gap, tight ? "" : " ", unit, g->actual, g->threshold);
				wh_c_locale_pop(prev);
			} else
				n += (size_t)snprintf(buf + n, size - n, "%s%s（%s）", k ? "，" : "：", name, g->why_zh ? g->why_zh : g->clause);
		}
	}
	return buf;
}

board_cell board_at(const board *b, int t, size_t row, size_t col, char *buf, size_t size)
{
	if (is_tally(t)) {
		const wuhong_tally *ty = b->tally[t == BT_TOWNS];
		bool total = row == wuhong_tally_count(ty);
		const wuhong_tally_row *r = total ? wuhong_tally_total(ty) : wuhong_tally_at(ty, row);
		size_t n_tiers = wuhong_policy_tier_count(b->p);
		if (col == 0)
			return text(total ? "合计" : r->label && *r->label ? r->label : r->group);
		if (col == 1)
			return count(r->units);
		if (col < 2 + n_tiers)
			return count(r->by_tier[wuhong_policy_tier_flags(b->p, col - 2)]);
		if (col == 2 + n_tiers)
			return count(r->by_tier[0]);
		if (col == 3 + n_tiers)
			return count(r->vetoed);
		return (board_cell){ BC_MONEY, NULL, r->amount };
	}
	if (t == BT_AWARDS) {
		if (row >= b->n_awarded) { /* the totals */
			bool wan = row > b->n_awarded;
			if (col == 0)
				return text(wan ? "合计（万元）" : "合计（元）");
			if (col == 6)
				return (board_cell){ wan ? BC_WAN : BC_MONEY, NULL, wuhong_awards_total(b->awards) };
			if (col == 7 && !wan) {
				snprintf(buf, size, "%zu 个单位", b->n_awarded);
				return text(buf);
			}
			return text("");
		}
		size_t unit = b->awarded[row];
		if (col == 0)
			return count(row + 1);
		if (col == 6)
			return (board_cell){ BC_MONEY, NULL, wuhong_awards_amounts(b->awards)[unit] };
		if (col == 7)
			return text(wuhong_awards_reason_zh(b->awards, unit));
		return unit_cell(b, unit, award_columns[col]);
	}
	if (t == BT_GAPS) {
		const wuhong_gap_unit *u = b->one_short[row];
		if (col == 0)
			return count(row + 1);
		if (col == 6)
			return text(wuhong_policy_tier_name(b->p, (int)u->next_tier));
		if (col == 7)
			return text(gap_text(b, u, buf, size));
		return unit_cell(b, u->unit, gap_columns[col]);
	}
	const wuhong_list_entry *e = wuhong_lists_at(b->lists, t == BT_RED ? WUHONG_RED_LIST : WUHONG_BLACK_LIST, row);
	if (col == 0)
		return count(e->rank);
	if (col == 7)
		return text(e->reason_zh);
	return unit_cell(b, e->unit, list_columns[col]);
}

char *board_yuan(char *buf, size_t size, int64_t fen, bool grouped)
{
	char plain[40];
	wuhong_format_yuan(plain, sizeof plain, fen);
	if (!grouped) {
		snprintf(buf, size, "%s", plain);
		return buf;
	}
	const char *digits = plain + (plain[0] == '-'), *dot = strchr(digits, '.');
	size_t whole = dot ? (size_t)(dot - digits) : strlen(digits), n = 0;
	char out[64];
	if (plain[0] == '-')
		out[n++] = '-';
	for (size_t k = 0; k < whole; k++) {
		if (k && (whole - k) % 3 == 0)
			out[n++] = ',';
		out[n++] = digits[k];
	}
	snprintf(out + n, sizeof out - n, "%s", dot ? dot : "");
	snprintf(buf, size, "%s", out);
	return buf;
}

void board_summary(const board *b, char *buf, size_t size, bool grouped)
{
	const wuhong_tally_row *all = wuhong_tally_total(b->tally[0]);
	char yuan[48], wan[32];
	int64_t total = wuhong_awards_total(b->awards);
	board_yuan(yuan, sizeof yuan, total, grouped);
	locale_t prev = wh_c_locale_push();
	snprintf(wan, sizeof wan, "%.2f", (double)total / 1e6);
	wh_c_locale_pop(prev);
	int n = snprintf(buf, size, "参评单位 %zu 个", all->units);
	for (size_t k = 0; k < wuhong_policy_tier_count(b->p) && n > 0 && (size_t)n < size; k++) {
		unsigned flags = wuhong_policy_tier_flags(b->p, k);
		n += snprintf(buf + n, size - (size_t)n, "，%s %zu 个", wuhong_policy_tier_name(b->p, (int)flags),
			      all->by_tier[flags]);
	}
	if (n > 0 && (size_t)n < size)
		snprintf(buf + n, size - (size_t)n, "；奖励资金合计 %s 元（%s 万元）", yuan, wan);
}

/* "2024" is 2024年度, "2024-05" 2024年5月; any other text is shown as given. */
static void period_text(char *buf, size_t size, const char *period)
{
	int y, m;
	char rest;
	if (sscanf(period, "%4d-%2d%c", &y, &m, &rest) == 2 && strlen(period) == 7 && m >= 1 && m <= 12)
		snprintf(buf, size, "%d年%d月", y, m);
	else if (strlen(period) == 4 && sscanf(period, "%4d%c", &y, &rest) == 1)
		snprintf(buf, size, "%d年度", y);
	else
		snprintf(buf, size, "%s", period);
}

/* The heading: the title as given, or the policy's board title (else its name) and 红黑榜; then the byline. */
static void board_heading(board *b, const wuhong_board_options *o)
{
	const char *issuer = o->issuer ? o->issuer : wuhong_policy_board_issuer(b->p);
	if (o->title)
		snprintf(b->title, sizeof b->title, "%s", o->title);
	else
		snprintf(b->title, sizeof b->title, "%s红黑榜",
			 wuhong_policy_board_title(b->p) ? wuhong_policy_board_title(b->p) : wuhong_policy_name(b->p));
	char period[128] = "";
	if (o->period && *o->period)
		period_text(period, sizeof period, o->period);
	snprintf(b->byline, sizeof b->byline, "%s%s%s", period, *period && issuer && *issuer ? " · " : "",
		 issuer ? issuer : "");
}

static void board_free(board *b)
{
	wuhong_lists_free(b->lists);
	wuhong_awards_free(b->awards);
	wuhong_tally_free(b->tally[0]);
	wuhong_tally_free(b->tally[1]);
	wh_free(b->awarded);
	wuhong_gaps_free(b->gaps);
	wh_free(b->one_short);
}

int wuhong_board_render(char **out, size_t *len, const wuhong_evaluation *ev, wuhong_board_format format,
			const wuhong_award_options *awards, wuhong_error *err)
{
	wuhong_board_options o = WUHONG_BOARD_OPTIONS_INIT;
	o.format = format;
	o.awards = awards;
	return wuhong_board_publish(out, len, ev, &o, err);
}

int wuhong_board_publish(char **out, size_t *len, const wuhong_evaluation *ev, const wuhong_board_options *opts,
			 wuhong_error *err)
{
	if (!out || !len || !ev)
		return wh_error(err, WUHONG_EINVAL, "wuhong_board_publish: NULL argument");
	*out = NULL;
	*len = 0;
	wuhong_board_options o = WUHONG_BOARD_OPTIONS_INIT;
	if (opts && !WH_VERSION_OK(opts->version, WUHONG_BOARD_OPTIONS_VERSION))
		return wh_error(err, WUHONG_EINVAL, "wuhong_board_options: unknown version %u", opts->version);
	if (opts)
		o = *opts;
	wuhong_board_format format = o.format;
	const wuhong_award_options *awards = o.awards;
	if (format != WUHONG_BOARD_XLSX && format != WUHONG_BOARD_HTML)
		return wh_error(err, WUHONG_EINVAL, "wuhong_board_publish: unknown format %d", (int)format);
	board b = { .ev = ev, .p = wuhong_evaluation_policy(ev) };
	board_heading(&b, &o);
	int rc;
	/* the tallies' money is the award list's (adjusted, within the budget), so every total on the boards agrees */
	if ((rc = wuhong_evaluation_lists(&b.lists, ev, err)) || (rc = wuhong_evaluation_awards(&b.awards, ev, awards, err)) ||
	    (rc = wuhong_awards_tally(&b.tally[0], b.awards, WUHONG_BY_SECTOR, err)) ||
	    (rc = wuhong_awards_tally(&b.tally[1], b.awards, WUHONG_BY_TOWN, err)))
		goto out;
	size_t n = wuhong_evaluation_count(ev);
	if (!(b.awarded = wh_malloc((n ? n : 1) * sizeof *b.awarded))) {
		rc = wh_error_oom(err);
		goto out;
	}
	for (size_t i = 0; i < n; i++)
		if (wuhong_awards_amounts(b.awards)[i])
			b.awarded[b.n_awarded++] = i;
	/* who to help next: one flag short, with gaps that can be closed, the smallest first */
	if ((rc = wuhong_evaluation_gaps(&b.gaps, ev, err)))
		goto out;
	if (!(b.one_short = wh_malloc((wuhong_gaps_count(b.gaps) + 1) * sizeof *b.one_short))) {
		rc = wh_error_oom(err);
		goto out;
	}
	for (size_t k = 0; k < wuhong_gaps_count(b.gaps); k++) {
		const wuhong_gap_unit *u = wuhong_gaps_at(b.gaps, k);
		if (u->flags_short == 1 && u->total == u->total && u->total < 1e300)
			b.one_short[b.n_short++] = u;
	}
	rc = format == WUHONG_BOARD_XLSX ? board_xlsx(&b, out, len, err) : board_html(&b, out, len, err);
out:
	board_free(&b);
	return rc;
}
