/*
 * cmd-story.c — the demo's three years of dynamic flags (动态调旗) on a
 * temporary ledger, with the bundled creation lists (创建名单) and
 * adjustments: the creation year; a re-review of the created units in which
 * some fail, are demoted and lose their benefits while the others earn
 * re-review rewards, and the year's new creations; a third year with a
 * merger (撤并) and a promotion; then the two years' re-review figures,
 * which the source reports (35 units, 282万元). The changes to the data are
 * scripted here, so the story is the same on every run, byte for byte.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

/* What a village does to earn every flag but party building's: the third
 * year's promotion. Values above the default policy's thresholds. */
static const struct {
	const char *indicator;
	double value;
} village_effort[] = {
	{ "collective_income", 30 }, { "industry_projects", 3 }, { "civility_events", 10 },
	{ "volunteer_services", 20 }, { "toilet_rate", 98 }, { "waste_rate", 99 },
	{ "grid_coverage", 99 }, { "mediation_rate", 97 },
};

static void lines(const wuhong_rows *r, const char *event, const char *label, FILE *f)
{
	for (size_t k = 0; k < wuhong_rows_count(r); k++) {
		if (strcmp(wuhong_rows_cell(r, k, 3), event) != 0)
			continue;
		char y[32];
		const char *fen = wuhong_rows_cell(r, k, 6);
		if (*fen)
			fprintf(f, _("    %s %s %s: %s, %s yuan\n"), _(label), wuhong_rows_cell(r, k, 1), wuhong_rows_cell(r, k, 2),
				wuhong_rows_cell(r, k, 7), yuan(y, sizeof y, strtoll(fen, NULL, 10)));
		else
			fprintf(f, "    %s %s %s: %s\n", _(label), wuhong_rows_cell(r, k, 1), wuhong_rows_cell(r, k, 2),
				wuhong_rows_cell(r, k, 7));
	}
}

/* The tier a unit applied for in a period's rows (the applied event's tier_to), or 0. */
static long applied_tier(const wuhong_rows *r, const char *unit)
{
	for (size_t k = 0; k < wuhong_rows_count(r); k++)
		if (strcmp(wuhong_rows_cell(r, k, 1), unit) == 0 && strcmp(wuhong_rows_cell(r, k, 3), "applied") == 0)
			return strtol(wuhong_rows_cell(r, k, 5), NULL, 10);
	return 0;
}

static size_t count(const wuhong_rows *r, const char *event, long long *money)
{
	size_t n = 0;
	for (size_t k = 0; k < wuhong_rows_count(r); k++)
		if (strcmp(wuhong_rows_cell(r, k, 3), event) == 0) {
			n++;
			if (money)
				*money += strtoll(wuhong_rows_cell(r, k, 6), NULL, 10);
		}
	return n;
}

/* Whether `unit` has `event` in a period's rows (any event when NULL). */
static bool has(const wuhong_rows *r, const char *unit, const char *event)
{
	for (size_t k = 0; k < wuhong_rows_count(r); k++)
		if (strcmp(wuhong_rows_cell(r, k, 1), unit) == 0 && (!event || strcmp(wuhong_rows_cell(r, k, 3), event) == 0))
			return true;
	return false;
}

/* What a unit was paid by `event` in a period's rows (fen). */
static long long paid(const wuhong_rows *r, const char *unit, const char *event)
{
	long long fen = 0;
	for (size_t k = 0; k < wuhong_rows_count(r); k++)
		if (strcmp(wuhong_rows_cell(r, k, 1), unit) == 0 && strcmp(wuhong_rows_cell(r, k, 3), event) == 0)
			fen += strtoll(wuhong_rows_cell(r, k, 6), NULL, 10);
	return fen;
}

/* The bundled creation lists, a year each (tools/gen-applications.py). */
static const struct {
	const char *period, *name;
	const char *data;
	const size_t *len;
} bundled_lists[] = {
	{ "2023", "jiangxian-applications-2023.csv", wh_demo_applications_2023, &wh_demo_applications_2023_len },
	{ "2024", "jiangxian-applications-2024.csv", wh_demo_applications_2024, &wh_demo_applications_2024_len },
	{ "2025", "jiangxian-applications-2025.csv", wh_demo_applications_2025, &wh_demo_applications_2025_len },
};

typedef struct story {
	wuhong_ledger *l;
	const wuhong_policy *p;
	const wuhong_adjustments *adj;
	wuhong_applications *lists[3];
} story;

static int year(const story *st, int k, const wuhong_dataset *ds, const wuhong_decisions *dec, wuhong_rows **rows,
		wuhong_evaluation **ev)
{
	wuhong_error err;
	int rc = wuhong_evaluate(ev, st->p, ds, NULL, &err);
	if (!rc) {
		wuhong_review_options o = WUHONG_REVIEW_OPTIONS_INIT;
		o.decisions = dec;
		o.applications = st->lists[k];
		o.adjustments = st->adj;
		rc = wuhong_review(rows, NULL, st->l, bundled_lists[k].period, *ev, &o, &err);
	}
	return rc ? report(rc, &err) : 0;
}

/* The creation list's outcome: how many went how far, and the exceptions. */
static void creation(const wuhong_rows *r, const wuhong_applications *list, FILE *f)
{
	long long money = 0;
	size_t awarded = count(r, "awarded", &money);
	fprintf(f, _("    %zu applied (申报), %zu recommended (推荐), %zu approved (审定), %zu accepted (验收)\n"),
		wuhong_applications_count(list), count(r, "recommended", NULL), count(r, "approved", NULL),
		count(r, "accepted", NULL));
	lines(r, "not_recommended", N_("not recommended"), f);
	lines(r, "refused", N_("refused "), f);
	for (size_t k = 0; k < wuhong_rows_count(r); k++) /* accepted short of the tier applied for */
		if (strcmp(wuhong_rows_cell(r, k, 3), "accepted") == 0 &&
		    strtol(wuhong_rows_cell(r, k, 5), NULL, 10) < applied_tier(r, wuhong_rows_cell(r, k, 1)))
			fprintf(f, _("    accepted %s %s: %s\n"), wuhong_rows_cell(r, k, 1), wuhong_rows_cell(r, k, 2),
				wuhong_rows_cell(r, k, 7));
	char y[32];
	fprintf(f, _("    %zu created, announced (公示) and plaqued (授牌); creation awards paid: %s yuan\n"), awarded,
		yuan(y, sizeof y, money));
}

/* The re-review's line: passes, rewards, and 柳庄村's among them. */
static void rereview(const wuhong_rows *r, const char *liuzhuang, FILE *f)
{
	long long rewards = 0;
	size_t passed = count(r, "review_passed", &rewards);
	char y[32], z[32];
	fprintf(f, _("    %zu passed and keep their flags; re-review rewards paid: %s yuan (柳庄村 %s)\n"), passed,
		yuan(y, sizeof y, rewards), yuan(z, sizeof z, paid(r, liuzhuang, "review_passed")));
}

int write_three_years(const options *o, FILE *f)
{
	(void)o;
	char path[] = "/tmp/wuhong-demo-ledger-XXXXXX";
	int fd = mkstemp(path);
	if (fd < 0) {
		fprintf(stderr, _("wuhong: cannot create a temporary ledger\n"));
		return EXIT_IO;
	}
	close(fd);
	wuhong_error err;
	wuhong_policy *p = NULL;
	wuhong_dataset *ds = NULL;
	wuhong_adjustments *adj = NULL;
	story st = { 0 };
	wuhong_evaluation *ev1 = NULL, *ev2 = NULL, *ev3 = NULL;
	wuhong_rows *r1 = NULL, *r2 = NULL, *r3 = NULL, *q = NULL;
	wuhong_decisions *dec = NULL;
	int status = 0, rc;
	if ((rc = wuhong_policy_default(&p, &err)) ||
	    (rc = wuhong_dataset_load_csv_string(&ds, wh_demo_data, wh_demo_data_len, "jiangxian.csv", NULL, &err)) ||
	    (rc = wuhong_adjustments_load_csv_string(&adj, wh_demo_adjustments, wh_demo_adjustments_len,
						     "jiangxian-adjustments.csv", NULL, &err)) ||
	    (rc = wuhong_ledger_open(&st.l, path, &err))) {
		status = report(rc, &err);
		goto out;
	}
	for (int k = 0; k < 3; k++)
		if ((rc = wuhong_applications_load_csv_string(&st.lists[k], bundled_lists[k].data, *bundled_lists[k].len,
							      bundled_lists[k].name, NULL, &err))) {
			status = report(rc, &err);
			goto out;
		}
	st.p = p;
	st.adj = adj;
	size_t n = wuhong_dataset_count(ds), liu = SIZE_MAX;
	for (size_t i = 0; i < n && liu == SIZE_MAX; i++)
		if (strcmp(wuhong_dataset_unit_name(ds, i), "柳庄村") == 0)
			liu = i;
	const char *liuzhuang = liu == SIZE_MAX ? "" : wuhong_dataset_unit_id(ds, liu);
	fprintf(f, _("\nThree years of dynamic flags (动态调旗), recorded in a ledger\n"));
	fprintf(f, "============================================================\n");

	/* 2023: the creation year, from the year's creation list */
	if ((status = year(&st, 0, ds, NULL, &r1, &ev1)))
		goto out;
	fprintf(f, _("\n2023 — the creation list (创建名单)\n"));
	creation(r1, st.lists[0], f);
	size_t tiered = 0;
	const uint8_t *tier1 = wuhong_evaluation_tiers(ev1), *sec1 = wuhong_evaluation_sectors(ev1),
		      *mask1 = wuhong_evaluation_flag_masks(ev1);
	for (size_t i = 0; i < n; i++)
		tiered += tier1[i] && !has(r1, wuhong_dataset_unit_id(ds, i), "accepted");
	fprintf(f, _("    %zu more units reach a tier but are not on the list: no tier, award or plaque this year\n"), tiered);

	/* 2024: the re-review of the created units. The first four-flag village
	 * lets one flag slip (it is demoted to three); two more villages let
	 * party building slip, the prerequisite, and lose their tier */
	size_t failing[3], n_failing = 0, merged = SIZE_MAX, successor = SIZE_MAX;
	for (size_t i = 0; i < n && n_failing == 0; i++)
		if (sec1[i] == 0 && tier1[i] == 4 && has(r1, wuhong_dataset_unit_id(ds, i), "accepted"))
			failing[n_failing++] = i;
	for (size_t i = 0; i < n && n_failing < 3; i++)
		if (sec1[i] == 0 && (tier1[i] == 3 || tier1[i] == 4) && (!n_failing || i != failing[0]) &&
		    has(r1, wuhong_dataset_unit_id(ds, i), "accepted"))
			failing[n_failing++] = i;
	/* the village criteria after party building, and an indicator each that fails it */
	static const struct {
		const char *indicator;
		double value;
	} slip[] = { { "collective_income", 2 }, { "civility_events", 1 }, { "toilet_rate", 60 }, { "grid_coverage", 70 } };
	for (size_t k = 0; k < n_failing; k++) {
		size_t i = failing[k];
		if (k == 0 && tier1[i] == 4) {
			for (unsigned c = 1; c <= 4; c++)
				if (mask1[i] & (1u << c)) {
					wuhong_dataset_set_value(ds, i, slip[c - 1].indicator, slip[c - 1].value, NULL);
					break;
				}
		} else {
			wuhong_dataset_set_value(ds, i, "party_meetings", 6, NULL);
		}
	}
	if ((status = year(&st, 1, ds, NULL, &r2, &ev2)))
		goto out;
	fprintf(f, _("\n2024 — re-review (回头看) of the created units holding 3+ flags\n"));
	rereview(r2, liuzhuang, f);
	lines(r2, "review_failed", N_("failed  "), f);
	lines(r2, "stripped", N_("stripped"), f);
	lines(r2, "demoted", N_("demoted "), f);
	lines(r2, "benefits_cancelled", N_("cancelled"), f);
	fprintf(f, _("  and the year's creation list:\n"));
	creation(r2, st.lists[1], f);

	/* 2025: a merger of two villages the campaign has not created, and the
	 * promotion the year's list applies for (the village makes the effort) */
	const uint8_t *sec2 = wuhong_evaluation_sectors(ev2), *tier2 = wuhong_evaluation_tiers(ev2);
	for (size_t a = 0; a < wuhong_applications_count(st.lists[2]); a++) {
		const wuhong_application *x = wuhong_applications_at(st.lists[2], a);
		size_t i;
		if (wuhong_dataset_find(&i, ds, x->unit, NULL) == 0 && x->tier > tier2[i] && !has(r2, x->unit, "demoted"))
			for (size_t k = 0; k < sizeof village_effort / sizeof village_effort[0]; k++)
				wuhong_dataset_set_value(ds, i, village_effort[k].indicator, village_effort[k].value, NULL);
	}
	for (size_t i = n; i-- > 0 && merged == SIZE_MAX;) {
		const char *id = wuhong_dataset_unit_id(ds, i);
		if (sec2[i] != 0 || has(r1, id, NULL) || has(r2, id, NULL))
			continue;
		for (size_t j = i; j-- > 0;)
			if (sec2[j] == 0 && !has(r1, wuhong_dataset_unit_id(ds, j), NULL) &&
			    !has(r2, wuhong_dataset_unit_id(ds, j), NULL) &&
			    strcmp(wuhong_dataset_unit_town(ds, i), wuhong_dataset_unit_town(ds, j)) == 0) {
				merged = i;
				successor = j;
				break;
			}
	}
	if ((rc = wuhong_decisions_new(&dec, &err)) ||
	    (merged != SIZE_MAX &&
	     (rc = wuhong_decisions_add(dec, wuhong_dataset_unit_id(ds, merged), WUHONG_MERGE, "县委常委会", "行政村撤并",
					wuhong_dataset_unit_id(ds, successor), &err)))) {
		status = report(rc, &err);
		goto out;
	}
	if ((status = year(&st, 2, ds, dec, &r3, &ev3)))
		goto out;
	fprintf(f, _("\n2025 — re-review, a merger (撤并) and a promotion (升旗)\n"));
	rereview(r3, liuzhuang, f);
	lines(r3, "merged", N_("merged  "), f);
	lines(r3, "merged_in", N_("took in "), f);
	lines(r3, "promoted", N_("promoted"), f);
	lines(r3, "promotion_deferred", N_("waiting "), f);

	/* the source: "对近两年通过'回头看'验收的35个基层党组织予以奖励，共发放奖励资金282万元" */
	size_t units = 0;
	long long rewards = 0;
	count(r2, "review_passed", &rewards);
	count(r3, "review_passed", &rewards);
	for (size_t i = 0; i < n; i++) {
		const char *id = wuhong_dataset_unit_id(ds, i);
		units += has(r2, id, "review_passed") || has(r3, id, "review_passed");
	}
	char y[32], z[32];
	fprintf(f, _("\n2024–2025, two years of re-review: %zu units passed (通过回头看验收) and received %s yuan in rewards,\n"
		   "    柳庄村 %s a year among them (the reward amounts are illustrative; the source: 35 units, 282万元)\n"),
		units, yuan(y, sizeof y, rewards), yuan(z, sizeof z, paid(r2, liuzhuang, "review_passed")));

	fprintf(f, _("\nMoney by year (the ledger's totals):\n"));
	if ((rc = wuhong_ledger_query(&q, st.l, WUHONG_LEDGER_TOTALS, NULL, &err))) {
		status = report(rc, &err);
		goto out;
	}
	write_rows(q, FMT_TABLE, f);
	wuhong_rows_free(q);
	q = NULL;
	if (n_failing) {
		const char *id = wuhong_dataset_unit_id(ds, failing[0]);
		fprintf(f, _("\nThe trail of %s %s (wuhong history):\n"), id, wuhong_dataset_unit_name(ds, failing[0]));
		if ((rc = wuhong_ledger_query(&q, st.l, WUHONG_LEDGER_HISTORY, id, &err))) {
			status = report(rc, &err);
			goto out;
		}
		write_rows(q, FMT_TABLE, f);
		wuhong_rows_free(q);
		q = NULL;
	}

	/* the monthly assessment's rotation for the next twelve months */
	fprintf(f, _("\nMonthly assessment (月度考评): the townships to visit, 2026-01 to 2026-12\n"));
	if ((rc = wuhong_rotation(&q, p, "2026-01", 12, NULL, &err))) {
		status = report(rc, &err);
		goto out;
	}
	for (size_t k = 0; k + 1 < wuhong_rows_count(q); k += 2)
		fprintf(f, "    %s  %s  %s\n", wuhong_rows_cell(q, k, 0), wuhong_rows_cell(q, k, 1), wuhong_rows_cell(q, k + 1, 1));
	fprintf(f, _("    (%s)\n    visits: "), wuhong_rows_cell(q, 0, 2));
	for (size_t t = 0; t < wuhong_policy_town_count(p); t++) {
		size_t v = 0;
		for (size_t k = 0; k < wuhong_rows_count(q); k++)
			v += strcmp(wuhong_rows_cell(q, k, 1), wuhong_policy_town(p, t)) == 0;
		fprintf(f, "%s %zu%s", wuhong_policy_town(p, t), v, t + 1 < wuhong_policy_town_count(p) ? ", " : "\n");
	}
out:
	wuhong_rows_free(q);
	wuhong_rows_free(r1);
	wuhong_rows_free(r2);
	wuhong_rows_free(r3);
	wuhong_evaluation_free(ev1);
	wuhong_evaluation_free(ev2);
	wuhong_evaluation_free(ev3);
	wuhong_decisions_free(dec);
	for (int k = 0; k < 3; k++)
		wuhong_applications_free(st.lists[k]);
	wuhong_adjustments_free(adj);
	wuhong_ledger_free(st.l);
	wuhong_dataset_free(ds);
	wuhong_policy_free(p);
	unlink(path);
	return status;
}
