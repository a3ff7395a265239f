# SPDX-License-Identifier: MIT
# liburcu as mbx's private imported target mbx::urcu, for the build and for the
# installed package alike. pkg-config runs inside a function under the prefix
# _mbx_urcu: the caller's variables (URCU_FOUND, URCU_LIBRARIES, ...) and
# targets (PkgConfig::URCU) are never read nor written, so a consumer may use
# PkgConfig::URCU for another liburcu flavour in the same project.
# mbx_import_urcu(<REQUIRED|QUIET> <pkg-config module>...): defines mbx::urcu
# and sets MBX_URCU_IMPORTED (TRUE/FALSE) in the caller's scope.
function(mbx_import_urcu mode)
  if(TARGET mbx::urcu)
    set(MBX_URCU_IMPORTED TRUE PARENT_SCOPE)
    return()
  endif()
  find_package(PkgConfig QUIET)
  if(PkgConfig_FOUND)
    pkg_check_modules(_mbx_urcu QUIET ${ARGN})
  endif()
  if(NOT _mbx_urcu_FOUND)
    if(mode STREQUAL "REQUIRED")
      message(FATAL_ERROR "mbx: liburcu (${ARGN}) not found through pkg-config "
                          "(apt-get install pkg-config liburcu-dev)")
    endif()
    set(MBX_URCU_IMPORTED FALSE PARENT_SCOPE)
    return()
  endif()
  add_library(mbx::urcu INTERFACE IMPORTED)
  set_target_properties(mbx::urcu PROPERTIES
    INTERFACE_INCLUDE_DIRECTORIES "${_mbx_urcu_INCLUDE_DIRS}"
    INTERFACE_LINK_LIBRARIES "${_mbx_urcu_LINK_LIBRARIES}"
    INTERFACE_COMPILE_OPTIONS "${_mbx_urcu_CFLAGS_OTHER}")
  set(MBX_URCU_IMPORTED TRUE PARENT_SCOPE)
endfunction()
