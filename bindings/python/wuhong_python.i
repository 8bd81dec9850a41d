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
