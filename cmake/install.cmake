# `cmake --install` and the GlassTLS CMake package:
#
#   find_package(GlassTLS 0.2 REQUIRED)
#   target_link_libraries(app PRIVATE GlassTLS::glasstls)
#
# installs the static libraries, the public headers (below), the glasstls
# tool, and GlassTLSConfig.cmake / GlassTLSConfigVersion.cmake. Internal
# headers (record/, the handshake engine, the key schedules ...) stay out:
# the public ones are the API, docs/api.md lists what is stable.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

configure_file(api/glasstls_version.hpp.in
  ${PROJECT_BINARY_DIR}/generated/glasstls_version.hpp @ONLY)

# The umbrella target: GlassTLS::glasstls is every library, net/ included.
add_library(glasstls_all INTERFACE)
set_target_properties(glasstls_all PROPERTIES EXPORT_NAME glasstls)
target_include_directories(glasstls_all INTERFACE
  $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/api> $<BUILD_INTERFACE:${PROJECT_BINARY_DIR}/generated>
  $<INSTALL_INTERFACE:include/glasstls>)
target_link_libraries(glasstls_all INTERFACE glasstls_net glasstls_handshake glasstls_record
  glasstls_x509 glasstls_trace glasstls_crypto)
add_library(GlassTLS::glasstls ALIAS glasstls_all)

# The public headers: the include closure of api/glasstls.hpp (the install
# test builds the examples against exactly these).
set(GLASSTLS_PUBLIC_HEADERS
  crypto/aead.hpp crypto/ct.hpp crypto/ec.hpp crypto/ecdsa.hpp crypto/ed25519.hpp
  crypto/field_sink.hpp crypto/hex.hpp crypto/hkdf.hpp crypto/hmac.hpp crypto/mont.hpp
  crypto/reader.hpp crypto/result.hpp crypto/rng.hpp crypto/rsa.hpp crypto/secret.hpp
  crypto/secret_string.hpp crypto/sha2.hpp crypto/writer.hpp crypto/x25519.hpp
  handshake/codepoints.hpp handshake/config.hpp handshake/connection.hpp
  handshake/extensions.hpp handshake/session.hpp handshake/signatures.hpp
  handshake/state_table.hpp handshake/transcript.hpp
  net/socket.hpp net/tls_stream.hpp
  trace/events.hpp trace/text_renderer.hpp
  x509/ca.hpp x509/certificate.hpp x509/csr.hpp x509/der.hpp x509/extensions.hpp
  x509/general_name.hpp x509/key_store.hpp x509/name.hpp x509/oid.hpp x509/path.hpp
  x509/name_builder.hpp x509/pem.hpp x509/private_key.hpp x509/public_key.hpp x509/trust_store.hpp)
foreach(header IN LISTS GLASSTLS_PUBLIC_HEADERS)
  get_filename_component(dir ${header} DIRECTORY)
  install(FILES ${header} DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/glasstls/${dir})
endforeach()
install(FILES api/glasstls.hpp ${PROJECT_BINARY_DIR}/generated/glasstls_version.hpp
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/glasstls)

foreach(lib crypto trace x509 record handshake net)
  set_target_properties(glasstls_${lib} PROPERTIES EXPORT_NAME ${lib})
endforeach()
# glasstls_warnings holds only our own compile flags; static libraries list
# their private link dependencies, so it travels along, empty for users.
set_target_properties(glasstls_warnings PROPERTIES EXPORT_NAME internal_warnings)
install(TARGETS glasstls_all glasstls_net glasstls_handshake glasstls_record glasstls_x509
  glasstls_trace glasstls_crypto glasstls_warnings
  EXPORT GlassTLSTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
if(GLASSTLS_TOOLS)
  install(TARGETS glasstls RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endif()

set(GLASSTLS_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/GlassTLS)
install(EXPORT GlassTLSTargets NAMESPACE GlassTLS:: DESTINATION ${GLASSTLS_CMAKE_DIR})
configure_package_config_file(cmake/GlassTLSConfig.cmake.in
  ${PROJECT_BINARY_DIR}/GlassTLSConfig.cmake INSTALL_DESTINATION ${GLASSTLS_CMAKE_DIR})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/GlassTLSConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/GlassTLSConfig.cmake
  ${PROJECT_BINARY_DIR}/GlassTLSConfigVersion.cmake DESTINATION ${GLASSTLS_CMAKE_DIR})
