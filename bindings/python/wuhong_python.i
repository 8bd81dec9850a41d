/*
 * wuhong_python.i — the Python side of the SWIG interface: the module is
 * wuhong.core (its C part wuhong._core), and a failed call raises the
 * wuhong.errors class for its status code, carrying the error record.
 */
%module(package="wuhong") core

%{
#define SWIG_FILE_WITH_INIT
#include <wuhong.h>
static void wuhong_py_raise(const wuhong_error *e);
#define WUHONG_RAISE(e) wuhong_py_raise(e)
%}

%{
/* The pointer a wb_close_ call frees, taken from its Python object, which
 * is left pointing at nothing (and owning nothing). */
static void *wuhong_py_clear_handle(PyObject *obj, swig_type_info *type)
{
	void *p = NULL;
	if (obj == Py_None || !SWIG_IsOK(SWIG_ConvertPtr(obj, &p, type, SWIG_POINTER_DISOWN)))
		return NULL;
	SwigPyObject *so = SWIG_Python_GetSwigThis(obj);
	if (so)
		so->ptr = NULL;
	return p;
}
#define WUHONG_CLEAR_HANDLE(obj, type) wuhong_py_clear_handle(obj, type)
%}

%include "../wuhong.i"

%{
/* Raise wuhong.errors' class for e->code. Texts go as bytes: a message may
 * quote undecodable input, and Python decodes with replacement. */
static void wuhong_py_raise(const wuhong_error *e)
{
	PyObject *mod = PyImport_ImportModule("wuhong.errors");
	if (!mod)
		return;
	PyObject *exc = PyObject_CallMethod(mod, "_from_record", "(iylllyyyy)", e->code, e->message, e->line, e->column,
					    e->row, e->file, e->unit, e->field, e->excerpt);
	Py_DECREF(mod);
	if (!exc)
		return;
	PyErr_SetObject((PyObject *)Py_TYPE(exc), exc);
	Py_DECREF(exc);
}
%}
