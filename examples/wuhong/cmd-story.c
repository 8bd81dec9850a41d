/*
 * cmd-story.c — the demo's three years of dynamic flags (动态调旗) on a
 * temporary ledger: the creation year; a re-review year in which some
 * units fail, are demoted and lose their benefits while the others earn
 * re-review rewards; a third year with a merger (撤并) and a promotion.
 * The changes to the data are scripted here, so the story is the same on
 * every run, byte for byte.
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
		fprintf(f, "    %s %s %s: %s%s%s%s\n", label, wuhong_rows_cell(r, k, 1), wuhong_rows_cell(r, k, 2),
			wuhong_rows_cell(r, k, 7), *fen ? ", " : "", *fen ? yuan(y, sizeof y, strtoll(fen, NULL, 10)) : "",
			*fen ? " yuan" : "");
	}
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

static int year(wuhong_ledger *l, const char *period, const wuhong_policy *p, const wuhong_dataset *ds,
		const wuhong_decisions *dec, wuhong_rows **rows, wuhong_evaluation **ev)
{
	wuhong_error err;
	int rc = wuhong_evaluate(ev, p, ds, NULL, &err);
	if (!rc) {
		wuhong_review_options o = WUHONG_REVIEW_OPTIONS_INIT;
		o.decisions = dec;
		rc = wuhong_review(rows, NULL, l, period, *ev, &o, &err);
	}
	return rc ? report(rc, &err) : 0;
}

int write_three_years(const options *o, FILE *f)
{
	(void)o;
	char path[] = "/tmp/wuhong-demo-ledger-XXXXXX";
	int fd = mkstemp(path);
	if (fd < 0) {
		fprintf(stderr, "wuhong: cannot create a temporary ledger\n");
		return EXIT_IO;
	}
	close(fd);
	wuhong_error err;
	wuhong_policy *p = NULL;
	wuhong_dataset *ds = NULL;
	wuhong_ledger *l = NULL;
	wuhong_evaluation *ev1 = NULL, *ev2 = NULL, *ev3 = NULL;
	wuhong_rows *r1 = NULL, *r2 = NULL, *r3 = NULL, *q = NULL;
	wuhong_decisions *dec = NULL;
	int status = 0, rc;
	if ((rc = wuhong_policy_default(&p, &err)) ||
	    (rc = wuhong_dataset_load_csv_string(&ds, wh_demo_data, wh_demo_data_len, "jiangxian.csv", NULL, &err)) ||
	    (rc = wuhong_ledger_open(&l, path, &err))) {
		status = report(rc, &err);
		goto out;
	}
	fprintf(f, "\nThree years of dynamic flags (动态调旗), recorded in a ledger\n");
	fprintf(f, "============================================================\n");

	/* 2023: the creation year */
	if ((status = year(l, "2023", p, ds, NULL, &r1, &ev1)))
		goto out;
	long long money = 0;
	size_t awarded = count(r1, "awarded", &money);
	char y[32];
	fprintf(f, "\n2023 — creation (创建): %zu units approved (审定), announced (公示) and plaqued (授牌)\n", awarded);
	fprintf(f, "    creation awards paid: %s yuan\n", yuan(y, sizeof y, money));

	/* 2024: the re-review. The first four-flag village lets one flag slip (it
	 * is demoted to three); two more villages let party building slip, the
	 * prerequisite, and lose their tier */
	size_t n = wuhong_dataset_count(ds), failing[3], n_failing = 0, promoted = SIZE_MAX, merged = SIZE_MAX,
	       successor = SIZE_MAX;
	const uint8_t *tier1 = wuhong_evaluation_tiers(ev1), *sec1 = wuhong_evaluation_sectors(ev1),
		      *mask1 = wuhong_evaluation_flag_masks(ev1);
	for (size_t i = 0; i < n && n_failing == 0; i++)
		if (sec1[i] == 0 && tier1[i] == 4)
			failing[n_failing++] = i;
	for (size_t i = 0; i < n; i++) {
		if (sec1[i] != 0 || (tier1[i] != 3 && tier1[i] != 4) || (n_failing && i == failing[0]))
			continue;
		if (n_failing < 3)
			failing[n_failing++] = i;
		else if (promoted == SIZE_MAX && tier1[i] == 4)
			promoted = i;
	}
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
	if ((status = year(l, "2024", p, ds, NULL, &r2, &ev2)))
		goto out;
	long long rewards = 0;
	size_t passed = count(r2, "review_passed", &rewards);
	fprintf(f, "\n2024 — re-review (回头看) of every unit holding 3+ flags\n");
	fprintf(f, "    %zu passed and keep their flags; re-review rewards paid: %s yuan\n", passed, yuan(y, sizeof y, rewards));
	lines(r2, "review_failed", "failed  ", f);
	lines(r2, "stripped", "stripped", f);
	lines(r2, "demoted", "demoted ", f);
	lines(r2, "benefits_cancelled", "cancelled", f);

	/* 2025: a merger and a promotion */
	const uint8_t *sec2 = wuhong_evaluation_sectors(ev2);
	for (size_t i = n; i-- > 0 && merged == SIZE_MAX;) {
		if (sec2[i] != 0 || i == promoted)
			continue;
		for (size_t j = i; j-- > 0;)
			if (sec2[j] == 0 && j != promoted && strcmp(wuhong_dataset_unit_town(ds, i), wuhong_dataset_unit_town(ds, j)) == 0) {
				merged = i;
				successor = j;
				break;
			}
	}
	if (promoted != SIZE_MAX)
		for (size_t k = 0; k < sizeof village_effort / sizeof village_effort[0]; k++)
			wuhong_dataset_set_value(ds, promoted, village_effort[k].indicator, village_effort[k].value, NULL);
	if ((rc = wuhong_decisions_new(&dec, &err)) ||
	    (merged != SIZE_MAX &&
	     (rc = wuhong_decisions_add(dec, wuhong_dataset_unit_id(ds, merged), WUHONG_MERGE, "县委常委会", "行政村撤并",
					wuhong_dataset_unit_id(ds, successor), &err)))) {
		status = report(rc, &err);
		goto out;
	}
	if ((status = year(l, "2025", p, ds, dec, &r3, &ev3)))
		goto out;
	fprintf(f, "\n2025 — a merger (撤并) and a promotion (升旗)\n");
	lines(r3, "merged", "merged  ", f);
	lines(r3, "merged_in", "took in ", f);
	lines(r3, "promoted", "promoted", f);
	lines(r3, "promotion_deferred", "waiting ", f);
	rewards = 0;
	passed = count(r3, "review_passed", &rewards);
	fprintf(f, "    %zu passed the re-review; rewards paid: %s yuan\n", passed, yuan(y, sizeof y, rewards));

	fprintf(f, "\nMoney by year (the ledger's totals):\n");
	if ((rc = wuhong_ledger_query(&q, l, WUHONG_LEDGER_TOTALS, NULL, &err))) {
		status = report(rc, &err);
		goto out;
	}
	write_rows(q, FMT_TABLE, f);
	wuhong_rows_free(q);
	q = NULL;
	if (n_failing) {
		const char *id = wuhong_dataset_unit_id(ds, failing[0]);
		fprintf(f, "\nThe trail of %s %s (wuhong history):\n", id, wuhong_dataset_unit_name(ds, failing[0]));
		if ((rc = wuhong_ledger_query(&q, l, WUHONG_LEDGER_HISTORY, id, &err))) {
			status = report(rc, &err);
			goto out;
		}
		write_rows(q, FMT_TABLE, f);
		wuhong_rows_free(q);
		q = NULL;
	}

	/* the monthly assessment's rotation for the next twelve months */
	fprintf(f, "\nMonthly assessment (月度考评): the townships to visit, 2026-01 to 2026-12\n");
	if ((rc = wuhong_rotation(&q, p, "2026-01", 12, NULL, &err))) {
		status = report(rc, &err);
		goto out;
	}
	for (size_t k = 0; k + 1 < wuhong_rows_count(q); k += 2)
		fprintf(f, "    %s  %s  %s\n", wuhong_rows_cell(q, k, 0), wuhong_rows_cell(q, k, 1), wuhong_rows_cell(q, k + 1, 1));
	fprintf(f, "    (%s)\n    visits: ", wuhong_rows_cell(q, 0, 2));
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
	wuhong_ledger_free(l);
	wuhong_dataset_free(ds);
	wuhong_policy_free(p);
	unlink(path);
	return status;
}
