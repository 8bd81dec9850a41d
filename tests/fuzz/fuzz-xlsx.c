/*
 * fuzz-xlsx.c — the .xlsx reader. The first byte picks what the rest is:
 * a whole file (mutations of a real workbook, stored uncompressed in the
 * corpus), or one part — the sheet, the shared strings or the styles —
 * placed in a workbook built here around it, so the fuzzer reaches the XML
 * handlers without having to forge a zip. The data is then evaluated.
 */
#include <stdlib.h>
#include <string.h>
#include <wuhong.h>
#include <zip.h>

static wuhong_policy *policy;

static const char workbook[] =
	"<?xml version=\"1.0\"?><workbook xmlns:r=\"r\"><sheets><sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/>"
	"</sheets></workbook>";
static const char rels[] =
	"<?xml version=\"1.0\"?><Relationships><Relationship Id=\"rId1\" Type=\"t/worksheet\" "
	"Target=\"worksheets/sheet1.xml\"/></Relationships>";
static const char sheet[] =
	"<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c>"
	"<c r=\"C1\" t=\"inlineStr\"><is><t>sector</t></is></c><c r=\"D1\" t=\"inlineStr\"><is><t>town</t></is></c>"
	"<c r=\"E1\" t=\"inlineStr\"><is><t>toilet_rate</t></is></c></row><row r=\"2\"><c r=\"A2\" t=\"s\"><v>2</v></c>"
	"<c r=\"B2\" t=\"s\"><v>2</v></c><c r=\"C2\" t=\"inlineStr\"><is><t>行政村</t></is></c>"
	"<c r=\"D2\" t=\"inlineStr\"><is><t>古绛镇</t></is></c><c r=\"E2\" s=\"1\"><v>0.97</v></c></row>"
	"</sheetData></worksheet>";
static const char strings[] = "<sst><si><t>id</t></si><si><r><t>na</t></r><r><t>me</t></r></si><si><t>V1</t></si></sst>";
static const char styles[] = "<styleSheet><cellXfs><xf numFmtId=\"0\"/><xf numFmtId=\"9\"/></cellXfs></styleSheet>";

/* A workbook of the fixed parts with part `which` replaced by the input; malloc'd bytes. */
static char *build(const unsigned char *data, size_t size, int which, size_t *len)
{
	const char *names[] = { "xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/styles.xml" };
	const char *parts[] = { sheet, strings, styles };
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
	char *out = NULL;
	if (!src)
		return NULL;
	zip_source_keep(src);
	zip_t *z = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
	if (!z)
		goto done;
	zip_file_add(z, "xl/workbook.xml", zip_source_buffer(z, workbook, sizeof workbook - 1, 0), 0);
	zip_file_add(z, "xl/_rels/workbook.xml.rels", zip_source_buffer(z, rels, sizeof rels - 1, 0), 0);
	for (int k = 0; k < 3; k++)
		zip_file_add(z, names[k],
			     k == which ? zip_source_buffer(z, data, size, 0) : zip_source_buffer(z, parts[k], strlen(parts[k]), 0),
			     0);
	if (zip_close(z) != 0) {
		zip_discard(z);
		goto done;
	}
	if (zip_source_open(src) == 0) {
		zip_source_seek(src, 0, SEEK_END);
		zip_int64_t n = zip_source_tell(src);
		zip_source_seek(src, 0, SEEK_SET);
		if (n > 0 && (out = malloc((size_t)n)) && zip_source_read(src, out, (zip_uint64_t)n) == n) {
			*len = (size_t)n;
		} else {
			free(out);
			out = NULL;
		}
		zip_source_close(src);
	}
done:
	zip_source_free(src);
	zip_error_fini(&ze);
	return out;
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	if (!policy && wuhong_policy_default(&policy, NULL))
		abort();
	if (size < 1)
		return 0;
	int mode = data[0] % 4;
	const char *bytes = (const char *)data + 1;
	size_t len = size - 1;
	char *built = NULL;
	if (mode > 0) {
		if (!(built = build(data + 1, size - 1, mode - 1, &len)))
			return 0;
		bytes = built;
	}
	wuhong_dataset *ds = NULL;
	if (wuhong_dataset_load_csv_string(&ds, bytes, len, "fuzz.xlsx", NULL, NULL) == 0) {
		wuhong_evaluation *ev = NULL;
		if (wuhong_evaluate(&ev, policy, ds, NULL, NULL) == 0)
			wuhong_evaluation_free(ev);
		wuhong_dataset_free(ds);
	}
	free(built);
	return 0;
}
