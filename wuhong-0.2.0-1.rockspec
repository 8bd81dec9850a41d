-- The Lua binding as a rock: `luarocks --lua-version=5.4 make --tree TREE` builds the module
-- against an installed libwuhong (found by pkg-config) and installs it into TREE.
rockspec_format = "3.0"
package = "wuhong"
version = "0.2.0-1"
source = { url = "git+file://." }
description = {
  summary = "Rules of a \"Five Red Flags\" (五面红旗) campaign, evaluated by libwuhong",
  license = "MIT",
}
dependencies = { "lua == 5.4" }
build = {
  type = "command",
  build_command = [[
    swig -lua -nomoduleglobal $(pkg-config --cflags-only-I wuhong) -o wuhong_lua_wrap.c bindings/lua/wuhong_lua.i &&
    $(CC) $(CFLAGS) -shared -o core.so wuhong_lua_wrap.c -I$(LUA_INCDIR) $(pkg-config --cflags --libs wuhong) \
      -Wl,-rpath,$(pkg-config --variable=libdir wuhong)
  ]],
  install = {
    lua = { wuhong = "bindings/lua/wuhong.lua" },
    lib = { ["wuhong.core"] = "core.so" },
  },
}
