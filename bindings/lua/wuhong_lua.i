/*
 * wuhong_lua.i — the Lua 5.4 side of the SWIG interface: the C module is
 * wuhong.core (require "wuhong.core"). A failed call raises, through
 * error(), a table {code, message, text, file, line, column, row, unit,
 * field, excerpt} with the metatable registered as "wuhong.Error" (by
 * wuhong.lua: it adds `kind` and __tostring). Columns are tables (1-based).
 */
%module core

%{
#include <lauxlib.h>
#include <wuhong.h>

/* Push the error table (SWIG_fail then raises it with lua_error). */
static void wuhong_lua_raise(lua_State *L, const wuhong_error *e)
{
	char text[2048];
	wuhong_error_format(e, text, sizeof text);
	lua_createtable(L, 0, 10);
	lua_pushinteger(L, e->code), lua_setfield(L, -2, "code");
	lua_pushstring(L, e->message), lua_setfield(L, -2, "message");
	lua_pushstring(L, text), lua_setfield(L, -2, "text");
	lua_pushstring(L, e->file), lua_setfield(L, -2, "file");
	lua_pushinteger(L, e->line), lua_setfield(L, -2, "line");
	lua_pushinteger(L, e->column), lua_setfield(L, -2, "column");
	lua_pushinteger(L, e->row), lua_setfield(L, -2, "row");
	lua_pushstring(L, e->unit), lua_setfield(L, -2, "unit");
	lua_pushstring(L, e->field), lua_setfield(L, -2, "field");
	lua_pushstring(L, e->excerpt), lua_setfield(L, -2, "excerpt");
	luaL_getmetatable(L, "wuhong.Error");
	lua_setmetatable(L, -2);
}

/* The pointer a _free call frees, taken from its userdata, which is left
 * pointing at nothing (and owning nothing). */
static void *wuhong_lua_clear_handle(lua_State *L, int idx, swig_type_info *type)
{
	void *p = NULL;
	if (lua_isnil(L, idx) || !SWIG_IsOK(SWIG_ConvertPtr(L, idx, &p, type, SWIG_POINTER_DISOWN)))
		return NULL;
	((swig_lua_userdata *)lua_touserdata(L, idx))->ptr = NULL;
	return p;
}

/* A table of strings (1..n) as a NULL-terminated array, strings borrowed from the table. */
static const char **wuhong_lua_strings(lua_State *L, int idx, size_t *n)
{
	luaL_checktype(L, idx, LUA_TTABLE);
	*n = (size_t)lua_rawlen(L, idx);
	const char **v = lua_newuserdatauv(L, (*n + 1) * sizeof *v, 0); /* freed with the call's stack */
	for (size_t i = 0; i < *n; i++) {
		lua_rawgeti(L, idx, (lua_Integer)i + 1);
		v[i] = luaL_checkstring(L, -1);
		lua_pop(L, 1);
	}
	v[*n] = NULL;
	return v;
}
%}

#define WUHONG_RAISE(e) wuhong_lua_raise(L, e)
#define WUHONG_CLEAR_HANDLE(idx, type) wuhong_lua_clear_handle(L, idx, type)
#define WUHONG_NO_RESULT
#define WUHONG_DROP_STATUS lua_remove(L, -SWIG_arg); SWIG_arg--
#define WUHONG_INTEGER_OUTPUT(v) lua_pushinteger(L, (lua_Integer)(v)); SWIG_arg++
#define WUHONG_BOOL_OUTPUT(v) lua_pushboolean(L, v); SWIG_arg++
#define WUHONG_STRING_OUTPUT(s) lua_pushstring(L, s); SWIG_arg++
#define WUHONG_OWNED_OUTPUT(p, type) SWIG_NewPointerObj(L, p, type, 1); SWIG_arg++

/* Lua 5.4 has 64-bit integers: counts, tiers and fen cross as integers,
 * exactly (SWIG's default would make them floats). */
%typemap(out) int, unsigned, size_t, long long, unsigned long long, int64_t, uint8_t, uint16_t, uint32_t,
	enum SWIGTYPE "lua_pushinteger(L, (lua_Integer)$1); SWIG_arg++;"
%typemap(in, checkfn="lua_isinteger") long long, size_t, int, unsigned, int64_t
	"$1 = ($type)lua_tointeger(L, $input);"

/* A column: a table of integers. */
%define WUHONG_COLUMN(CTYPE, FUNC, COUNT, NPY)
%typemap(out) const CTYPE *FUNC {
	size_t n = COUNT(arg1);
	lua_createtable(L, n < INT_MAX ? (int)n : 0, 0);
	for (size_t i = 0; i < n; i++)
		lua_pushinteger(L, (lua_Integer)$1[i]), lua_rawseti(L, -2, (lua_Integer)i + 1);
	SWIG_arg++;
}
%enddef

/* text with its length: a Lua string (any bytes) */
%typemap(in) (const char *text, size_t len), (const char *data, size_t len) "$1 = ($1_ltype)luaL_checklstring(L, $input, &$2);"

/* a table of strings */
%typemap(in) const char *const *sectors (size_t n) "$1 = ($1_ltype)wuhong_lua_strings(L, $input, &n);"
%typemap(in) (const char *const *names, size_t n_names) "$1 = ($1_ltype)wuhong_lua_strings(L, $input, &$2);"

/* wuhong_rule_eval's verdicts: a table, one per unit */
%typemap(in, numinputs=0) uint8_t *out ""
%typemap(check) uint8_t *out {
	if (!($1 = lua_newuserdatauv(L, wuhong_dataset_count(arg3) + 1, 0)))
		SWIG_fail;
}
%typemap(argout) uint8_t *out {
	size_t n = wuhong_dataset_count(arg3);
	lua_createtable(L, n < INT_MAX ? (int)n : 0, 0);
	for (size_t i = 0; i < n; i++)
		lua_pushinteger(L, $1[i]), lua_rawseti(L, -2, (lua_Integer)i + 1);
	SWIG_arg++;
}

/* Lua has no arrays to lend: columns are set value by value */
%ignore wuhong_dataset_bind_column;
%ignore wuhong_dataset_set_sector_codes;
%ignore wuhong_dataset_set_town_codes;

%include "../wuhong.i"

%{
/* require "wuhong.core" looks for luaopen_wuhong_core */
SWIGEXPORT int luaopen_core(lua_State *L);
SWIGEXPORT int luaopen_wuhong_core(lua_State *L)
{
	return luaopen_core(L);
}
%}
