/*
 * language.c — see language.h.
 */
#include "language.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static bool speaks_zh, headers_zh;

bool language_zh(void)
{
	return speaks_zh;
}

void language_set_headers_zh(bool on)
{
	headers_zh = on;
}

/* The first of gettext's variables that is set names the language. */
static bool locale_is_zh(void)
{
	static const char *const vars[] = { "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG" };
	for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
		const char *v = getenv(vars[i]);
		if (v && *v)
			return strncmp(v, "zh", 2) == 0;
	}
	return false;
}

static int use_language(const char *lang)
{
	if (strcmp(lang, "zh") == 0 || strncmp(lang, "zh_", 3) == 0) {
		speaks_zh = true;
		setenv("LANGUAGE", "zh_CN", 1);
		/* gettext ignores LANGUAGE under the C locale: use a UTF-8 one */
		const char *now = setlocale(LC_MESSAGES, NULL);
		if (!now || strcmp(now, "C") == 0 || strcmp(now, "POSIX") == 0)
			if (!setlocale(LC_MESSAGES, "zh_CN.UTF-8"))
				setlocale(LC_MESSAGES, "C.UTF-8");
		return 0;
	}
	if (strcmp(lang, "en") == 0 || strncmp(lang, "en_", 3) == 0) {
		speaks_zh = false;
		setenv("LANGUAGE", "en", 1); /* no catalog: the messages as written */
		return 0;
	}
	return usage_error(_("--lang needs zh or en, not '%s'"), lang);
}

int language_setup(int *argc, char **argv)
{
	setlocale(LC_ALL, "");
	setlocale(LC_NUMERIC, "C"); /* 96.9 in every file and table, whatever the locale */
#ifdef WH_ENABLE_NLS
	const char *dir = getenv("WUHONG_LOCALEDIR");
	bindtextdomain("wuhong", dir && *dir ? dir : WH_LOCALEDIR);
	bind_textdomain_codeset("wuhong", "UTF-8");
#endif
	speaks_zh = locale_is_zh();
	const char *lang = NULL;
	int out = 1;
	for (int i = 1; i < *argc; i++) {
		if (strcmp(argv[i], "--") == 0) {
			while (i < *argc)
				argv[out++] = argv[i++];
			break;
		}
		if (strcmp(argv[i], "--lang") == 0 && i + 1 < *argc)
			lang = argv[++i];
		else if (strncmp(argv[i], "--lang=", 7) == 0)
			lang = argv[i] + 7;
		else
			argv[out++] = argv[i];
	}
	argv[out] = NULL;
	*argc = out;
	/* LANG=zh_CN.UTF-8 on a machine that lacks that locale (a fresh Debian
	 * root): setlocale fell back to C, where gettext would answer in English */
	return lang ? use_language(lang) : speaks_zh ? use_language("zh") : 0;
}

static const char *const labels[][2] = {
	{ "id", "编号" }, { "name", "名称" }, { "sector", "领域" }, { "town", "乡镇" },
	{ "committee", "上级党组织" }, { "flags", "红旗数" }, { "flag_mask", "达标项" },
	{ "missing_mask", "缺数项" }, { "veto", "否决" }, { "tier", "等次" }, { "tier_name", "等次名称" },
	{ "amount", "奖励金额（元）" }, { "amount_fen", "奖励金额（分）" }, { "unscaled_fen", "压缩前金额（分）" },
	{ "list", "榜单" }, { "rank", "名次" }, { "reason", "理由" }, { "label", "中文名称" }, { "units", "单位数" },
	{ "5 flags", "五面红旗" }, { "4 flags", "四面红旗" }, { "3 flags", "三面红旗" }, { "no tier", "未达等次" },
	{ "group", "分组" }, { "awarded", "获奖单位" }, { "amount (yuan)", "金额（元）" }, { "万元", "万元" },
	{ "next", "下一等次" }, { "next_tier", "下一等次" }, { "short", "差几面" }, { "flags_short", "差几面" },
	{ "total", "合计差距" }, { "total (yuan)", "合计（元）" }, { "changed", "有变化" }, { "lost flags", "减少红旗" },
	{ "gained flags", "增加红旗" }, { "award A", "奖励（方案甲）" }, { "award B", "奖励（方案乙）" }, { "delta", "差额" }, { "what to close", "需补齐" }, { "criterion", "标准" }, { "clause", "条件" },
	{ "indicator", "指标" }, { "actual", "实际值" }, { "threshold", "要求" }, { "gap", "差距" },
	{ "relative", "相对差距" }, { "why", "说明" }, { "flags_a", "红旗数（方案甲）" },
	{ "flags_b", "红旗数（方案乙）" }, { "flag_mask_a", "达标项（方案甲）" }, { "flag_mask_b", "达标项（方案乙）" },
	{ "tier_a", "等次（方案甲）" }, { "tier_b", "等次（方案乙）" }, { "amount_a", "金额（方案甲）" },
	{ "amount_b", "金额（方案乙）" }, { "period", "期次" }, { "unit", "单位" }, { "event", "事项" },
	{ "tier_from", "原等次" }, { "tier_to", "新等次" }, { "detail", "详情" }, { "revision", "修订" },
	{ "policy", "政策" }, { "fingerprint", "指纹" }, { "digest", "摘要" }, { "paid_fen", "已付（分）" },
	{ "paid", "已付" }, { "status", "状态" }, { "kind", "类型" }, { "year", "年度" }, { "creation_fen", "创建奖励（分）" },
	{ "creation", "创建奖励" }, { "promotion_fen", "晋级奖励（分）" }, { "promotion", "晋级奖励" },
	{ "review_fen", "复评奖励（分）" }, { "review", "复评奖励" }, { "clawback_fen", "追回（分）" },
	{ "clawback", "追回" }, { "adjustments_fen", "奖惩调整（分）" }, { "adjustments", "奖惩调整" },
	{ "reversal_fen", "冲销（分）" }, { "reversal", "冲销" }, { "total_fen", "合计（分）" },
	{ "file", "文件" }, { "townships", "各乡镇" }, { "indicators", "各指标" }, { "sectors", "各领域" },
	{ "vetoes", "各否决项" }, { "tiers", "各等次" }, { "verdict", "结论" }, { "key", "键名" }, { "rule", "规则" },
	{ "value", "值" }, { "vetoed", "被否决" }, { "award", "奖励（元）" }, { "why_zh", "说明" }, { "criteria", "标准" }, { "unknown_vetoes", "未知否决项" },
};

/* The values of the ledger's keyword columns (event, kind, status) and a tally's total row, as a
 * Chinese table shows them; CSV and JSON keep the keys. */
static const char *const values[][3] = {
	{ "event", "proposed", "申报推荐" }, { "event", "approved", "审定通过" }, { "event", "refused", "审定未通过" },
	{ "event", "pending", "待审定" }, { "event", "awarded", "授牌" }, { "event", "promoted", "晋级" },
	{ "event", "promotion_deferred", "暂缓晋级" }, { "event", "review_passed", "回头看通过" },
	{ "event", "review_failed", "回头看未通过" }, { "event", "demoted", "降旗" }, { "event", "stripped", "摘旗" },
	{ "event", "benefits_cancelled", "取消相应待遇" }, { "event", "merged", "撤并" }, { "event", "merged_in", "并入" },
	{ "event", "bonus", "加奖" }, { "event", "penalty", "扣减" }, { "event", "override_unused", "核定未使用" },
	{ "event", "decision_unused", "决定未使用" }, { "event", "applied", "申报" },
	{ "event", "application_void", "申报无效" }, { "event", "recommended", "推荐" },
	{ "event", "not_recommended", "不予推荐" }, { "event", "accepted", "验收通过" },
	{ "event", "acceptance_failed", "验收未通过" },
	{ "kind", "creation", "创建奖励" }, { "kind", "promotion", "晋级奖励" }, { "kind", "review", "复评奖励" },
	{ "kind", "clawback", "追回" }, { "kind", "bonus", "加奖" }, { "kind", "penalty", "扣减" },
	{ "kind", "reversal", "冲销" }, { "status", "current", "现行" }, { "status", "superseded", "已被取代" },
	{ "group", "total", "合计" },
};

const char *value_label(const char *column, const char *value)
{
	for (size_t i = 0; value && i < sizeof values / sizeof values[0]; i++)
		if (strcmp(values[i][0], column) == 0 && strcmp(values[i][1], value) == 0)
			return values[i][2];
	return value;
}

static const char *find_label(const char *key, size_t len)
{
	for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
		if (strlen(labels[i][0]) == len && strncmp(labels[i][0], key, len) == 0)
			return labels[i][1];
	return NULL;
}

const char *column_label(const char *key)
{
	const char *label = find_label(key, strlen(key));
	size_t n = strlen(key);
	if (label)
		return label;
	if (n > 7 && strcmp(key + n - 7, " (yuan)") == 0 && (label = find_label(key, n - 7))) {
		/* a money column shown in yuan (write_rows): "paid (yuan)" */
		static char buf[4][96];
		static unsigned next;
		char *b = buf[next++ % 4];
		snprintf(b, sizeof buf[0], "%s（元）", label);
		return b;
	}
	return key;
}

const char *column_name(const char *key)
{
	return headers_zh ? column_label(key) : key;
}

void csv_header(FILE *f, const char *const *keys, size_t n)
{
	for (size_t k = 0; k < n; k++)
		csv_field(f, column_name(keys[k]), k + 1 == n);
}

/* A copy of v whose columns (keys of scalar values) are labels; the keys
 * that hold arrays and objects are the document's structure and stay. */
static json_t *relabel(json_t *v)
{
	if (json_is_array(v)) {
		json_t *a = json_array();
		size_t i;
		json_t *x;
		json_array_foreach(v, i, x)
			json_array_append_new(a, relabel(x));
		return a;
	}
	if (json_is_object(v)) {
		json_t *o = json_object();
		const char *k;
		json_t *x;
		json_object_foreach(v, k, x)
			json_object_set_new(o, json_is_array(x) || json_is_object(x) ? k : column_label(k), relabel(x));
		return o;
	}
	return json_incref(v);
}

void json_write(json_t *root, FILE *f)
{
	json_t *doc = headers_zh ? relabel(root) : json_incref(root);
	if (!doc)
		out_fail();
	json_dumpf(doc, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	fputc('\n', f);
	json_decref(doc);
}
