/*
 * wuhong_lua.i — the Lua 5.4 side of the SWIG interface: the C module is
 * wuhong.core (require "wuhong.core"), and a failed call raises, through
 * error(), a table {kind, message, code, file, line, column, row, unit,
 * field, excerpt} whose __tostring reads like the C library's message.
 */
%module core

%{
#include <lauxlib.h>
#include <wuhong.h>
static void wuhong_lua_raise(lua_State *L, const wuhong_error *e);
#define WUHONG_RAISE(e) wuhong_lua_raise(L, e)
%}

%{
/* The pointer a wb_close_ call frees, taken from its userdata, which is
 * left pointing at nothing (and owning nothing). */
static void *wuhong_lua_clear_handle(lua_State *L, int idx, swig_type_info *type)
{
	void *p = NULL;
	if (lua_isnil(L, idx) || !SWIG_IsOK(SWIG_ConvertPtr(L, idx, &p, type, SWIG_POINTER_DISOWN)))
		return NULL;
	swig_lua_userdata *usr = (swig_lua_userdata *)lua_touserdata(L, idx);
	if (usr)
		usr->ptr = NULL;
	return p;
}
#define WUHONG_CLEAR_HANDLE(idx, type) wuhong_lua_clear_handle(L, idx, type)
%}

/* Lua 5.4 has 64-bit integers: counts, tiers and fen cross as integers,
 * exactly (SWIG's default would make them floats). */
%typemap(out) int, unsigned, size_t, long long, unsigned long long
	"lua_pushinteger(L, (lua_Integer)$1); SWIG_arg++;"
%typemap(in, checkfn="lua_isinteger") long long, size_t, int, unsigned
	"$1 = ($type)lua_tointeger(L, $input);"

%include "../wuhong.i"

%{
static const char *wuhong_lua_kind(int code)
{
	switch (code) {
	case WUHONG_EPOLICY: return "policy";
	case WUHONG_ERULE: return "rule";
	case WUHONG_EDATA: return "data";
	case WUHONG_EIO: return "io";
	case WUHONG_EBUDGET: return "budget";
	case WUHONG_EOVERFLOW: return "overflow";
	case WUHONG_ENOTFOUND: return "notfound";
	case WUHONG_ENOMEM: return "nomem";
	default: return "usage";
	}
}

static int wuhong_lua_error_tostring(lua_State *L)
{
	lua_getfield(L, 1, "text");
	return 1;
}

/* Push the error table (SWIG_fail then raises it with lua_error). */
static void wuhong_lua_raise(lua_State *L, const wuhong_error *e)
{
	char text[2048];
	wuhong_error_format(e, text, sizeof text);
	lua_createtable(L, 0, 12);
	lua_pushstring(L, wuhong_lua_kind(e->code)); lua_setfield(L, -2, "kind");
	lua_pushstring(L, e->message); lua_setfield(L, -2, "message");
	lua_pushstring(L, text); lua_setfield(L, -2, "text");
	lua_pushinteger(L, e->code); lua_setfield(L, -2, "code");
	lua_pushstring(L, e->file); lua_setfield(L, -2, "file");
	lua_pushinteger(L, e->line); lua_setfield(L, -2, "line");
	lua_pushinteger(L, e->column); lua_setfield(L, -2, "column");
	lua_pushinteger(L, e->row); lua_setfield(L, -2, "row");
	lua_pushstring(L, e->unit); lua_setfield(L, -2, "unit");
	lua_pushstring(L, e->field); lua_setfield(L, -2, "field");
	lua_pushstring(L, e->excerpt); lua_setfield(L, -2, "excerpt");
	if (luaL_newmetatable(L, "wuhong.Error")) {
		lua_pushcfunction(L, wuhong_lua_error_tostring);
		lua_setfield(L, -2, "__tostring");
	}
	lua_setmetatable(L, -2);
}

/* require "wuhong.core" looks for luaopen_wuhong_core */
SWIGEXPORT int luaopen_core(lua_State *L);
SWIGEXPORT int luaopen_wuhong_core(lua_State *L)
{
	return luaopen_core(L);
}
%}
