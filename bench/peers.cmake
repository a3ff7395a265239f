# SPDX-License-Identifier: MIT
# Peers (bench/peer.h), included from bench/CMakeLists.txt. mbx_peers holds the
# peer table and one adapter per peer (their e2e run is mbx_stress's runner): mutex_cond and
# eventfd always (libc, Linux), each library peer when pkg-config finds it,
# else a STATUS line says it is skipped. mbx-bench gains peer/<name>/enqueue
# and peer/<name>/e2e; tests/bench gains peer_e2e_test.
find_package(PkgConfig QUIET)
add_library(mbx_peers STATIC peer_table.c peer_mutex_cond.c peer_eventfd.c)
target_include_directories(mbx_peers PUBLIC ${CMAKE_CURRENT_SOURCE_DIR})
target_compile_definitions(mbx_peers PRIVATE _GNU_SOURCE)
target_link_libraries(mbx_peers PUBLIC mbx_stress mbx::sim)
set(MBX_PEERS_BUILT "mutex_cond eventfd")

# A peer from a library pkg-config knows: its adapter joins mbx_peers with
# MBX_PEER_HAVE_<NAME> and <version_define>="<module version>", or a STATUS line says why not.
function(mbx_library_peer name module source version_define)
  string(TOUPPER ${name} upper)
  if(PkgConfig_FOUND)
    pkg_check_modules(MBX_PEER_${upper} QUIET IMPORTED_TARGET ${module})
  endif()
  if(MBX_PEER_${upper}_FOUND)
    target_sources(mbx_peers PRIVATE ${source})
    target_compile_definitions(mbx_peers PRIVATE MBX_PEER_HAVE_${upper}
      ${version_define}="${MBX_PEER_${upper}_VERSION}")
    target_link_libraries(mbx_peers PUBLIC PkgConfig::MBX_PEER_${upper})
    set(MBX_PEERS_BUILT "${MBX_PEERS_BUILT} ${name}" PARENT_SCOPE)
  else()
    message(STATUS "mbx peer ${name}: ${module} not found by pkg-config, skipped")
  endif()
endfunction()

# wfcqueue: liburcu-cds (its headers sit in the multiarch system include dir).
mbx_library_peer(wfcqueue liburcu-cds peer_wfcqueue.c MBX_PEER_URCU_VERSION)
# ck_ring: Concurrency Kit.
mbx_library_peer(ck_ring ck peer_ck_ring.c MBX_PEER_CK_VERSION)
if(PkgConfig_FOUND)
  pkg_check_modules(MBX_DPDK QUIET libdpdk)
endif()

# rte_ring: DPDK's headers only in this object library (-isystem, their
# rte_config.h; none of libdpdk's other flags such as -march), and only
# librte_ring linked (it brings librte_eal as its own dependency).
if(MBX_DPDK_FOUND)
  find_library(MBX_RTE_RING_LIBRARY rte_ring HINTS ${MBX_DPDK_LIBRARY_DIRS})
endif()
if(MBX_DPDK_FOUND AND MBX_RTE_RING_LIBRARY)
  add_library(mbx_peer_rte_ring OBJECT peer_rte_ring.c)
  target_include_directories(mbx_peer_rte_ring SYSTEM PRIVATE ${MBX_DPDK_INCLUDE_DIRS})
  target_include_directories(mbx_peer_rte_ring PRIVATE ${CMAKE_CURRENT_SOURCE_DIR})
  target_compile_options(mbx_peer_rte_ring PRIVATE -include rte_config.h)
  target_compile_definitions(mbx_peer_rte_ring PRIVATE _GNU_SOURCE
    MBX_PEER_DPDK_VERSION="${MBX_DPDK_VERSION}")
  target_link_libraries(mbx_peer_rte_ring PRIVATE mbx::sim)
  target_sources(mbx_peers PRIVATE $<TARGET_OBJECTS:mbx_peer_rte_ring>)
  target_compile_definitions(mbx_peers PRIVATE MBX_PEER_HAVE_RTE_RING)
  target_link_libraries(mbx_peers PUBLIC ${MBX_RTE_RING_LIBRARY})
  string(APPEND MBX_PEERS_BUILT " rte_ring")
else()
  message(STATUS "mbx peer rte_ring: libdpdk (librte_ring) not found by pkg-config, skipped")
endif()
# atomic_queue and xenium: header-only C++ (Debian's libatomic-queue-dev and
# libxenium-dev ship no pkg-config file), one C++ adapter each, C++20 for the
# designated initialisers of the peer row.
include(CheckIncludeFileCXX)
set(CMAKE_REQUIRED_FLAGS -std=c++20)
check_include_file_cxx(atomic_queue/atomic_queue.h MBX_HAVE_ATOMIC_QUEUE_H)
check_include_file_cxx(xenium/vyukov_bounded_queue.hpp MBX_HAVE_XENIUM_H)
unset(CMAKE_REQUIRED_FLAGS)
foreach(peer atomic_queue:ATOMIC_QUEUE:MBX_HAVE_ATOMIC_QUEUE_H xenium:XENIUM:MBX_HAVE_XENIUM_H)
  string(REPLACE ":" ";" fields ${peer})
  list(GET fields 0 name)
  list(GET fields 1 upper)
  list(GET fields 2 found)
  if(${found})
    target_sources(mbx_peers PRIVATE peer_${name}.cc)
    set_source_files_properties(peer_${name}.cc PROPERTIES COMPILE_OPTIONS -std=c++20)
    target_compile_definitions(mbx_peers PRIVATE MBX_PEER_HAVE_${upper})
    string(APPEND MBX_PEERS_BUILT " ${name}")
  else()
    message(STATUS "mbx peer ${name}: its header is not found, skipped")
  endif()
endforeach()
message(STATUS "mbx peers built: ${MBX_PEERS_BUILT}")

if(TARGET mbx-bench)
  target_sources(mbx-bench PRIVATE peer_bench.c)
  target_link_libraries(mbx-bench PRIVATE mbx_peers)
  target_compile_definitions(mbx-bench PRIVATE MBX_BENCH_HAVE_PEERS=1)
endif()
