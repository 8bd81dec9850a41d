/*
 * wuhong_lua.i — the Lua 5.4 side: the C module wuhong.core. A failed call
 * raises (error()) a copy of the wuhong_error record, which wuhong.lua turns
 * into a table; columns are tables (1-based).
 */
%module wuhong_core

%{
#include <lauxlib.h>
#include <wuhong.h>

/* Push the error raised: a copy of the record (nil when out of memory). */
static void wuhong_lua_raise(lua_State *L, const wuhong_error *e)
{
	wuhong_error *copy = malloc(sizeof *copy);
	SWIG_NewPointerObj(L, copy ? memcpy(copy, e, sizeof *e) : NULL, SWIGTYPE_p_wuhong_error, 1);
}

/* The pointer a _free call frees, taken from its userdata, which is left empty. */
static void *wuhong_lua_clear_handle(lua_State *L, int idx, swig_type_info *type)
{
	void *p = NULL;
	if (lua_isnil(L, idx) || !SWIG_IsOK(SWIG_ConvertPtr(L, idx, &p, type, SWIG_POINTER_DISOWN)))
		return NULL;
	((swig_lua_userdata *)lua_touserdata(L, idx))->ptr = NULL;
	return p;
}

/* A table of strings as a NULL-terminated array (on the call's stack, strings borrowed). */
static const char **wuhong_lua_strings(lua_State *L, int idx, size_t *n)
{
	*n = (size_t)(luaL_checktype(L, idx, LUA_TTABLE), lua_rawlen(L, idx));
	const char **v = lua_newuserdatauv(L, (*n + 1) * sizeof *v, 0);
	for (size_t i = 0; i < *n; i++, lua_pop(L, 1))
		v[i] = (lua_rawgeti(L, idx, (lua_Integer)i + 1), luaL_checkstring(L, -1));
	v[*n] = NULL;
	return v;
}
%}

#define WUHONG_RAISE(e) wuhong_lua_raise(L, e)
#define WUHONG_CLEAR_HANDLE(idx, type) wuhong_lua_clear_handle(L, idx, type)
#define WUHONG_NO_RESULT
#define WUHONG_DISCARD_RESULT
#define WUHONG_DROP_STATUS lua_remove(L, -SWIG_arg); SWIG_arg--
#define WUHONG_INTEGER_OUTPUT(v) lua_pushinteger(L, (lua_Integer)(v)); SWIG_arg++
#define WUHONG_BOOL_OUTPUT(v) lua_pushboolean(L, v); SWIG_arg++
#define WUHONG_STRING_OUTPUT(s) lua_pushstring(L, s); SWIG_arg++
#define WUHONG_BYTES_OUTPUT(p, n) lua_pushlstring(L, p, n); SWIG_arg++
#define WUHONG_OWNED_OUTPUT(p, type) SWIG_NewPointerObj(L, p, type, 1); SWIG_arg++

/* Lua 5.4 has 64-bit integers: counts, tiers, enums and fen cross exactly */
%typemap(out) int, unsigned, long, size_t, long long, unsigned long long, int64_t, uint8_t, uint16_t, uint32_t,
	enum SWIGTYPE "lua_pushinteger(L, (lua_Integer)$1); SWIG_arg++;"
%typemap(in, checkfn="lua_isinteger") long long, size_t, int, unsigned, int64_t
	"$1 = ($type)lua_tointeger(L, $input);"

%define WUHONG_COLUMN(CTYPE, FUNC, COUNT, NPY)
%typemap(out) const CTYPE *FUNC {
	lua_createtable(L, 0, 0);
	for (size_t i = 0, n = COUNT(arg1); i < n; i++)
		lua_pushinteger(L, (lua_Integer)$1[i]), lua_rawseti(L, -2, (lua_Integer)i + 1);
	SWIG_arg++;
}
%enddef

%typemap(in) (const char *text, size_t len), (const char *data, size_t len), (const char *utf8, size_t utf8_len)
	"$1 = ($1_ltype)luaL_checklstring(L, $input, &$2);"
%typemap(in) const char *const *sectors (size_t n) "$1 = ($1_ltype)wuhong_lua_strings(L, $input, &n);"

/* wuhong_rule_eval's verdicts: a table, one per unit */
%typemap(in, numinputs=0) uint8_t *out ""
%typemap(check) uint8_t *out "$1 = lua_newuserdatauv(L, wuhong_dataset_count(arg3) + 1, 0);"
%typemap(argout) uint8_t *out {
	lua_createtable(L, 0, 0);
	for (size_t i = 0, n = wuhong_dataset_count(arg3); i < n; i++)
		lua_pushinteger(L, $1[i]), lua_rawseti(L, -2, (lua_Integer)i + 1);
	SWIG_arg++;
}

/* Lua has no arrays to lend: columns are set value by value */
%ignore wuhong_dataset_bind_column;
%ignore wuhong_dataset_set_sector_codes;
%ignore wuhong_dataset_set_town_codes;

%include "../wuhong.i"
