/*
 * wuhong_python.i — the Python side of the SWIG interface: the module is
 * wuhong.core (its C part wuhong._core). A failed call raises the
 * wuhong.errors class for its status, carrying the error record; columns
 * are read-only numpy arrays over the library's memory that keep their
 * owner alive.
 */
%module(package="wuhong") core

%{
#define SWIG_FILE_WITH_INIT
#define NPY_NO_DEPRECATED_API NPY_1_7_API_VERSION
#include <numpy/arrayobject.h>
#include <wuhong.h>

/* Raise wuhong.errors' class for e->code. Texts go as bytes: a message may
 * quote undecodable input, and Python decodes with replacement. */
static void wuhong_py_raise(const wuhong_error *e)
{
	char text[2048], *t = (wuhong_error_format(e, text, sizeof text), text);
	PyObject *mod = PyImport_ImportModule("wuhong.errors");
	PyObject *exc = mod ? PyObject_CallMethod(mod, "_from_record", "(iylllyyyyy)", e->code, e->message, e->line,
						  e->column, e->row, e->file, e->unit, e->field, e->excerpt, t) : NULL;
	Py_XDECREF(mod);
	if (exc)
		PyErr_SetObject((PyObject *)Py_TYPE(exc), exc);
	Py_XDECREF(exc);
}

/* The results of a call less its int status, first: None, one value or a list. */
static PyObject *wuhong_py_drop_status(PyObject *r)
{
	PyObject *rest = PyList_Check(r) ? PyList_GetSlice(r, 1, PyList_GET_SIZE(r)) : SWIG_Py_Void();
	PyObject *only = rest && PyList_Check(rest) && PyList_GET_SIZE(rest) == 1 ? PyList_GET_ITEM(rest, 0) : NULL;
	Py_XINCREF(only);
	Py_DECREF(r);
	return only ? (Py_DECREF(rest), only) : rest;
}

/* The pointer a _free call frees, taken from its Python object, which is left empty. */
static void *wuhong_py_clear_handle(PyObject *obj, swig_type_info *type)
{
	void *p = NULL;
	if (obj == Py_None || !SWIG_IsOK(SWIG_ConvertPtr(obj, &p, type, SWIG_POINTER_DISOWN)))
		return NULL;
	SWIG_Python_GetSwigThis(obj)->ptr = NULL;
	return p;
}

/* A sequence of str as a new NULL-terminated array of borrowed UTF-8 (NULL: raised). */
static const char **wuhong_py_strings(PyObject *seq, size_t *n)
{
	*n = seq ? (size_t)PySequence_Fast_GET_SIZE(seq) : 0;
	const char **v = seq ? calloc(*n + 1, sizeof *v) : NULL;
	for (size_t i = 0; v && i < *n; i++)
		if (!(v[i] = PyUnicode_AsUTF8(PySequence_Fast_GET_ITEM(seq, i))))
			return free(v), NULL;
	return v || !seq ? v : (PyErr_NoMemory(), NULL);
}

/* A read-only 1-D numpy view of n items of data, which keeps owner alive. */
static PyObject *wuhong_py_view(int type, size_t n, const void *data, PyObject *owner)
{
	npy_intp dim = (npy_intp)n;
	PyObject *a = data ? PyArray_New(&PyArray_Type, 1, &dim, type, NULL, (void *)data, 0, NPY_ARRAY_CARRAY_RO, NULL)
			   : PyArray_ZEROS(1, &dim, type, 0);
	if (a && data && PyArray_SetBaseObject((PyArrayObject *)a, (Py_INCREF(owner), owner)) < 0)
		Py_CLEAR(a);
	return a;
}
%}

%init %{
	import_array();
%}

#define WUHONG_RAISE(e) wuhong_py_raise(e)
#define WUHONG_CLEAR_HANDLE(obj, type) wuhong_py_clear_handle(obj, type)
#define WUHONG_NO_RESULT $result = SWIG_Py_Void()
#define WUHONG_DISCARD_RESULT Py_CLEAR($result)
#define WUHONG_DROP_STATUS $result = wuhong_py_drop_status($result)
#define WUHONG_APPEND(obj) $result = SWIG_Python_AppendOutput($result, obj)
#define WUHONG_INTEGER_OUTPUT(v) WUHONG_APPEND(PyLong_FromLongLong((long long)(v)))
#define WUHONG_BOOL_OUTPUT(v) WUHONG_APPEND(PyBool_FromLong(v))
#define WUHONG_STRING_OUTPUT(s) WUHONG_APPEND(SWIG_FromCharPtr(s))
#define WUHONG_BYTES_OUTPUT(p, n) WUHONG_APPEND(PyBytes_FromStringAndSize(p, (Py_ssize_t)(n)))
#define WUHONG_OWNED_OUTPUT(p, type) WUHONG_APPEND(SWIG_NewPointerObj(p, type, SWIG_POINTER_OWN))

/* A column: a view kept alive by the object it was read from. */
%define WUHONG_COLUMN(CTYPE, FUNC, COUNT, NPY)
%typemap(out) const CTYPE *FUNC {
	if (!($result = wuhong_py_view(NPY, COUNT(arg1), $1, swig_obj[0])))
		SWIG_fail;
}
%enddef

/* text with its length: str (as UTF-8) or bytes */
%apply (char *STRING, size_t LENGTH) { (const char *text, size_t len), (const char *data, size_t len), (const char *utf8, size_t utf8_len) };

/* a sequence of str: a NULL-terminated array, with its length when asked */
%typemap(in) const char *const *sectors (PyObject *seq = NULL, size_t n = 0) {
	if (!($1 = ($1_ltype)wuhong_py_strings(seq = PySequence_Fast($input, "expected a sequence of str"), &n)))
		SWIG_fail;
}
%typemap(in) (const char *const *names, size_t n_names) (PyObject *seq = NULL) {
	if (!($1 = ($1_ltype)wuhong_py_strings(seq = PySequence_Fast($input, "expected a sequence of str"), &$2)))
		SWIG_fail;
}
%typemap(freearg) const char *const *sectors, (const char *const *names, size_t n_names) { free((void *)$1); Py_XDECREF(seq$argnum); }

/* arrays read in place: the right type and exactly one item per unit, never a copy */
%define WUHONG_UNIT_ARRAY(CTYPE, NAME, NPY)
%typemap(in) const CTYPE *NAME {
	PyArrayObject *a = (PyArrayObject *)$input;
	if (!PyArray_Check($input) || PyArray_TYPE(a) != NPY || PyArray_NDIM(a) != 1 || !PyArray_IS_C_CONTIGUOUS(a)
	    || (size_t)PyArray_DIM(a, 0) != wuhong_dataset_count(arg1))
		SWIG_exception(SWIG_TypeError, #NAME " must be a C-contiguous 1-D numpy array of " #CTYPE ", one per unit");
	$1 = ($1_ltype)PyArray_DATA(a);
}
%enddef
WUHONG_UNIT_ARRAY(double, values, NPY_DOUBLE)
WUHONG_UNIT_ARRAY(uint16_t, codes, NPY_UINT16)

/* wuhong_rule_eval's verdicts: a new uint8 array, one per unit */
%typemap(in, numinputs=0) uint8_t *out (PyObject *a = NULL) ""
%typemap(check) uint8_t *out {
	if (!(a$argnum = wuhong_py_view(NPY_UINT8, wuhong_dataset_count(arg3), NULL, NULL)))
		SWIG_fail;
	$1 = PyArray_DATA((PyArrayObject *)a$argnum);
}
%typemap(argout) uint8_t *out { WUHONG_APPEND(a$argnum); a$argnum = NULL; }
%typemap(freearg) uint8_t *out { Py_XDECREF(a$argnum); }

%include "../wuhong.i"
