# Helpers that keep each layer's CMakeLists.txt to a few lines.
include(GoogleTest)

set(DS01_TEST_DIR ${PROJECT_SOURCE_DIR}/tests)

# ds01_library(name SOURCES a.cc b.cc DEPS ds01_common fmt::fmt)
# Defines the static library ds01_<name>; headers are included as "<layer>/<file>.h".
function(ds01_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_library(ds01_${name} STATIC ${ARG_SOURCES})
  target_include_directories(ds01_${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(ds01_${name} PUBLIC ${ARG_DEPS})
endfunction()

# ds01_test(name SOURCES x_test.cc DEPS ds01_x LABEL unit|engine|e2e|stress [TIMEOUT s]
#           [MANAGES_CONTAINERS])
# One gtest binary; every TEST becomes its own ctest entry carrying the label.
# MANAGES_CONTAINERS (implied by e2e): the test creates ds01-managed containers or runs a
# daemon that reconciles them, so such tests take one lock and never see each other's.
# engine and e2e tests require the "engine" fixture (a reachable dockerd
# and the local test images), so `ctest -L engine` alone starts what it needs.
function(ds01_test name)
  cmake_parse_arguments(ARG "MANAGES_CONTAINERS" "LABEL;TIMEOUT" "SOURCES;DEPS" ${ARGN})
  if(NOT ARG_LABEL)
    set(ARG_LABEL unit)
  endif()
  if(NOT ARG_TIMEOUT)
    set(ARG_TIMEOUT 120)
  endif()
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gtest GTest::gmock GTest::gtest_main)
  target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR}/src ${PROJECT_SOURCE_DIR})
  set(props LABELS ${ARG_LABEL} TIMEOUT ${ARG_TIMEOUT})
  if(ARG_LABEL STREQUAL "engine" OR ARG_LABEL STREQUAL "e2e")
    list(APPEND props FIXTURES_REQUIRED engine)
  endif()
  if(ARG_MANAGES_CONTAINERS OR ARG_LABEL STREQUAL "e2e")
    list(APPEND props RESOURCE_LOCK ds01_managed_containers)
  endif()
  gtest_discover_tests(${name} TEST_PREFIX "${name}." DISCOVERY_TIMEOUT 60 PROPERTIES ${props})
endfunction()
