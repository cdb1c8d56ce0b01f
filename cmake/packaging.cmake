# Installing poolscope, and the Debian package `make package` builds with CPack's DEB generator:
#   /usr/bin/poolscope
#   /usr/share/poolscope/scenarios/*.json          the lesson presets (the data directory)
#   /usr/share/applications/poolscope.desktop      the menu entry
#   /usr/share/icons/hicolor/{scalable,NxN}/apps/  the icon: the SVG and PNGs rendered from it
#   /usr/share/man/man1/poolscope.1.gz             the man page, its options from --help
#   /usr/share/doc/poolscope/copyright             the license (LICENSE, in Debian's format)
include(GNUInstallDirs)
set(POOLSCOPE_PACKAGING ${PROJECT_SOURCE_DIR}/packaging)

install(TARGETS poolscope RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/assets/scenarios/
  DESTINATION ${CMAKE_INSTALL_DATADIR}/poolscope/scenarios FILES_MATCHING PATTERN "*.json")
install(FILES ${POOLSCOPE_PACKAGING}/poolscope.desktop
  DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
install(FILES ${POOLSCOPE_PACKAGING}/poolscope.svg
  DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps)

# PNG icons, rendered from the SVG at build time (never committed).
find_program(RSVG_CONVERT rsvg-convert)
if(RSVG_CONVERT)
  set(icon_pngs)
  foreach(size 16 32 48 64 128 256)
    set(png ${CMAKE_BINARY_DIR}/icons/${size}x${size}/apps/poolscope.png)
    add_custom_command(OUTPUT ${png}
      COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_BINARY_DIR}/icons/${size}x${size}/apps
      COMMAND ${RSVG_CONVERT} --width=${size} --height=${size} --output=${png}
              ${POOLSCOPE_PACKAGING}/poolscope.svg
      DEPENDS ${POOLSCOPE_PACKAGING}/poolscope.svg
      COMMENT "Rendering the ${size}x${size} icon" VERBATIM)
    list(APPEND icon_pngs ${png})
    install(FILES ${png} DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/${size}x${size}/apps)
  endforeach()
  add_custom_target(poolscope_icons ALL DEPENDS ${icon_pngs})
elseif(POOLSCOPE_PACKAGE)
  message(FATAL_ERROR "rsvg-convert (package librsvg2-bin) renders the icons: install it")
else()
  message(STATUS "rsvg-convert not found (librsvg2-bin): no PNG icons; the package needs them")
endif()

# The man page: hand-written prose, options from the built executable's --help.
set(man_page ${CMAKE_BINARY_DIR}/man/poolscope.1.gz)
add_custom_command(OUTPUT ${man_page}
  COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_BINARY_DIR}/man
  COMMAND /usr/bin/python3 ${POOLSCOPE_PACKAGING}/man_page.py $<TARGET_FILE:poolscope>
          ${POOLSCOPE_PACKAGING}/poolscope.1.in ${PROJECT_VERSION} ${man_page}
  DEPENDS poolscope ${POOLSCOPE_PACKAGING}/poolscope.1.in ${POOLSCOPE_PACKAGING}/man_page.py
  COMMENT "Writing the man page" VERBATIM)
add_custom_target(poolscope_man ALL DEPENDS ${man_page})
install(FILES ${man_page} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)

# Debian's copyright file: LICENSE in the machine-readable format (DEP-5).
file(READ ${PROJECT_SOURCE_DIR}/LICENSE license_text)
string(REGEX REPLACE "\n+$" "" license_text "${license_text}")
string(REGEX REPLACE "^MIT License\n\n" "" license_body "${license_text}")
string(REGEX MATCH "Copyright \\(c\\) ([^\n]*)" _ "${license_body}")
set(copyright_holder "${CMAKE_MATCH_1}")
string(REGEX REPLACE "^Copyright[^\n]*\n\n" "" license_body "${license_body}")
string(REGEX REPLACE "\n\n" "\n.\n" license_body "${license_body}")
string(REGEX REPLACE "\n" "\n " license_body "${license_body}")
file(WRITE ${CMAKE_BINARY_DIR}/copyright
  "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n"
  "Upstream-Name: poolscope\n\n"
  "Files: *\nCopyright: ${copyright_holder}\nLicense: Expat\n\n"
  "License: Expat\n ${license_body}\n")
install(FILES ${CMAKE_BINARY_DIR}/copyright DESTINATION ${CMAKE_INSTALL_DOCDIR})

# The package. Run-time dependencies come from the binary's libraries (dpkg-shlibdeps), plus
# what it opens at run time without linking: the font, and Mesa's EGL and software renderer,
# which `shot` and the window draw with.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME poolscope)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "poolscope contributors")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "live, instrumented worker-pool laboratory")
set(POOLSCOPE_MAINTAINER "poolscope contributors <poolscope@example.org>" CACHE STRING
  "Maintainer field of the Debian package")
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${POOLSCOPE_MAINTAINER}")

# A native package's changelog (Debian's format), one entry for this version. Its date is the
# configure time, or SOURCE_DATE_EPOCH when set (string(TIMESTAMP) honours it).
string(TIMESTAMP changelog_date "%a, %d %b %Y %H:%M:%S +0000" UTC)
file(WRITE ${CMAKE_BINARY_DIR}/doc/changelog
  "poolscope (${PROJECT_VERSION}) unstable; urgency=medium\n\n"
  "  * poolscope ${PROJECT_VERSION}.\n\n"
  " -- ${POOLSCOPE_MAINTAINER}  ${changelog_date}\n")
add_custom_command(OUTPUT ${CMAKE_BINARY_DIR}/doc/changelog.gz
  COMMAND gzip -9nkf ${CMAKE_BINARY_DIR}/doc/changelog
  DEPENDS ${CMAKE_BINARY_DIR}/doc/changelog VERBATIM)
add_custom_target(poolscope_changelog ALL DEPENDS ${CMAKE_BINARY_DIR}/doc/changelog.gz)
install(FILES ${CMAKE_BINARY_DIR}/doc/changelog.gz DESTINATION ${CMAKE_INSTALL_DOCDIR})
# The extended description; CPack puts the summary above it as the synopsis line.
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
  "A real worker pool (real threads, a bounded job queue with Go-channel
semantics, a results queue) runs instrumented jobs, and a window shows it
live: the queue depth, a timeline per worker, throughput and latency, with
controls for the worker count, buffer size and job duration. Lessons show
backpressure, pool sizing and the classic mistakes of Go worker pools. A
command line runs the same engine for scripts, traces, benchmarks and
screenshots rendered without a display.")
set(CPACK_DEBIAN_PACKAGE_SECTION education)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "fonts-dejavu-core, libegl-mesa0, libgl1-mesa-dri")
execute_process(COMMAND dpkg --print-architecture OUTPUT_VARIABLE deb_arch
  OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
if(NOT deb_arch)
  set(deb_arch amd64)
endif()
set(CPACK_DEBIAN_PACKAGE_ARCHITECTURE ${deb_arch})
set(CPACK_DEBIAN_FILE_NAME poolscope_${PROJECT_VERSION}_${deb_arch}.deb)
# `make package` copies the package out of the build tree under this name.
file(WRITE ${CMAKE_BINARY_DIR}/deb-file-name "${CPACK_DEBIAN_FILE_NAME}\n")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_INSTALL_DEFAULT_DIRECTORY_PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE
  GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
include(CPack)
